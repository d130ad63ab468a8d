package dev.vgi.core.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

import dev.vgi.core.arrow.ArrowValues;
import dev.vgi.core.rpc.ipc.IpcStreamWriter;
import dev.vgi.core.util.CodePoints;

/**
 * Encodes records as the complete IPC streams VGI carries in {@code binary} values: schema,
 * dictionaries, the batch(es), end-of-stream.
 *
 * <p>Rows are maps from field name to a value of the {@link ArrowValues} model (nested records as
 * maps for struct fields, enum members as their name {@code String} or as a Java {@code Enum}). The
 * writer is strict, because the peers compare what a worker sends strictly: an unknown field name, a
 * null in a non-nullable field (at any depth) or a value of the wrong Java type is an
 * {@link IllegalArgumentException} naming the field, raised before anything is encoded. Absent
 * nullable fields are written as null.
 *
 * <p>Map values are written with their keys sorted (by code point, as Python sorts strings), as the
 * reference does, so equal records encode to equal bytes whatever order their maps were filled in.
 * Dictionary-encoded fields get per-batch dictionaries built from the values
 * ({@link IpcStreamWriter}'s values form).
 */
public final class RecordWriter {

    /** Rows per batch in {@link #writeAll(RecordType, List, BufferAllocator)}, as the reference writes collections. */
    public static final int DEFAULT_BATCH_ROWS = 1024;

    private RecordWriter() {
    }

    /**
     * Encodes one record as a one-row IPC stream. A record with no fields is written as a zero-row
     * batch, as the reference writes it (and reads it back whatever its row count).
     *
     * @throws IllegalArgumentException when {@code row} does not fit the record
     */
    public static byte[] write(RecordType type, Map<String, ?> row, BufferAllocator allocator) {
        return encode(type.name(), type.schema(), List.of(row), DEFAULT_BATCH_ROWS, allocator);
    }

    /** As {@link #write(RecordType, Map, BufferAllocator)} for a schema without a record name. */
    public static byte[] write(Schema schema, Map<String, ?> row, BufferAllocator allocator) {
        return encode("record", schema, List.of(row), DEFAULT_BATCH_ROWS, allocator);
    }

    /**
     * Encodes a collection of records as one IPC stream of {@code rows.size()} rows in batches of
     * {@link #DEFAULT_BATCH_ROWS} (the {@code catalog_contents} collections). Each batch carries its
     * own dictionaries, which IPC streams allow to replace the previous ones. An empty list gives a
     * stream with no batch; the protocol sends null for an empty collection instead, which is the
     * caller's choice to make.
     */
    public static byte[] writeAll(RecordType type, List<? extends Map<String, ?>> rows, BufferAllocator allocator) {
        return writeAll(type, rows, DEFAULT_BATCH_ROWS, allocator);
    }

    /** As {@link #writeAll(RecordType, List, BufferAllocator)} with at most {@code batchRows} rows per batch. */
    public static byte[] writeAll(RecordType type, List<? extends Map<String, ?>> rows, int batchRows, BufferAllocator allocator) {
        if (batchRows <= 0) {
            throw new IllegalArgumentException("batchRows must be positive, got " + batchRows);
        }
        return encode(type.name(), type.schema(), rows, batchRows, allocator);
    }

    private static byte[] encode(String name, Schema schema, List<? extends Map<String, ?>> rows, int batchRows,
            BufferAllocator allocator) {
        List<Map<String, Object>> normalized = new ArrayList<>(rows.size());
        for (int r = 0; r < rows.size(); r++) {
            String where = rows.size() == 1 ? name : name + "[" + r + "]";
            normalized.add(normalizeRow(where, schema.getFields(), rows.get(r)));
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        IpcStreamWriter writer = new IpcStreamWriter(bytes);
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
            writer.start(schema, null, allocator);
            if (schema.getFields().isEmpty()) {
                // pyarrow cannot give a column-less batch a row count; the reference writes 0 rows
                root.setRowCount(0);
                writer.writeBatch(root, null);
            }
            for (int start = 0; start < normalized.size() && !schema.getFields().isEmpty(); start += batchRows) {
                int end = Math.min(normalized.size(), start + batchRows);
                root.clear();
                root.allocateNew();
                for (int i = start; i < end; i++) {
                    ArrowValues.writeRow(root, i - start, normalized.get(i));
                }
                root.setRowCount(end - start);
                writer.writeBatch(root, null);
            }
            writer.end();
        } catch (IOException e) {
            writer.abandon();
            throw new IllegalStateException("writing to memory failed", e);
        } catch (RuntimeException e) {
            writer.abandon();
            throw e;
        }
        return bytes.toByteArray();
    }

    private static Map<String, Object> normalizeRow(String where, List<Field> fields, Map<String, ?> row) {
        if (row == null) {
            throw new IllegalArgumentException(where + ": a record row cannot be null");
        }
        Set<String> known = new HashSet<>();
        Map<String, Object> out = new LinkedHashMap<>();
        for (Field f : fields) {
            known.add(f.getName());
            out.put(f.getName(), normalize(where + "." + f.getName(), f, row.get(f.getName())));
        }
        for (String key : row.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException(where + ": no field named '" + key + "'");
            }
        }
        return out;
    }

    /** Checks {@code value} against {@code field} and returns it in the form {@link ArrowValues} writes. */
    private static Object normalize(String where, Field field, Object value) {
        if (value == null) {
            if (!field.isNullable()) {
                throw new IllegalArgumentException(where + " is not nullable");
            }
            return null;
        }
        ArrowType type = field.getType();
        if (type instanceof ArrowType.Map) {
            Map<?, ?> map = as(where, value, Map.class, "a Map");
            List<Field> kv = field.getChildren().get(0).getChildren();
            List<Map.Entry<?, ?>> entries = new ArrayList<>(map.entrySet());
            entries.sort(RecordWriter::compareKeys);
            Map<Object, Object> sorted = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : entries) {
                Object key = normalize(where + ".key", kv.get(0), e.getKey());
                sorted.put(key, normalize(where + "[" + e.getKey() + "]", kv.get(1), e.getValue()));
            }
            return sorted;
        }
        if (type instanceof ArrowType.List) {
            List<?> items = as(where, value, List.class, "a List");
            Field item = field.getChildren().get(0);
            List<Object> out = new ArrayList<>(items.size());
            for (int i = 0; i < items.size(); i++) {
                out.add(normalize(where + "[" + i + "]", item, items.get(i)));
            }
            return out;
        }
        if (type instanceof ArrowType.Struct) {
            @SuppressWarnings("unchecked")
            Map<String, ?> struct = as(where, value, Map.class, "a Map of its fields");
            return normalizeRow(where, field.getChildren(), struct);
        }
        if (type instanceof ArrowType.Utf8 || type instanceof ArrowType.LargeUtf8) {
            if (value instanceof Enum<?> e) {
                return e.name();
            }
            return as(where, value, String.class, "a String");
        }
        if (type instanceof ArrowType.Binary || type instanceof ArrowType.LargeBinary || type instanceof ArrowType.FixedSizeBinary) {
            return as(where, value, byte[].class, "a byte[]");
        }
        if (type instanceof ArrowType.Int || type instanceof ArrowType.FloatingPoint) {
            return as(where, value, Number.class, "a Number");
        }
        if (type instanceof ArrowType.Bool) {
            return as(where, value, Boolean.class, "a Boolean");
        }
        if (type instanceof ArrowType.Decimal) {
            return as(where, value, BigDecimal.class, "a BigDecimal");
        }
        if (type instanceof ArrowType.Timestamp) {
            return value instanceof Instant ? value : as(where, value, Number.class, "a Number or an Instant");
        }
        if (type instanceof ArrowType.Duration) {
            return value instanceof Duration ? value : as(where, value, Number.class, "a Number or a Duration");
        }
        if (type instanceof ArrowType.Date) {
            return value instanceof LocalDate ? value : as(where, value, Number.class, "a Number or a LocalDate");
        }
        if (type instanceof ArrowType.Time) {
            return value instanceof LocalTime ? value : as(where, value, Number.class, "a Number or a LocalTime");
        }
        if (type instanceof ArrowType.Null) {
            throw new IllegalArgumentException(where + " is of type null and can only be null");
        }
        throw new IllegalArgumentException(where + ": type " + type + " is not supported in records");
    }

    private static <T> T as(String where, Object value, Class<T> type, String what) {
        if (!type.isInstance(value)) {
            throw new IllegalArgumentException(where + " must be " + what + ", got " + value.getClass().getName());
        }
        return type.cast(value);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareKeys(Map.Entry<?, ?> a, Map.Entry<?, ?> b) {
        Object x = a.getKey();
        Object y = b.getKey();
        if (x instanceof String s && y instanceof String t) {
            return CodePoints.compare(s, t);
        }
        if (x instanceof Comparable c && y != null && x.getClass() == y.getClass()) {
            return c.compareTo(y);
        }
        return 0; // keys that cannot be ordered keep their iteration order (the sort is stable)
    }
}
