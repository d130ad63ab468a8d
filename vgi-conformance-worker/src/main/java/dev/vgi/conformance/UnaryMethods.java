package dev.vgi.conformance;

import static dev.vgi.core.arrow.ArrowFields.BINARY;
import static dev.vgi.core.arrow.ArrowFields.BOOL;
import static dev.vgi.core.arrow.ArrowFields.DATE32;
import static dev.vgi.core.arrow.ArrowFields.FLOAT32;
import static dev.vgi.core.arrow.ArrowFields.FLOAT64;
import static dev.vgi.core.arrow.ArrowFields.INT16;
import static dev.vgi.core.arrow.ArrowFields.INT32;
import static dev.vgi.core.arrow.ArrowFields.INT64;
import static dev.vgi.core.arrow.ArrowFields.INT8;
import static dev.vgi.core.arrow.ArrowFields.LARGE_BINARY;
import static dev.vgi.core.arrow.ArrowFields.LARGE_UTF8;
import static dev.vgi.core.arrow.ArrowFields.TIMESTAMP_US_UTC;
import static dev.vgi.core.arrow.ArrowFields.UINT16;
import static dev.vgi.core.arrow.ArrowFields.UINT32;
import static dev.vgi.core.arrow.ArrowFields.UINT64;
import static dev.vgi.core.arrow.ArrowFields.UINT8;
import static dev.vgi.core.arrow.ArrowFields.UTF8;
import static dev.vgi.core.arrow.ArrowFields.dictionary;
import static dev.vgi.core.arrow.ArrowFields.enumField;
import static dev.vgi.core.arrow.ArrowFields.list;
import static dev.vgi.core.arrow.ArrowFields.map;
import static dev.vgi.core.arrow.ArrowFields.optional;
import static dev.vgi.core.arrow.ArrowFields.required;
import static dev.vgi.core.arrow.ArrowFields.schema;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

import dev.vgi.core.arrow.ArrowValues;
import dev.vgi.core.rpc.CallContext;
import dev.vgi.core.rpc.LogLevel;
import dev.vgi.core.rpc.RpcException;
import dev.vgi.core.rpc.RpcService;
import dev.vgi.core.rpc.UnaryMethod;

/**
 * The unary methods of the conformance protocol: echoes over every type mapping, void methods,
 * multi-parameter arithmetic, error propagation, client-directed logging, the cancel-probe readers
 * and the sticky-session methods (which fail: this worker has no sticky sessions).
 */
final class UnaryMethods {

    private UnaryMethods() {
    }

    private static final ArrowType FIXED_BINARY_8 = new ArrowType.FixedSizeBinary(8);
    private static final ArrowType TIME64_US = new ArrowType.Time(TimeUnit.MICROSECOND, 64);
    private static final ArrowType TIMESTAMP_US = new ArrowType.Timestamp(TimeUnit.MICROSECOND, null);
    private static final ArrowType DURATION_US = new ArrowType.Duration(TimeUnit.MICROSECOND);
    private static final ArrowType DECIMAL_20_4 = new ArrowType.Decimal(20, 4, 128);

    /** The reference's message when a sticky-counter method runs without a bound session. */
    static final String NO_STICKY_COUNTER = "no sticky counter bound to this request";

    static void register(RpcService.Builder service) {
        // scalar echo
        service.method(echo("echo_string", required("value", UTF8)));
        service.method(echo("echo_bytes", required("data", BINARY)));
        service.method(echo("echo_int", required("value", INT64)));
        service.method(echo("echo_float", required("value", FLOAT64)));
        service.method(echo("echo_bool", required("value", BOOL)));
        service.method(UnaryMethod.of("oversized_unary", schema(required("target_bytes", INT64)), required("result", BINARY),
                (ctx, params, result) -> {
                    long target = longParam(params, "target_bytes");
                    if (target < 0) {
                        throw RpcException.valueError("target_bytes must be non-negative");
                    }
                    ((VarBinaryVector) result.getVector(0)).setSafe(0, new byte[Math.toIntExact(target)]);
                }));
        service.method(UnaryMethod.of("published_string", schema(required("value", UTF8), required("include_sha256", BOOL)),
                required("result", UTF8), (ctx, params, result) -> {
                    // the reference publishes through the worker's external storage; this worker has none
                    throw RpcException.runtimeError("published_string requires external storage");
                }));

        // void
        service.method(UnaryMethod.ofVoid("void_noop", schema(), (ctx, params, result) -> { }));
        service.method(UnaryMethod.ofVoid("void_with_param", schema(required("value", INT64)), (ctx, params, result) -> { }));

        // complex types
        service.method(echo("echo_enum", enumField("status", false)));
        service.method(echo("echo_list", list("values", false, UTF8)));
        service.method(echo("echo_dict", map("mapping", false, INT64)));
        service.method(echo("echo_nested_list", list("matrix", false, list("item", true, INT64))));

        // optional / nullable
        service.method(echo("echo_optional_string", optional("value", UTF8)));
        service.method(echo("echo_optional_int", optional("value", INT64)));
        service.method(echo("echo_optional_point", optional("point", BINARY)));
        service.method(echo("echo_annotated_optional_int", optional("value", INT32)));
        service.method(echo("echo_outer_optional_non_null", required("value", INT32)));

        // records travel as binary IPC streams; the client decodes what it encoded, so echo the bytes
        service.method(echo("echo_point", required("point", BINARY)));
        service.method(echo("echo_all_types", required("data", BINARY)));
        service.method(echo("echo_bounding_box", required("box", BINARY)));
        service.method(UnaryMethod.of("inspect_point", schema(required("point", BINARY)), required("result", UTF8),
                (ctx, params, result) -> {
                    byte[] ipc = ((VarBinaryVector) params.getVector("point")).get(0);
                    double[] p = ConformanceRecords.readPoint(ipc, ctx.allocator());
                    setString(result, "Point(" + PyFloat.repr(p[0]) + ", " + PyFloat.repr(p[1]) + ")");
                }));

        // annotated and wide Arrow types
        service.method(echo("echo_int32", required("value", INT32)));
        service.method(echo("echo_float32", required("value", FLOAT32)));
        service.method(echo("echo_int8", required("value", INT8)));
        service.method(echo("echo_int16", required("value", INT16)));
        service.method(echo("echo_uint8", required("value", UINT8)));
        service.method(echo("echo_uint16", required("value", UINT16)));
        service.method(echo("echo_uint32", required("value", UINT32)));
        service.method(echo("echo_uint64", required("value", UINT64)));
        service.method(echo("echo_date", required("value", DATE32)));
        service.method(echo("echo_timestamp", required("value", TIMESTAMP_US)));
        service.method(echo("echo_timestamp_utc", required("value", TIMESTAMP_US_UTC)));
        service.method(echo("echo_time", required("value", TIME64_US)));
        service.method(echo("echo_duration", required("value", DURATION_US)));
        service.method(echo("echo_decimal", required("value", DECIMAL_20_4)));
        service.method(echo("echo_large_string", required("value", LARGE_UTF8)));
        service.method(echo("echo_large_binary", required("value", LARGE_BINARY)));
        service.method(echo("echo_fixed_binary", required("value", FIXED_BINARY_8)));
        service.method(echo("echo_wide_types", required("data", BINARY)));
        service.method(echo("echo_container_wide_types", required("data", BINARY)));
        service.method(echo("echo_embedded_arrow", required("data", BINARY)));
        service.method(echo("echo_deep_nested", required("data", BINARY)));
        service.method(UnaryMethod.of("pack_nested_containers", schema(
                        list("statuses", false, enumField("item", true)),
                        list("points", false, ConformanceRecords.pointField("item", true)),
                        map("status_by_name", false, enumField("value", true))),
                required("result", BINARY), UnaryMethods::packNestedContainers));
        service.method(UnaryMethod.of("echo_status_list", schema(list("statuses", false, enumField("item", true))),
                list("result", false, enumField("item", true)), (ctx, params, result) -> {
                    requireStatuses((List<?>) ArrowValues.read(params.getVector("statuses"), 0), "statuses");
                    copyParam(params, result);
                }));
        service.method(echo("echo_dict_encoded_string", dictionary("value", false, UTF8, INT16)));

        // multiple parameters; defaults are applied by the client, so every column always arrives
        service.method(UnaryMethod.of("add_floats", schema(required("a", FLOAT64), required("b", FLOAT64)),
                required("result", FLOAT64), (ctx, params, result) -> ((Float8Vector) result.getVector(0)).setSafe(0,
                        doubleParam(params, "a") + doubleParam(params, "b"))));
        service.method(UnaryMethod.of("concatenate",
                schema(required("prefix", UTF8), required("suffix", UTF8), required("separator", UTF8)),
                required("result", UTF8), (ctx, params, result) -> setString(result,
                        stringParam(params, "prefix") + stringParam(params, "separator") + stringParam(params, "suffix"))));
        service.method(UnaryMethod.of("with_defaults",
                schema(required("required", INT64), required("optional_str", UTF8), required("optional_int", INT64)),
                required("result", UTF8), (ctx, params, result) -> setString(result,
                        "required=" + longParam(params, "required") + ", optional_str=" + stringParam(params, "optional_str")
                                + ", optional_int=" + longParam(params, "optional_int"))));

        // error propagation: the exception type is what the client reports
        service.method(raising("raise_value_error", "ValueError"));
        service.method(raising("raise_runtime_error", "RuntimeError"));
        service.method(raising("raise_type_error", "TypeError"));

        // client-directed logging: records precede the result on the wire
        service.method(logging("echo_with_info_log", (ctx, v) -> ctx.log(LogLevel.INFO, "info: " + v)));
        service.method(logging("echo_with_multi_logs", (ctx, v) -> {
            ctx.log(LogLevel.DEBUG, "debug: " + v);
            ctx.log(LogLevel.INFO, "info: " + v);
            ctx.log(LogLevel.WARN, "warn: " + v);
        }));
        service.method(logging("echo_with_log_extras", (ctx, v) -> {
            Map<String, Object> extras = new LinkedHashMap<>();
            extras.put("source", "conformance");
            extras.put("detail", v);
            ctx.log(LogLevel.INFO, "info: " + v, extras);
        }));
        service.method(logging("echo_with_all_log_levels", (ctx, v) -> {
            // EXCEPTION is reserved for errors on the wire, so it is not among them
            for (LogLevel level : List.of(LogLevel.TRACE, LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR)) {
                ctx.log(level, level.name().toLowerCase(Locale.ROOT) + ": " + v);
            }
        }));

        // cancellation observability
        service.method(UnaryMethod.of("cancel_probe_counters", schema(), list("result", false, INT64),
                (ctx, params, result) -> {
                    long[] c = CancelProbe.counters();
                    ArrowValues.write(result.getVector(0), 0, List.of(c[0], c[1], c[2]));
                }));
        service.method(UnaryMethod.ofVoid("reset_cancel_probe", schema(), (ctx, params, result) -> CancelProbe.reset()));

        // sticky sessions: opening one is refused off sticky-enabled HTTP, and no session is ever bound
        service.method(UnaryMethod.of("open_counter", schema(required("initial", INT64)), required("result", INT64),
                (ctx, params, result) -> {
                    throw RpcException.runtimeError("sticky sessions not available on this transport");
                }));
        service.method(UnaryMethod.of("increment_counter", schema(required("by", INT64)), required("result", INT64),
                (ctx, params, result) -> {
                    throw RpcException.runtimeError(NO_STICKY_COUNTER);
                }));
        service.method(UnaryMethod.of("close_counter", schema(), required("result", INT64), (ctx, params, result) -> {
            throw RpcException.runtimeError(NO_STICKY_COUNTER);
        }));
    }

    /**
     * A method returning its single parameter unchanged, with the parameter's type and nullability.
     * Dictionary-encoded strings arrive decoded and are re-encoded by the runtime on the way out.
     */
    private static UnaryMethod echo(String name, Field param) {
        return UnaryMethod.of(name, schema(param), param, (ctx, params, result) -> copyParam(params, result));
    }

    private static void copyParam(VectorSchemaRoot params, VectorSchemaRoot result) {
        // copyFromSafe handles nulls and nested children and copies bits (NaN, -0.0, uint64 > 2^63)
        result.getVector(0).copyFromSafe(0, 0, params.getVector(0));
    }

    private static UnaryMethod raising(String name, String errorType) {
        return UnaryMethod.of(name, schema(required("message", UTF8)), required("result", UTF8), (ctx, params, result) -> {
            throw new RpcException(errorType, stringParam(params, "message"));
        });
    }

    /** Logs around a string echo. */
    private interface LogBody {
        void log(CallContext context, String value);
    }

    private static UnaryMethod logging(String name, LogBody body) {
        return UnaryMethod.of(name, schema(required("value", UTF8)), required("result", UTF8), (ctx, params, result) -> {
            String value = stringParam(params, "value");
            body.log(ctx, value);
            setString(result, value);
        });
    }

    /**
     * Packs the decoded containers into a {@code NestedContainers} record: the frozen set is the
     * statuses without duplicates, the tagged fields are the first elements (or null) and the
     * tagged batch is the fixed {@code {value: [1, 2]}}.
     */
    private static void packNestedContainers(CallContext ctx, VectorSchemaRoot params, VectorSchemaRoot result) {
        List<?> statuses = (List<?>) ArrowValues.read(params.getVector("statuses"), 0);
        List<?> points = (List<?>) ArrowValues.read(params.getVector("points"), 0);
        Map<?, ?> byName = (Map<?, ?>) ArrowValues.read(params.getVector("status_by_name"), 0);
        requireStatuses(statuses, "statuses");
        requireStatuses(new ArrayList<>(byName.values()), "status_by_name values");
        for (Object p : points) {
            if (p == null) {
                throw RpcException.typeError("points were not reconstructed as Point instances");
            }
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("statuses", statuses);
        row.put("points", points);
        row.put("status_by_name", byName);
        row.put("frozen_statuses", new ArrayList<>(new LinkedHashSet<>(statuses)));
        row.put("tagged_status", statuses.isEmpty() ? null : statuses.get(0));
        row.put("tagged_point", points.isEmpty() ? null : points.get(0));
        row.put("tagged_batch", ConformanceRecords.toIpc(schema(optional("value", INT64)),
                List.of(Map.of("value", 1L), Map.of("value", 2L)), ctx.allocator()));
        byte[] ipc = ConformanceRecords.toIpc(ConformanceRecords.NESTED_CONTAINERS, List.of(row), ctx.allocator());
        ((VarBinaryVector) result.getVector(0)).setSafe(0, ipc);
    }

    private static void requireStatuses(List<?> values, String what) {
        for (Object v : values) {
            if (!ConformanceRecords.STATUS_MEMBERS.contains(v)) {
                throw RpcException.typeError(what + " were not reconstructed as Status members");
            }
        }
    }

    static long longParam(VectorSchemaRoot params, String name) {
        return ((BigIntVector) params.getVector(name)).get(0);
    }

    static double doubleParam(VectorSchemaRoot params, String name) {
        return ((Float8Vector) params.getVector(name)).get(0);
    }

    static boolean boolParam(VectorSchemaRoot params, String name) {
        return ((BitVector) params.getVector(name)).get(0) != 0;
    }

    static String stringParam(VectorSchemaRoot params, String name) {
        return new String(((VarCharVector) params.getVector(name)).get(0), StandardCharsets.UTF_8);
    }

    private static void setString(VectorSchemaRoot result, String value) {
        ((VarCharVector) result.getVector(0)).setSafe(0, value.getBytes(StandardCharsets.UTF_8));
    }
}
