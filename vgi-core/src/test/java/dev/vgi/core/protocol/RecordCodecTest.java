package dev.vgi.core.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

import dev.vgi.core.ArrowMemoryTest;
import dev.vgi.core.arrow.ArrowFields;
import dev.vgi.core.arrow.SchemaMessages;
import dev.vgi.core.rpc.RpcException;

/**
 * {@link RecordWriter} and {@link RecordReader}: every record round-trips, the writer refuses what
 * a strict peer would, the reader accepts what lenient decoding must, and no Arrow memory leaks.
 */
class RecordCodecTest extends ArrowMemoryTest {

    // ------------------------------------------------------------------ sample values from a schema

    /** A non-null value for every field (nullable or not), with unsorted map keys and null list items where allowed. */
    static Object sample(Field f, int seed) {
        ArrowType t = f.getType();
        if (t instanceof ArrowType.Map) {
            Field value = f.getChildren().get(0).getChildren().get(1);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("zeta", sample(value, seed + 1));
            m.put("alpha", value.isNullable() ? null : sample(value, seed + 2));
            m.put("Mid", sample(value, seed + 3));
            return m;
        }
        if (t instanceof ArrowType.List) {
            Field item = f.getChildren().get(0);
            List<Object> l = new ArrayList<>();
            l.add(sample(item, seed + 1));
            if (item.isNullable()) {
                l.add(null);
            }
            l.add(sample(item, seed + 2));
            return l;
        }
        if (t instanceof ArrowType.Struct) {
            Map<String, Object> m = new LinkedHashMap<>();
            f.getChildren().forEach(c -> m.put(c.getName(), sample(c, seed + 1)));
            return m;
        }
        if (t instanceof ArrowType.Utf8) {
            return f.getDictionary() != null ? "MEMBER_" + (seed % 3) : f.getName() + "-" + seed;
        }
        if (t instanceof ArrowType.Binary || t instanceof ArrowType.LargeBinary) {
            return new byte[] {(byte) seed, 1, 2, (byte) (seed >> 8)};
        }
        if (t instanceof ArrowType.Int i) {
            if (i.getBitWidth() == 64 && !i.getIsSigned()) {
                return -1L; // uint64 max, read back as its bits
            }
            return i.getBitWidth() == 64 ? 1_000_000_000_000L + seed : (Object) (seed + 7);
        }
        if (t instanceof ArrowType.FloatingPoint) {
            return seed + 0.5;
        }
        if (t instanceof ArrowType.Bool) {
            return seed % 2 == 0;
        }
        if (t instanceof ArrowType.Timestamp) {
            return 1_767_323_045_000_000L + seed;
        }
        throw new IllegalArgumentException("no sample for " + f);
    }

    static Map<String, Object> fullRow(RecordType type) {
        Map<String, Object> row = new LinkedHashMap<>();
        int seed = 0;
        for (Field f : type.schema().getFields()) {
            row.put(f.getName(), sample(f, seed += 10));
        }
        return row;
    }

    static Map<String, Object> minimalRow(RecordType type) {
        Map<String, Object> row = new LinkedHashMap<>();
        int seed = 0;
        for (Field f : type.schema().getFields()) {
            seed += 10;
            if (!f.isNullable()) {
                row.put(f.getName(), sample(f, seed));
            }
        }
        return row;
    }

    /** {@code value} with byte arrays as hex and maps with sorted keys, so equal records compare equal. */
    static Object comparable(Object value) {
        if (value instanceof byte[] b) {
            return "0x" + HexFormat.of().formatHex(b);
        }
        if (value instanceof Map<?, ?> m) {
            Map<Object, Object> out = new java.util.TreeMap<>();
            m.forEach((k, v) -> out.put(k, comparable(v)));
            return out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(x -> out.add(comparable(x)));
            return out;
        }
        return value;
    }

    // ------------------------------------------------------------------ round trips

    @Test
    void everyRecordRoundTripsWithEveryFieldSet() {
        for (RecordType type : VgiRecords.all().values()) {
            Map<String, Object> row = fullRow(type);
            Record back = RecordReader.read(type, RecordWriter.write(type, row, allocator), allocator);
            assertEquals(comparable(row), comparable(back.asMap()), type.name());
            assertEquals(type.name(), back.recordName());
        }
    }

    @Test
    void everyRecordRoundTripsWithOnlyItsRequiredFields() {
        for (RecordType type : VgiRecords.all().values()) {
            Record back = type.decode(type.encode(minimalRow(type), allocator), allocator);
            for (Field f : type.schema().getFields()) {
                assertTrue(back.has(f.getName()), type.name() + "." + f.getName() + " is written even when null");
                assertEquals(f.isNullable(), back.isNull(f.getName()), type.name() + "." + f.getName());
            }
        }
    }

    @Test
    void recordsWithoutFieldsAreWrittenWithZeroRowsAndReadBack() throws Exception {
        byte[] bytes = RecordWriter.write(VgiRecords.AGGREGATE_UPDATE_RESPONSE, Map.of(), allocator);
        try (ArrowStreamReader r = new ArrowStreamReader(new ByteArrayInputStream(bytes), allocator)) {
            assertTrue(r.loadNextBatch());
            assertEquals(0, r.getVectorSchemaRoot().getRowCount());
            assertTrue(r.getVectorSchemaRoot().getSchema().getFields().isEmpty());
        }
        assertTrue(RecordReader.read(VgiRecords.AGGREGATE_UPDATE_RESPONSE, bytes, allocator).names().isEmpty());
    }

    @Test
    void mapsAreWrittenWithSortedKeys() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("zeta", "1");
        tags.put("alpha", "2");
        tags.put("\uD83D\uDE00", "astral"); // after U+FFFF by code point, before it in UTF-16 order
        tags.put("\uFFFD", "bmp");
        tags.put("Beta", "3");
        Map<String, Object> row = new LinkedHashMap<>(minimalRow(VgiRecords.VIEW_INFO));
        row.put("tags", tags);
        Record back = RecordReader.read(VgiRecords.VIEW_INFO.encode(row, allocator), allocator);
        assertEquals(List.of("Beta", "alpha", "zeta", "\uFFFD", "\uD83D\uDE00"), new ArrayList<>(back.getStringMap("tags").keySet()));
    }

    @Test
    void functionInfoCarriesSchemasInBinaryDictionaries() throws Exception {
        Schema arguments = new Schema(List.of(ArrowFields.required("value", ArrowFields.UTF8)));
        Map<String, Object> row = new LinkedHashMap<>(minimalRow(VgiRecords.FUNCTION_INFO));
        row.put("function_type", "SCALAR");
        row.put("arguments", SchemaMessages.serialize(arguments));
        row.put("output_schema", SchemaMessages.serialize(new Schema(List.of())));
        row.put("stability", Stability.CONSISTENT);
        byte[] bytes = VgiRecords.FUNCTION_INFO.encode(row, allocator);

        // on the wire: dict<int32, binary> with a one-entry binary dictionary, and a null index when absent
        try (ArrowStreamReader r = new ArrowStreamReader(new ByteArrayInputStream(bytes), allocator)) {
            assertTrue(r.loadNextBatch());
            VectorSchemaRoot root = r.getVectorSchemaRoot();
            Field wire = root.getSchema().findField("arguments");
            assertEquals(new ArrowType.Int(32, true), wire.getDictionary().getIndexType());
            Dictionary d = r.getDictionaryVectors().get(wire.getDictionary().getId());
            assertInstanceOf(VarBinaryVector.class, d.getVector());
            assertEquals(1, d.getVector().getValueCount());
            Field defaults = root.getSchema().findField("parameter_default_values");
            assertEquals(0, r.getDictionaryVectors().get(defaults.getDictionary().getId()).getVector().getValueCount());
            assertTrue(root.getVector("parameter_default_values").isNull(0));
            FieldVector type = root.getVector("function_type");
            assertEquals(new ArrowType.Int(16, true), type.getField().getType());
        }

        Record back = RecordReader.read(bytes, allocator);
        assertEquals(arguments, back.getSchema("arguments"));
        assertEquals(new Schema(List.of()), back.requireSchema("output_schema"));
        assertNull(back.getBytes("parameter_default_values"));
        assertEquals("SCALAR", back.getString("function_type"));
        assertEquals("CONSISTENT", back.getString("stability"));
    }

    enum Stability {
        CONSISTENT
    }

    @Test
    void collectionsSpanBatchesAndReplaceDictionaries() throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            Map<String, Object> row = new LinkedHashMap<>(minimalRow(VgiRecords.FUNCTION_INFO));
            row.put("name", "f" + i);
            row.put("function_type", i % 2 == 0 ? "SCALAR" : "TABLE");
            row.put("arguments", new byte[] {(byte) (i % 7)});
            rows.add(row);
        }
        byte[] bytes = RecordWriter.writeAll(VgiRecords.FUNCTION_INFO, rows, allocator);
        int batches = 0;
        try (ArrowStreamReader r = new ArrowStreamReader(new ByteArrayInputStream(bytes), allocator)) {
            while (r.loadNextBatch()) {
                batches++;
            }
        }
        assertEquals(3, batches, "1024-row batches");
        List<Record> back = RecordReader.readAll(VgiRecords.FUNCTION_INFO, bytes, allocator);
        assertEquals(2500, back.size());
        for (int i = 0; i < 2500; i += 499) {
            assertEquals("f" + i, back.get(i).getString("name"));
            assertEquals(i % 2 == 0 ? "SCALAR" : "TABLE", back.get(i).getString("function_type"));
            assertArrayEquals(new byte[] {(byte) (i % 7)}, back.get(i).getBytes("arguments"));
        }
        RpcException one = assertThrows(RpcException.class, () -> RecordReader.read(VgiRecords.FUNCTION_INFO, bytes, allocator));
        assertTrue(one.getMessage().contains("got 2500 rows"), one.getMessage());
        assertEquals(0, RecordReader.readAll(RecordWriter.writeAll(VgiRecords.VIEW_INFO, List.of(), allocator), allocator).size());
    }

    @Test
    void theBuilderChecksNamesAsTheyAreSet() {
        RecordBuilder b = VgiRecords.GLOBAL_INIT_RESPONSE.builder()
                .set("execution_id", new byte[16])
                .set("max_workers", 99999L);
        assertThrows(IllegalArgumentException.class, () -> b.set("max_worker", 1L));
        Record back = RecordReader.read(b.encode(allocator), allocator);
        assertEquals(99999L, back.requireLong("max_workers"));
        assertTrue(back.isNull("opaque_data"));
        assertEquals(Map.of("execution_id", new byte[16].length, "max_workers", 99999L).size(), b.build().size());
    }

    // ------------------------------------------------------------------ writer strictness

    @Test
    void theWriterRefusesWhatAStrictPeerWould() {
        Map<String, Object> ok = minimalRow(VgiRecords.FUNCTION_INFO);
        List<Map<String, Object>> bad = new ArrayList<>();
        Map<String, Object> unknown = new LinkedHashMap<>(ok);
        unknown.put("no_such_field", 1);
        bad.add(unknown);
        Map<String, Object> missing = new LinkedHashMap<>(ok);
        missing.remove("name");
        bad.add(missing);
        Map<String, Object> nestedNull = new LinkedHashMap<>(ok);
        Map<String, Object> example = new LinkedHashMap<>();
        example.put("sql", null);
        example.put("description", "d");
        nestedNull.put("examples", List.of(example));
        bad.add(nestedNull);
        Map<String, Object> nullKey = new LinkedHashMap<>(ok);
        Map<String, String> tags = new java.util.HashMap<>();
        tags.put(null, "x");
        nullKey.put("tags", tags);
        bad.add(nullKey);
        Map<String, Object> wrongType = new LinkedHashMap<>(ok);
        wrongType.put("supports_splits", "yes");
        bad.add(wrongType);
        Map<String, Object> wrongNested = new LinkedHashMap<>(ok);
        wrongNested.put("schema_path", List.of(1));
        bad.add(wrongNested);
        for (Map<String, Object> row : bad) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> VgiRecords.FUNCTION_INFO.encode(row, allocator));
            assertTrue(e.getMessage().startsWith("FunctionInfo"), e.getMessage());
        }
    }

    // ------------------------------------------------------------------ reader leniency

    /** Writes rows of an ad-hoc schema (whatever a peer of another version might send). */
    private byte[] foreign(Schema schema, Map<String, ?> row) {
        return RecordWriter.write(schema, row, allocator);
    }

    @Test
    void unknownColumnsAreIgnoredAndAbsentOnesReadAsNull() {
        Schema newer = ArrowFields.schema(
                ArrowFields.required("output_schema", ArrowFields.BINARY),
                ArrowFields.optional("from_the_future", ArrowFields.UTF8));
        Record r = VgiRecords.BIND_RESPONSE.decode(foreign(newer, Map.of("output_schema", new byte[] {1}, "from_the_future", "x")),
                allocator);
        assertArrayEquals(new byte[] {1}, r.requireBytes("output_schema"));
        assertFalse(r.has("lookup_names"));
        assertNull(r.getStringList("lookup_names"));
        assertTrue(r.has("from_the_future"));
        RpcException e = assertThrows(RpcException.class, () -> r.requireBytes("opaque_data"));
        assertEquals("BindResponse.opaque_data is missing", e.getMessage());
    }

    @Test
    void nullsInNonNullableColumnsAreAccepted() {
        Schema relaxed = ArrowFields.schema(ArrowFields.optional("function_name", ArrowFields.UTF8),
                ArrowFields.optional("resolved_secrets_provided", ArrowFields.BOOL));
        Record r = VgiRecords.BIND_REQUEST.decode(foreign(relaxed, Map.of()), allocator);
        assertNull(r.getString("function_name"));
        assertFalse(r.getBoolean("resolved_secrets_provided", false));
        RpcException e = assertThrows(RpcException.class, () -> r.requireString("function_name"));
        assertEquals("ValueError", e.errorType());
        assertEquals("BindRequest.function_name is null", e.getMessage());
    }

    @Test
    void enumsReadTheSameDictionaryEncodedOrPlain() {
        Schema plain = ArrowFields.schema(ArrowFields.required("function_type", ArrowFields.UTF8));
        Schema encoded = ArrowFields.schema(ArrowFields.enumField("function_type", false));
        assertEquals("TABLE", RecordReader.read(foreign(plain, Map.of("function_type", "TABLE")), allocator).getString("function_type"));
        assertEquals("TABLE", RecordReader.read(foreign(encoded, Map.of("function_type", "TABLE")), allocator).getString("function_type"));
        // an enum nested in a list is decoded too
        Schema nested = ArrowFields.schema(ArrowFields.list("phases", false, ArrowFields.enumField("item", true)));
        List<String> phases = new ArrayList<>();
        phases.add("INPUT");
        phases.add(null);
        phases.add("FINALIZE");
        assertEquals(phases, RecordReader.read(foreign(nested, Map.of("phases", phases)), allocator).getStringList("phases"));
    }

    @Test
    void integerListsReadTheSameAsInt32OrInt64() {
        Schema i32 = ArrowFields.schema(ArrowFields.list("projection_ids", true, ArrowFields.INT32));
        Schema i64 = ArrowFields.schema(ArrowFields.list("projection_ids", true, ArrowFields.INT64));
        assertEquals(List.of(2L, 0L), RecordReader.read(foreign(i32, Map.of("projection_ids", List.of(2, 0))), allocator)
                .getLongList("projection_ids"));
        assertEquals(List.of(2L, 0L), RecordReader.read(foreign(i64, Map.of("projection_ids", List.of(2L, 0L))), allocator)
                .getLongList("projection_ids"));
        Schema scalar = ArrowFields.schema(ArrowFields.optional("max_workers", ArrowFields.INT32));
        assertEquals(4L, RecordReader.read(foreign(scalar, Map.of("max_workers", 4)), allocator).getLong("max_workers"));
    }

    @Test
    void schemaColumnsReadTheSameAsBinaryDictionaryOrPlainBinary() {
        byte[] message = SchemaMessages.serialize(new Schema(List.of(ArrowFields.optional("x", ArrowFields.INT64))));
        Schema plain = ArrowFields.schema(ArrowFields.required("arguments", ArrowFields.BINARY));
        Schema dict = ArrowFields.schema(ArrowFields.dictionary("arguments", false, ArrowFields.BINARY, ArrowFields.INT32));
        assertArrayEquals(message, RecordReader.read(foreign(plain, Map.of("arguments", message)), allocator).getBytes("arguments"));
        assertArrayEquals(message, RecordReader.read(foreign(dict, Map.of("arguments", message)), allocator).getBytes("arguments"));
    }

    @Test
    void malformedInputIsAValueError() {
        Schema s = ArrowFields.schema(ArrowFields.optional("a", ArrowFields.INT64));
        byte[] empty = RecordWriter.writeAll(new RecordType("Thing", s), List.of(), allocator);
        byte[] two = RecordWriter.writeAll(new RecordType("Thing", s), List.of(Map.of("a", 1L), Map.of("a", 2L)), allocator);
        byte[] truncated = java.util.Arrays.copyOf(two, two.length - 20);
        for (byte[] bytes : List.of(empty, two, truncated, "not arrow".getBytes(StandardCharsets.UTF_8), new byte[0])) {
            RpcException e = assertThrows(RpcException.class, () -> RecordReader.read(new RecordType("Thing", s), bytes, allocator));
            assertEquals("ValueError", e.errorType());
            assertTrue(e.getMessage().contains("Thing"), e.getMessage());
        }
    }

    @Test
    void wrongKindsOfValuesAreTypeErrors() {
        Schema s = ArrowFields.schema(ArrowFields.optional("name", ArrowFields.INT64));
        Record r = RecordReader.read(foreign(s, Map.of("name", 5L)), allocator);
        RpcException e = assertThrows(RpcException.class, () -> r.getString("name"));
        assertEquals("TypeError", e.errorType());
        assertThrows(RpcException.class, () -> r.getSchema("name"));
        Schema bin = ArrowFields.schema(ArrowFields.optional("output_schema", ArrowFields.BINARY));
        Record garbage = RecordReader.read(foreign(bin, Map.of("output_schema", new byte[] {1, 2, 3})), allocator);
        assertEquals("ValueError", assertThrows(RpcException.class, () -> garbage.getSchema("output_schema")).errorType());
    }

    @Test
    void structsReadAsNestedRecords() {
        Map<String, Object> row = new LinkedHashMap<>(minimalRow(VgiRecords.BIND_REQUEST));
        row.put("copy_to", Map.of("format", "csv", "file_path", "/tmp/x.csv"));
        Record r = VgiRecords.BIND_REQUEST.decode(VgiRecords.BIND_REQUEST.encode(row, allocator), allocator);
        Record copyTo = r.getStruct("copy_to");
        assertEquals("csv", copyTo.requireString("format"));
        assertEquals("BindRequest.copy_to", copyTo.recordName());
        assertEquals(List.of("format", "file_path"), copyTo.schema().getFields().stream().map(Field::getName).toList());
        assertNull(r.getStruct("copy_from"));
    }
}
