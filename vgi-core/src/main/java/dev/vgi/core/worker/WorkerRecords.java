package dev.vgi.core.worker;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

import dev.vgi.core.arrow.ArrowValues;
import dev.vgi.core.arrow.SchemaMessages;
import dev.vgi.core.catalog.CatalogSchema;
import dev.vgi.core.catalog.TableDefinition;
import dev.vgi.core.catalog.ViewDefinition;
import dev.vgi.core.function.FunctionMetadata;
import dev.vgi.core.function.ScalarFunction;
import dev.vgi.core.function.TableCapabilities;
import dev.vgi.core.function.TableFunction;
import dev.vgi.core.function.TableInOutFunction;
import dev.vgi.core.function.VgiFunction;
import dev.vgi.core.protocol.RecordWriter;
import dev.vgi.core.protocol.VgiRecords;

/**
 * The catalog records a worker sends, built from the SPI: {@code FunctionInfo} (all 42 fields),
 * {@code SchemaInfo}, {@code TableInfo}, {@code ViewInfo} and {@code ScanFunctionResult}. Rows are
 * maps in the {@link ArrowValues} model for {@link RecordWriter}.
 */
final class WorkerRecords {

    /** The filter semantics profile a function accepting filter pushdown declares. */
    static final String DUCKDB_FILTER_PROFILE = "vgi.duckdb.standard.v1";

    private static final byte[] EMPTY_SCHEMA = SchemaMessages.serialize(new Schema(List.of()));

    private WorkerRecords() {
    }

    /** The {@code function_type} of {@code f} on the wire. */
    static String functionType(VgiFunction f) {
        return f instanceof ScalarFunction ? "SCALAR" : "TABLE";
    }

    /** One {@code FunctionInfo} row for {@code f} published in {@code schema}. */
    static Map<String, Object> functionInfo(VgiFunction f, List<String> schemaPath, BufferAllocator allocator) {
        FunctionMetadata md = f.metadata() == null ? FunctionMetadata.EMPTY : f.metadata();
        boolean scalar = f instanceof ScalarFunction;
        TableCapabilities caps = f instanceof TableFunction t ? t.capabilities() : TableCapabilities.NONE;
        boolean projection = f instanceof TableFunction ? caps.projectionPushdown()
                : f instanceof TableInOutFunction io && io.projectionPushdown();
        boolean filters = f instanceof TableFunction ? caps.filterPushdown()
                : f instanceof TableInOutFunction io && io.filterPushdown();
        // the runtime applies the filters of every other filter-pushdown function, but skips advisory
        // predicates it cannot evaluate, so only a function that applies them itself is exact
        boolean exact = f instanceof TableFunction && caps.filterPushdown() && caps.filtersExact();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("comment", md.comment());
        row.put("tags", md.tags());
        row.put("name", f.name());
        row.put("schema_path", schemaPath);
        row.put("function_type", functionType(f));
        row.put("arguments", SchemaMessages.serialize(ArgumentSpecs.schema(f)));
        row.put("output_schema", scalar ? SchemaMessages.serialize(new Schema(List.of(declaredResult((ScalarFunction) f))))
                : EMPTY_SCHEMA);
        Schema defaults = ArgumentSpecs.defaultsSchema(f);
        row.put("parameter_default_values", defaults.getFields().isEmpty() ? null
                : RecordWriter.write(defaults, ArgumentSpecs.defaults(f), allocator));
        row.put("stability", scalar ? ((ScalarFunction) f).stability().name() : null);
        row.put("null_handling", scalar ? ((ScalarFunction) f).nullHandling().name() : null);
        row.put("argument_monotonicity", null);
        row.put("description", md.description());
        List<Map<String, Object>> examples = new ArrayList<>();
        for (FunctionMetadata.Example e : md.examples()) {
            Map<String, Object> ex = new LinkedHashMap<>();
            ex.put("sql", e.sql());
            ex.put("description", e.description() == null ? "" : e.description());
            ex.put("expected_output", e.expectedOutput());
            examples.add(ex);
        }
        row.put("examples", examples);
        row.put("categories", md.categories());
        row.put("projection_pushdown", scalar ? null : projection);
        row.put("filter_pushdown", scalar ? null : filters);
        row.put("sampling_pushdown", scalar ? null : false);
        row.put("late_materialization", scalar ? null : false);
        row.put("filter_semantic_profiles", filters ? List.of(DUCKDB_FILTER_PROFILE) : List.of());
        row.put("additional_filter_functions", List.of());
        row.put("runtime_filter_algorithms", List.of());
        row.put("filter_evaluation_contexts", List.of());
        row.put("order_preservation", scalar ? null : "PRESERVES_ORDER");
        row.put("max_workers", null);
        row.put("supports_batch_index", false);
        row.put("supports_splits", false);
        row.put("filters_exactly_applied", exact);
        row.put("supports_positions", false);
        row.put("split_token_ttl_seconds", null);
        row.put("partition_kind", "NOT_PARTITIONED");
        row.put("order_dependent", "NOT_ORDER_DEPENDENT");
        row.put("distinct_dependent", "NOT_DISTINCT_DEPENDENT");
        row.put("supports_window", false);
        row.put("streaming_partitioned", false);
        row.put("has_finalize", f instanceof TableInOutFunction io && io.hasFinalize());
        row.put("source_order_dependent", false);
        row.put("sink_order_dependent", false);
        row.put("requires_input_batch_index", false);
        row.put("input_from_args", false);
        row.put("input_rows_per_call", null);
        row.put("required_settings", List.of());
        row.put("required_secrets", List.of());
        return row;
    }

    /**
     * The declared result field of a scalar function: {@code result} of its return type, or for a
     * type decided at bind the reference's {@code ANY} marker (Arrow null with {@code vgi:any}).
     */
    static Field declaredResult(ScalarFunction f) {
        ArrowType t = f.returnType();
        if (t == null) {
            return new Field("result", new FieldType(true, ArrowType.Null.INSTANCE, null, Map.of("vgi:any", "true")), null);
        }
        return Field.nullable("result", t);
    }

    /**
     * One {@code SchemaInfo} row. The object counts promise 0 aggregates, macros and indexes (this
     * SDK has none), so the clients skip those listings.
     */
    static Map<String, Object> schemaInfo(CatalogSchema s) {
        long scalars = s.functions().stream().filter(f -> f instanceof ScalarFunction).count();
        long tables = s.functions().size() - scalars;
        Map<String, Long> counts = new TreeMap<>();
        counts.put("aggregate_function", 0L);
        counts.put("index", 0L);
        counts.put("macro", 0L);
        counts.put("scalar_function", scalars);
        counts.put("table", (long) s.tables().size());
        counts.put("table_function", tables);
        counts.put("view", (long) s.views().size());
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("comment", s.comment());
        row.put("tags", s.tags());
        row.put("path", s.path());
        row.put("estimated_object_count", counts);
        return row;
    }

    /** One {@code TableInfo} row, with its scan function inlined so the client skips the lookup. */
    static Map<String, Object> tableInfo(CatalogSchema s, TableDefinition t, String scanName, BufferAllocator allocator) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("comment", t.comment());
        row.put("tags", t.tags());
        row.put("name", t.name());
        row.put("schema_path", s.path());
        row.put("columns", SchemaMessages.serialize(t.columns()));
        row.put("not_null_constraints", List.of());
        row.put("unique_constraints", List.of());
        row.put("check_constraints", List.of());
        row.put("primary_key_constraints", List.of());
        row.put("foreign_key_constraints", List.of());
        row.put("write_result_modes", Map.of());
        row.put("supports_column_statistics", false);
        row.put("scan_function", VgiRecords.SCAN_FUNCTION_RESULT.encode(scanFunction(s, t, scanName, allocator), allocator));
        row.put("insert_function", null);
        row.put("update_function", null);
        row.put("delete_function", null);
        row.put("cardinality_estimate", null);
        row.put("cardinality_max", null);
        row.put("column_statistics", null);
        row.put("bind_result", null);
        row.put("required_filters", List.of());
        return row;
    }

    /**
     * The {@code ScanFunctionResult} of a function-backed table: the scan function's name and its
     * arguments as a flat one-row batch {@code arg_0, arg_1, …}.
     */
    static Map<String, Object> scanFunction(CatalogSchema s, TableDefinition t, String scanName, BufferAllocator allocator) {
        List<Field> fields = new ArrayList<>();
        Map<String, Object> values = new LinkedHashMap<>();
        List<dev.vgi.core.function.Argument> declared = t.scanFunction().arguments().stream()
                .filter(a -> a.kind() == dev.vgi.core.function.Argument.Kind.POSITIONAL
                        || a.kind() == dev.vgi.core.function.Argument.Kind.VARARGS)
                .toList();
        for (int i = 0; i < t.scanArguments().size(); i++) {
            Object v = t.scanArguments().get(i);
            dev.vgi.core.function.Argument a = declared.isEmpty() ? null : declared.get(Math.min(i, declared.size() - 1));
            ArrowType type = a != null && a.type() != null && a.children().isEmpty() ? a.type() : ArgumentSpecs.inferType(v);
            fields.add(Field.nullable("arg_" + i, type));
            values.put("arg_" + i, ArgumentSpecs.toArrowValue(v, type));
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("function_name", scanName);
        row.put("arguments", RecordWriter.write(new Schema(fields), values, allocator));
        row.put("required_extensions", List.of());
        row.put("schema_path", s.path());
        return row;
    }

    /** One {@code ViewInfo} row. */
    static Map<String, Object> viewInfo(CatalogSchema s, ViewDefinition v) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("comment", v.comment());
        row.put("tags", v.tags());
        row.put("name", v.name());
        row.put("schema_path", s.path());
        row.put("definition", v.sql());
        row.put("column_comments", v.columnComments());
        return row;
    }
}
