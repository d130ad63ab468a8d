package dev.vgi.core.worker;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

import dev.vgi.core.protocol.RecordWriter;

/**
 * Filter batches (encoding {@code vgi.filters.v2}) for the worker tests: JSON fragments for the
 * expression nodes, and the batch of a snapshot or delta document with its {@code value_N} payloads.
 */
final class TestFilters {

    private static final String HEAD = "{\"encoding\":\"vgi.filters.v2\",\"semantics\":\"vgi.duckdb.standard.v1\",";

    private TestFilters() {
    }

    /** A payload {@code value_N}: its type (with children for lists) and row-0 value. */
    record Value(Field field, Object value) {
    }

    static Value int64(Object v) {
        return new Value(Field.nullable("v", TestCatalog.INT64), v);
    }

    static Value utf8(Object v) {
        return new Value(Field.nullable("v", TestCatalog.UTF8), v);
    }

    static Value int64List(List<Long> v) {
        return new Value(new Field("v", FieldType.nullable(new ArrowType.List()), List.of(Field.nullable("item", TestCatalog.INT64))),
                v);
    }

    static String col(int index, String name) {
        return "{\"node\":\"column_ref\",\"column_index\":" + index + ",\"column_name\":\"" + name + "\"}";
    }

    static String lit(int ref) {
        return "{\"node\":\"literal\",\"value_ref\":" + ref + "}";
    }

    static String cmp(String op, String left, String right) {
        return "{\"node\":\"comparison\",\"op\":\"" + op + "\",\"left\":" + left + ",\"right\":" + right + "}";
    }

    static String not(String e) {
        return "{\"node\":\"not\",\"expression\":" + e + "}";
    }

    static String isNull(String e, boolean negated) {
        return "{\"node\":\"is_null\",\"expression\":" + e + ",\"negated\":" + negated + "}";
    }

    static String or(String... children) {
        return "{\"node\":\"or\",\"children\":[" + String.join(",", children) + "]}";
    }

    static String in(String e, int ref) {
        return "{\"node\":\"in\",\"expression\":" + e + ",\"negated\":false,\"set\":{\"kind\":\"literal\",\"value_ref\":" + ref
                + "}}";
    }

    /** A node no evaluator knows ({@code similar_to}). */
    static String unknown(String e) {
        return "{\"node\":\"similar_to\",\"expression\":" + e + "}";
    }

    /** A snapshot predicate. */
    static String predicate(String id, boolean required, String expression) {
        return "{\"id\":\"" + id + "\",\"revision\":0,\"mode\":\"" + (required ? "required" : "advisory")
                + "\",\"source\":\"query\",\"expression\":" + expression + "}";
    }

    /** A delta upsert (always advisory). */
    static String upsert(String id, long revision, String expression) {
        return "{\"operation\":\"upsert\",\"id\":\"" + id + "\",\"revision\":" + revision
                + ",\"mode\":\"advisory\",\"source\":\"top_n\",\"expression\":" + expression + "}";
    }

    static String remove(String id, long revision) {
        return "{\"operation\":\"remove\",\"id\":\"" + id + "\",\"revision\":" + revision + "}";
    }

    static String snapshot(String... predicates) {
        return HEAD + "\"kind\":\"snapshot\",\"predicates\":[" + String.join(",", predicates) + "]}";
    }

    static String delta(String... updates) {
        return HEAD + "\"kind\":\"delta\",\"updates\":[" + String.join(",", updates) + "]}";
    }

    /** The filter batch (an IPC stream) of {@code document} with payloads {@code value_0, value_1, …}. */
    static byte[] batch(BufferAllocator allocator, String document, Value... values) {
        List<Field> fields = new ArrayList<>();
        fields.add(new Field("filter_spec", FieldType.notNullable(TestCatalog.UTF8), null));
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("filter_spec", document);
        for (int i = 0; i < values.length; i++) {
            Field f = values[i].field();
            fields.add(new Field("value_" + i, f.getFieldType(), f.getChildren()));
            row.put("value_" + i, values[i].value());
        }
        Schema schema = new Schema(fields, Map.of("vgi_filter_encoding", "vgi.filters.v2", "vgi_filter_version", "2",
                "vgi_evaluation_context", "vgi.none.v1"));
        return RecordWriter.write(schema, row, allocator);
    }

    /** {@link #batch} base64-encoded, as a tick's {@code vgi_pushdown_filters} value. */
    static String base64(BufferAllocator allocator, String document, Value... values) {
        return Base64.getEncoder().encodeToString(batch(allocator, document, values));
    }
}
