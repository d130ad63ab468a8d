package dev.vgi.core.pushdown;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Builds filter batches (and other one-batch IPC streams) with Arrow Java, from a JSON document and
 * payload columns set by the caller: the Java-side way to make vectors from captured JSON + values.
 */
final class FilterBatchWriter {

    /** A payload column: its field and how to fill row 0 of its (allocated) vector. */
    record Payload(Field field, Consumer<FieldVector> fill) {
    }

    private final BufferAllocator allocator;
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private final List<Payload> payloads = new ArrayList<>();
    private DictionaryProvider dictionaries = new DictionaryProvider.MapDictionaryProvider();

    FilterBatchWriter(BufferAllocator allocator) {
        this.allocator = allocator;
        metadata.put("vgi_filter_encoding", "vgi.filters.v2");
        metadata.put("vgi_filter_version", "2");
        metadata.put("vgi_evaluation_context", "vgi.none.v1");
    }

    FilterBatchWriter metadata(String key, String value) {
        if (value == null) {
            metadata.remove(key);
        } else {
            metadata.put(key, value);
        }
        return this;
    }

    FilterBatchWriter payload(Field field, Consumer<FieldVector> fill) {
        payloads.add(new Payload(field, fill));
        return this;
    }

    /** A payload of a primitive Arrow type whose row 0 is set by {@code fill}. */
    FilterBatchWriter payload(String name, ArrowType type, Consumer<FieldVector> fill) {
        return payload(Field.nullable(name, type), fill);
    }

    FilterBatchWriter dictionaries(DictionaryProvider provider) {
        this.dictionaries = provider;
        return this;
    }

    /** The IPC stream of the one-row batch {@code [filter_spec = document, payloads...]}. */
    byte[] build(String document) {
        List<Field> fields = new ArrayList<>();
        fields.add(new Field("filter_spec", FieldType.notNullable(ArrowType.Utf8.INSTANCE), null));
        for (Payload p : payloads) {
            fields.add(p.field());
        }
        try (VectorSchemaRoot root = VectorSchemaRoot.create(new Schema(fields, metadata), allocator)) {
            root.allocateNew();
            ((VarCharVector) root.getVector(0)).setSafe(0, document.getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < payloads.size(); i++) {
                FieldVector v = root.getVector(i + 1);
                payloads.get(i).fill().accept(v);
                v.setValueCount(1);
            }
            root.setRowCount(1);
            return write(root, dictionaries);
        }
    }

    /** The IPC stream holding {@code root} as its one batch. */
    static byte[] write(VectorSchemaRoot root, DictionaryProvider dictionaries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ArrowStreamWriter writer = new ArrowStreamWriter(root, dictionaries, out)) {
            writer.start();
            writer.writeBatch();
            writer.end();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    /** A snapshot document holding {@code predicates} (JSON objects). */
    static String snapshot(String... predicates) {
        return "{\"encoding\":\"vgi.filters.v2\",\"semantics\":\"vgi.duckdb.standard.v1\",\"kind\":\"snapshot\","
                + "\"predicates\":[" + String.join(",", predicates) + "]}";
    }

    /** A predicate object. */
    static String predicate(String id, String mode, String expression) {
        return "{\"id\":\"" + id + "\",\"revision\":0,\"mode\":\"" + mode + "\",\"source\":\"query\",\"expression\":"
                + expression + "}";
    }

    static String column(int index, String name) {
        return "{\"node\":\"column_ref\",\"column_index\":" + index + ",\"column_name\":\"" + name + "\"}";
    }

    static String literal(int ref) {
        return "{\"node\":\"literal\",\"value_ref\":" + ref + "}";
    }

    static String comparison(String op, String left, String right) {
        return "{\"node\":\"comparison\",\"op\":\"" + op + "\",\"left\":" + left + ",\"right\":" + right + "}";
    }
}
