package dev.vgi.conformance;

import static dev.vgi.core.arrow.ArrowFields.BOOL;
import static dev.vgi.core.arrow.ArrowFields.FLOAT64;
import static dev.vgi.core.arrow.ArrowFields.INT64;
import static dev.vgi.core.arrow.ArrowFields.required;
import static dev.vgi.core.arrow.ArrowFields.schema;
import static dev.vgi.conformance.UnaryMethods.boolParam;
import static dev.vgi.conformance.UnaryMethods.doubleParam;
import static dev.vgi.conformance.UnaryMethods.longParam;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.arrow.vector.types.pojo.Schema;

import dev.vgi.core.arrow.ArrowValues;
import dev.vgi.core.rpc.LogLevel;
import dev.vgi.core.rpc.RpcException;
import dev.vgi.core.rpc.RpcService;
import dev.vgi.core.rpc.StreamMethod;
import dev.vgi.core.rpc.StreamMethod.Kind;
import dev.vgi.core.rpc.StreamSetup;

/**
 * The stream methods of the conformance protocol: producers (with and without headers, with logs,
 * errors, per-batch metadata and a per-call schema), exchanges (scaling, accumulating, logging,
 * failing, cast-compatible, metadata-reporting), the cancel probes and the sticky-session streams.
 * Each method registers the restorer of its state for stateless transports.
 */
final class StreamMethods {

    private StreamMethods() {
    }

    static void register(RpcService.Builder service) {
        Schema count = schema(required("count", INT64));

        // producers
        service.method(producer("produce_n", count, ProducerStates.Counter::restore)
                .handler((ctx, p) -> StreamSetup.producer(StreamSchemas.COUNTER, ProducerStates.Counter.rows(longParam(p, "count")))));
        service.method(producer("produce_tick_metadata", count, ProducerStates.TickMetadata::restore)
                .handler((ctx, p) -> StreamSetup.producer(StreamSchemas.TICK_METADATA,
                        new ProducerStates.TickMetadata(longParam(p, "count"), 0))));
        service.method(producer("produce_empty", schema(), ProducerStates.Counter::restore)
                .handler((ctx, p) -> StreamSetup.producer(StreamSchemas.COUNTER, ProducerStates.Counter.rows(0))));
        service.method(producer("produce_single", schema(), ProducerStates.Counter::restore)
                .handler((ctx, p) -> StreamSetup.producer(StreamSchemas.COUNTER, ProducerStates.Counter.rows(1))));
        service.method(producer("produce_large_batches", schema(required("rows_per_batch", INT64), required("batch_count", INT64)),
                ProducerStates.Counter::restore)
                .handler((ctx, p) -> StreamSetup.producer(StreamSchemas.COUNTER,
                        new ProducerStates.Counter(longParam(p, "rows_per_batch"), longParam(p, "batch_count"), 0))));
        service.method(producer("produce_annotated_batches", schema(required("count", INT64), required("rows_per_batch", INT64)),
                ProducerStates.Annotated::restore)
                .handler((ctx, p) -> StreamSetup.producer(StreamSchemas.ANNOTATED,
                        new ProducerStates.Annotated(longParam(p, "count"), longParam(p, "rows_per_batch"), 0))));
        service.method(producer("produce_with_logs", count, ProducerStates.Logging::restore)
                .handler((ctx, p) -> StreamSetup.producer(StreamSchemas.COUNTER, new ProducerStates.Logging(longParam(p, "count"), 0))));
        service.method(producer("produce_error_mid_stream", schema(required("emit_before_error", INT64)),
                ProducerStates.ErrorAfter::restore)
                .handler((ctx, p) -> StreamSetup.producer(StreamSchemas.COUNTER,
                        new ProducerStates.ErrorAfter(longParam(p, "emit_before_error"), 0))));
        service.method(producer("produce_error_on_init", schema(), ProducerStates.Counter::restore)
                .handler((ctx, p) -> {
                    throw RpcException.runtimeError("intentional init error");
                }));
        service.method(producer("produce_oversized_batch", schema(required("rows_per_batch", INT64)),
                ProducerStates.Counter::restore)
                .handler((ctx, p) -> StreamSetup.producer(StreamSchemas.COUNTER,
                        new ProducerStates.Counter(longParam(p, "rows_per_batch"), 1, 0))));

        // producers with headers
        service.method(producer("produce_with_header", count, ProducerStates.Counter::restore)
                .header(ConformanceRecords.CONFORMANCE_HEADER)
                .handler((ctx, p) -> {
                    long n = longParam(p, "count");
                    return StreamSetup.producer(StreamSchemas.COUNTER, ProducerStates.Counter.rows(n))
                            .withHeader(conformanceHeader(n, "producing " + n + " batches"));
                }));
        service.method(producer("produce_with_header_and_logs", count, ProducerStates.Counter::restore)
                .header(ConformanceRecords.CONFORMANCE_HEADER)
                .handler((ctx, p) -> {
                    long n = longParam(p, "count");
                    // logged while opening, so it travels in the header stream
                    ctx.log(LogLevel.INFO, "stream init log");
                    return StreamSetup.producer(StreamSchemas.COUNTER, ProducerStates.Counter.rows(n))
                            .withHeader(conformanceHeader(n, "producing " + n + " with logs"));
                }));
        service.method(producer("produce_with_rich_header", schema(required("seed", INT64), required("count", INT64)),
                ProducerStates.Counter::restore)
                .header(ConformanceRecords.RICH_HEADER)
                .handler((ctx, p) -> StreamSetup.producer(StreamSchemas.COUNTER, ProducerStates.Counter.rows(longParam(p, "count")))
                        .withHeader(RichHeaders.writer(longParam(p, "seed")))));
        service.method(producer("produce_dynamic_schema", schema(required("seed", INT64), required("count", INT64),
                        required("include_strings", BOOL), required("include_floats", BOOL)), ProducerStates.Dynamic::restore)
                .header(ConformanceRecords.RICH_HEADER)
                .handler((ctx, p) -> {
                    boolean strings = boolParam(p, "include_strings");
                    boolean floats = boolParam(p, "include_floats");
                    return StreamSetup.producer(StreamSchemas.dynamic(strings, floats),
                                    new ProducerStates.Dynamic(longParam(p, "count"), strings, floats, 0))
                            .withHeader(RichHeaders.writer(longParam(p, "seed")));
                }));

        // exchanges
        Schema factor = schema(required("factor", FLOAT64));
        service.method(exchange("exchange_scale", factor, ExchangeStates.Scale::restore)
                .handler((ctx, p) -> StreamSetup.exchange(StreamSchemas.VALUES, StreamSchemas.VALUES,
                        new ExchangeStates.Scale(doubleParam(p, "factor")))));
        service.method(exchange("exchange_accumulate", schema(), ExchangeStates.Accumulate::restore)
                .handler((ctx, p) -> StreamSetup.exchange(StreamSchemas.VALUES, StreamSchemas.ACCUMULATE,
                        new ExchangeStates.Accumulate(0, 0))));
        service.method(exchange("exchange_with_logs", schema(), Snapshots.stateless(ExchangeStates.Logging::new))
                .handler((ctx, p) -> StreamSetup.exchange(StreamSchemas.VALUES, StreamSchemas.VALUES, new ExchangeStates.Logging())));
        service.method(exchange("exchange_error_on_nth", schema(required("fail_on", INT64)), ExchangeStates.FailOnNth::restore)
                .handler((ctx, p) -> StreamSetup.exchange(StreamSchemas.VALUES, StreamSchemas.VALUES,
                        new ExchangeStates.FailOnNth(longParam(p, "fail_on"), 0))));
        service.method(exchange("exchange_zero_columns", schema(), ExchangeStates.ZeroColumns::restore)
                .handler((ctx, p) -> StreamSetup.exchange(StreamSchemas.EMPTY, StreamSchemas.EMPTY, new ExchangeStates.ZeroColumns(0))));
        service.method(exchange("exchange_input_metadata", schema(), Snapshots.stateless(ExchangeStates.InputMetadata::new))
                .handler((ctx, p) -> StreamSetup.exchange(StreamSchemas.VALUES, StreamSchemas.INPUT_METADATA,
                        new ExchangeStates.InputMetadata())));
        service.method(exchange("exchange_error_on_init", schema(), ExchangeStates.Scale::restore)
                .handler((ctx, p) -> {
                    throw RpcException.runtimeError("intentional exchange init error");
                }));
        service.method(exchange("exchange_oversized", schema(required("rows_per_batch", INT64)), ExchangeStates.Oversized::restore)
                .handler((ctx, p) -> StreamSetup.exchange(StreamSchemas.VALUES, StreamSchemas.COUNTER,
                        new ExchangeStates.Oversized(longParam(p, "rows_per_batch")))));
        // the runtime casts int32/int64/float32 input columns to the declared float64
        service.method(exchange("exchange_cast_compatible", schema(), ExchangeStates.Scale::restore)
                .handler((ctx, p) -> StreamSetup.exchange(StreamSchemas.VALUES, StreamSchemas.VALUES, new ExchangeStates.Scale(1.0))));

        // exchanges with headers
        service.method(exchange("exchange_with_header", factor, ExchangeStates.Scale::restore)
                .header(ConformanceRecords.CONFORMANCE_HEADER)
                .handler((ctx, p) -> {
                    double f = doubleParam(p, "factor");
                    return StreamSetup.exchange(StreamSchemas.VALUES, StreamSchemas.VALUES, new ExchangeStates.Scale(f))
                            .withHeader(conformanceHeader(0, "scale by " + PyFloat.repr(f)));
                }));
        service.method(exchange("exchange_with_rich_header", schema(required("seed", INT64), required("factor", FLOAT64)),
                ExchangeStates.Scale::restore)
                .header(ConformanceRecords.RICH_HEADER)
                .handler((ctx, p) -> StreamSetup.exchange(StreamSchemas.VALUES, StreamSchemas.VALUES,
                                new ExchangeStates.Scale(doubleParam(p, "factor")))
                        .withHeader(RichHeaders.writer(longParam(p, "seed")))));

        // cancellation probes
        service.method(producer("cancellable_producer", schema(), ProducerStates.Cancellable::restore)
                .handler((ctx, p) -> StreamSetup.producer(StreamSchemas.COUNTER, new ProducerStates.Cancellable(0))));
        service.method(exchange("cancellable_exchange", schema(), Snapshots.stateless(ExchangeStates.Cancellable::new))
                .handler((ctx, p) -> StreamSetup.exchange(StreamSchemas.VALUES, StreamSchemas.VALUES, new ExchangeStates.Cancellable())));

        // sticky-session streams: they open, then fail on the first turn that needs the session
        service.method(producer("stream_session_counter", count, ProducerStates.SessionCounter::restore)
                .handler((ctx, p) -> StreamSetup.producer(StreamSchemas.SESSION_COUNTER,
                        new ProducerStates.SessionCounter(longParam(p, "count"), 0))));
        service.method(exchange("exchange_session_counter", schema(), Snapshots.stateless(ExchangeStates.SessionCounter::new))
                .handler((ctx, p) -> StreamSetup.exchange(StreamSchemas.SESSION_INPUT, StreamSchemas.SESSION_COUNTER,
                        new ExchangeStates.SessionCounter())));
    }

    private static Definition producer(String name, Schema params, StreamMethod.StateRestorer restorer) {
        return new Definition(name, params, Kind.PRODUCER, restorer);
    }

    private static Definition exchange(String name, Schema params, StreamMethod.StateRestorer restorer) {
        return new Definition(name, params, Kind.EXCHANGE, restorer);
    }

    private static StreamSetup.HeaderWriter conformanceHeader(long totalExpected, String description) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("total_expected", totalExpected);
        row.put("description", description);
        return header -> ArrowValues.writeRow(header, 0, row);
    }

    /** Collects a stream method's declaration so the handler can come last, where it reads best. */
    private static final class Definition {
        private final String name;
        private final Schema params;
        private final Kind kind;
        private final StreamMethod.StateRestorer restorer;
        private Schema header;

        Definition(String name, Schema params, Kind kind, StreamMethod.StateRestorer restorer) {
            this.name = name;
            this.params = params;
            this.kind = kind;
            this.restorer = restorer;
        }

        Definition header(Schema schema) {
            this.header = schema;
            return this;
        }

        StreamMethod handler(StreamMethod.Handler handler) {
            return StreamMethod.builder(name, handler).params(params).header(header).kind(kind).restorer(restorer).build();
        }
    }
}
