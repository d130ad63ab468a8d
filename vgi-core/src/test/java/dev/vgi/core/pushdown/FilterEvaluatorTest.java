package dev.vgi.core.pushdown;

import static dev.vgi.core.pushdown.FilterBatchWriter.column;
import static dev.vgi.core.pushdown.FilterBatchWriter.comparison;
import static dev.vgi.core.pushdown.FilterBatchWriter.literal;
import static dev.vgi.core.pushdown.FilterBatchWriter.predicate;
import static dev.vgi.core.pushdown.FilterBatchWriter.snapshot;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.BitSet;
import java.util.List;

import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.impl.UnionListWriter;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

import dev.vgi.core.ArrowMemoryTest;
import dev.vgi.core.pushdown.FilterException.Reason;

/** Evaluation semantics: three-valued logic, obligations, column resolution, filtered copies, memory. */
class FilterEvaluatorTest extends ArrowMemoryTest {

    private static final Boolean[] TRI = {true, false, null};

    /** Two Boolean columns a, b holding all nine (a, b) pairs of {TRUE, FALSE, NULL}. */
    private VectorSchemaRoot truthTable() {
        VectorSchemaRoot root = VectorSchemaRoot.create(new Schema(List.of(Field.nullable("a", ArrowType.Bool.INSTANCE),
                Field.nullable("b", ArrowType.Bool.INSTANCE))), allocator);
        root.allocateNew();
        int row = 0;
        for (Boolean a : TRI) {
            for (Boolean b : TRI) {
                set((BitVector) root.getVector(0), row, a);
                set((BitVector) root.getVector(1), row, b);
                row++;
            }
        }
        root.setRowCount(row);
        return root;
    }

    private static void set(BitVector v, int row, Boolean value) {
        if (value == null) {
            v.setNull(row);
        } else {
            v.setSafe(row, value ? 1 : 0);
        }
    }

    private static byte tri(Boolean b) {
        return (byte) (b == null ? -1 : b ? 1 : 0);
    }

    private byte[] kleene(String expression, VectorSchemaRoot batch) {
        byte[] filter = new FilterBatchWriter(allocator).build(snapshot(predicate("p", "required", expression)));
        return FilterEvaluator.of(PushdownFilters.decode(filter, List.of(), allocator), batch.getSchema())
                .kleene(batch, null);
    }

    @Test
    void andOrNotFollowThreeValuedLogic() {
        try (VectorSchemaRoot t = truthTable()) {
            String a = column(0, "a");
            String b = column(1, "b");
            byte[] and = kleene("{\"node\":\"and\",\"children\":[" + a + "," + b + "]}", t);
            byte[] or = kleene("{\"node\":\"or\",\"children\":[" + a + "," + b + "]}", t);
            byte[] notA = kleene("{\"node\":\"not\",\"expression\":" + a + "}", t);
            byte[] distinct = kleene(comparison("distinct_from", a, b), t);
            byte[] notDistinct = kleene(comparison("not_distinct_from", a, b), t);
            byte[] eq = kleene(comparison("eq", a, b), t);
            byte[] isNull = kleene("{\"node\":\"is_null\",\"expression\":" + a + ",\"negated\":false}", t);
            int row = 0;
            for (Boolean x : TRI) {
                for (Boolean y : TRI) {
                    Boolean andWant = Boolean.FALSE.equals(x) || Boolean.FALSE.equals(y) ? Boolean.FALSE
                            : x == null || y == null ? null : Boolean.TRUE;
                    Boolean orWant = Boolean.TRUE.equals(x) || Boolean.TRUE.equals(y) ? Boolean.TRUE
                            : x == null || y == null ? null : Boolean.FALSE;
                    String at = x + " " + y;
                    assertEquals(tri(andWant), and[row], "AND " + at);
                    assertEquals(tri(orWant), or[row], "OR " + at);
                    assertEquals(tri(x == null ? null : !x), notA[row], "NOT " + at);
                    assertEquals(tri(x == null ? null : y == null ? null : x.equals(y)), eq[row], "= " + at);
                    boolean same = x == null ? y == null : x.equals(y);
                    assertEquals(tri(!same), distinct[row], "IS DISTINCT FROM " + at);
                    assertEquals(tri(same), notDistinct[row], "IS NOT DISTINCT FROM " + at);
                    assertEquals(tri(x == null), isNull[row], "IS NULL " + at);
                    row++;
                }
            }
            // Only TRUE keeps a row.
            byte[] filter = new FilterBatchWriter(allocator)
                    .build(snapshot(predicate("p", "required", "{\"node\":\"or\",\"children\":[" + a + "," + b + "]}")));
            BitSet selected = FilterEvaluator.apply(PushdownFilters.decode(filter), t, null);
            BitSet want = new BitSet();
            for (int i = 0; i < or.length; i++) {
                if (or[i] == 1) {
                    want.set(i);
                }
            }
            assertEquals(want, selected);
        }
    }

    /** [n int64, s utf8, pushed_filters utf8] with n = 0..9 and s = "r" + n (the filter_echo shape). */
    private VectorSchemaRoot echoBatch(List<String> order) {
        List<Field> fields = new ArrayList<>();
        for (String name : order) {
            fields.add(Field.nullable(name, name.equals("n") ? new ArrowType.Int(64, true) : ArrowType.Utf8.INSTANCE));
        }
        VectorSchemaRoot root = VectorSchemaRoot.create(new Schema(fields), allocator);
        root.allocateNew();
        for (int row = 0; row < 10; row++) {
            for (FieldVector v : root.getFieldVectors()) {
                if (v instanceof BigIntVector b) {
                    b.setSafe(row, row);
                } else {
                    String text = v.getName().equals("s") ? "r" + row : "n >= 8";
                    ((VarCharVector) v).setSafe(row, text.getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        root.setRowCount(10);
        return root;
    }

    private static final Schema ECHO_BIND = new Schema(List.of(Field.nullable("n", new ArrowType.Int(64, true)),
            Field.nullable("s", ArrowType.Utf8.INSTANCE), Field.nullable("pushed_filters", ArrowType.Utf8.INSTANCE)));

    @Test
    void capturedFilterOnTheUnprojectedAndProjectedBatch() {
        PushdownFilters filters = PushdownFilters.decode(Base64.getDecoder().decode(PushdownFiltersTest.CAPTURED_B64));
        FilterEvaluator evaluator = FilterEvaluator.of(filters, ECHO_BIND);
        BitSet want = new BitSet();
        want.set(8, 10);
        try (VectorSchemaRoot full = echoBatch(List.of("n", "s", "pushed_filters"))) {
            assertEquals(want, evaluator.select(full));
            try (VectorSchemaRoot filtered = evaluator.filter(full, allocator)) {
                assertEquals(2, filtered.getRowCount());
                assertEquals(8L, ((BigIntVector) filtered.getVector("n")).get(0));
                assertEquals("r9", filtered.getVector("s").getObject(1).toString());
                assertEquals(full.getSchema(), filtered.getSchema());
            }
        }
        // projection_ids [2, 0]: the batch holds pushed_filters, n; n is at position 1, not 0.
        try (VectorSchemaRoot projected = echoBatch(List.of("pushed_filters", "n"))) {
            int[] mapping = FilterEvaluator.projectionMapping(3, List.of(2, 0));
            assertArrayEquals(new int[] {1, -1, 0}, mapping);
            assertEquals(want, evaluator.select(projected, mapping));
            assertEquals(want, evaluator.select(projected));
        }
        assertArrayEquals(new int[] {0, 1, 2}, FilterEvaluator.projectionMapping(3, null));
    }

    @Test
    void requiredPredicateOnAMissingColumnFails() {
        PushdownFilters filters = PushdownFilters.decode(Base64.getDecoder().decode(PushdownFiltersTest.CAPTURED_B64));
        try (VectorSchemaRoot batch = echoBatch(List.of("s", "pushed_filters"))) {
            FilterException e = assertThrows(FilterException.class, () -> FilterEvaluator.of(filters).select(batch));
            assertEquals(Reason.MISSING_COLUMN, e.reason());
            assertTrue(e.getMessage().contains("column 'n'") && e.getMessage().contains("'p0'")
                    && e.getMessage().contains("required"), e.getMessage());
            FilterException mapped = assertThrows(FilterException.class,
                    () -> FilterEvaluator.of(filters).select(batch, FilterEvaluator.projectionMapping(3, List.of(1, 2))));
            assertEquals(Reason.MISSING_COLUMN, mapped.reason());
        }
    }

    @Test
    void advisoryPredicatesAreAppliedWhenPossibleAndOtherwiseSkipped() {
        String required = predicate("req", "required", comparison("ge", column(0, "n"), literal(0)));
        String advisory = predicate("adv", "advisory", comparison("lt", column(0, "n"), literal(1)));
        String unknown = predicate("odd", "advisory", "{\"node\":\"similar_to\",\"expression\":" + column(1, "s") + "}");
        String overflow = predicate("ovf", "advisory", comparison("gt", "{\"node\":\"arithmetic\",\"op\":\"multiply\","
                + "\"left\":" + column(0, "n") + ",\"right\":" + literal(2) + "}", literal(0)));
        byte[] bytes = new FilterBatchWriter(allocator)
                .payload("value_0", new ArrowType.Int(64, true), v -> ((BigIntVector) v).setSafe(0, 2))
                .payload("value_1", new ArrowType.Int(64, true), v -> ((BigIntVector) v).setSafe(0, 6))
                .payload("value_2", new ArrowType.Int(64, true), v -> ((BigIntVector) v).setSafe(0, Long.MAX_VALUE))
                .build(snapshot(required, advisory, unknown, overflow));
        PushdownFilters filters = PushdownFilters.decode(bytes, List.of(), allocator);
        FilterEvaluator evaluator = FilterEvaluator.of(filters, ECHO_BIND);
        assertEquals(1, evaluator.skipped().size());
        assertEquals("odd", evaluator.skipped().get(0).predicate().id());
        assertTrue(evaluator.skipped().get(0).reason().contains("similar_to"));
        BitSet want = new BitSet();
        want.set(2, 6);
        try (VectorSchemaRoot full = echoBatch(List.of("n", "s", "pushed_filters"))) {
            // 'ovf' overflows on every row but row 0 and is advisory: skipped for this batch.
            assertEquals(want, evaluator.select(full));
        }
        try (VectorSchemaRoot noN = echoBatch(List.of("s"))) {
            FilterEvaluator advisoryOnly = FilterEvaluator.of(PushdownFilters.decode(new FilterBatchWriter(allocator)
                    .payload("value_0", new ArrowType.Int(64, true), v -> ((BigIntVector) v).setSafe(0, 0))
                    .payload("value_1", new ArrowType.Int(64, true), v -> ((BigIntVector) v).setSafe(0, 6))
                    .build(snapshot(advisory))));
            BitSet all = new BitSet();
            all.set(0, 10);
            assertEquals(all, advisoryOnly.select(noN), "an advisory predicate on a missing column is skipped");
        }
    }

    @Test
    void requiredEvaluationErrorsNameThePredicate() {
        String overflow = predicate("ovf", "required", comparison("gt", "{\"node\":\"arithmetic\",\"op\":\"add\","
                + "\"left\":" + column(0, "n") + ",\"right\":" + literal(0) + "}", literal(0)));
        byte[] bytes = new FilterBatchWriter(allocator)
                .payload("value_0", new ArrowType.Int(64, true), v -> ((BigIntVector) v).setSafe(0, Long.MAX_VALUE))
                .build(snapshot(overflow));
        FilterEvaluator evaluator = FilterEvaluator.of(PushdownFilters.decode(bytes), ECHO_BIND);
        try (VectorSchemaRoot full = echoBatch(List.of("n", "s", "pushed_filters"))) {
            FilterException e = assertThrows(FilterException.class, () -> evaluator.select(full));
            assertEquals(Reason.EVALUATION_ERROR, e.reason());
            assertTrue(e.getMessage().startsWith("filter predicate 'ovf' (required, (n + 9223372036854775807) > "),
                    e.getMessage());
            assertTrue(e.getMessage().contains("Overflow in addition of INT64"), e.getMessage());
        }
    }

    @Test
    void unsupportedRequiredNodesFailAtInit() {
        String node = "{\"node\":\"similar_to\",\"expression\":" + column(1, "s") + "}";
        PushdownFilters filters = PushdownFilters.decode(new FilterBatchWriter(allocator)
                .build(snapshot(predicate("p7", "required", node))));
        FilterException e = assertThrows(FilterException.class, () -> FilterEvaluator.of(filters));
        assertEquals(Reason.UNSUPPORTED, e.reason());
        assertTrue(e.getMessage().contains("'p7'") && e.getMessage().contains("similar_to"), e.getMessage());
        String extension = "{\"node\":\"call\",\"function\":{\"namespace\":\"duckdb.spatial\",\"name\":"
                + "\"intersects_extent\",\"version\":1},\"arguments\":[" + column(1, "s") + "," + column(2,
                        "pushed_filters") + "]}";
        FilterException ext = assertThrows(FilterException.class, () -> FilterEvaluator.of(PushdownFilters.decode(
                new FilterBatchWriter(allocator).build(snapshot(predicate("p8", "required", extension))))));
        assertTrue(ext.getMessage().contains("duckdb.spatial/intersects_extent@1"), ext.getMessage());
    }

    @Test
    void typeProblemsAreReportedClearly() {
        byte[] bytes = new FilterBatchWriter(allocator)
                .payload("value_0", new ArrowType.Int(64, true), v -> ((BigIntVector) v).setSafe(0, 1))
                .build(snapshot(predicate("p", "required", comparison("eq", column(1, "s"), literal(0)))));
        PushdownFilters filters = PushdownFilters.decode(bytes);
        FilterException e = assertThrows(FilterException.class, () -> FilterEvaluator.of(filters, ECHO_BIND));
        assertEquals(Reason.TYPE_MISMATCH, e.reason());
        assertTrue(e.getMessage().contains("cannot compare utf8 with int64"), e.getMessage());
        // A non-Boolean column as a predicate root.
        PushdownFilters root = PushdownFilters.decode(new FilterBatchWriter(allocator)
                .build(snapshot(predicate("p", "required", column(0, "n")))));
        FilterException notBool = assertThrows(FilterException.class, () -> FilterEvaluator.of(root, ECHO_BIND));
        assertTrue(notBool.getMessage().contains("must resolve to BOOLEAN, not int64"), notBool.getMessage());
        // The batch column's type differs from the bind schema's.
        PushdownFilters captured = PushdownFilters.decode(Base64.getDecoder().decode(PushdownFiltersTest.CAPTURED_B64));
        try (VectorSchemaRoot wrong = echoBatch(List.of("s"))) {
            Schema bind = new Schema(List.of(Field.nullable("s", new ArrowType.Int(64, true))));
            FilterEvaluator evaluator = FilterEvaluator.of(PushdownFilters.decode(new FilterBatchWriter(allocator)
                    .payload("value_0", new ArrowType.Int(64, true), v -> ((BigIntVector) v).setSafe(0, 1))
                    .build(snapshot(predicate("p", "required", comparison("eq", column(0, "s"), literal(0)))))), bind);
            FilterException changed = assertThrows(FilterException.class, () -> evaluator.select(wrong));
            assertEquals(Reason.TYPE_MISMATCH, changed.reason());
            assertTrue(changed.getMessage().contains("in the batch but"), changed.getMessage());
        }
        try (VectorSchemaRoot twice = echoBatch(List.of("s", "n", "n"))) {
            FilterException ambiguous = assertThrows(FilterException.class, () -> FilterEvaluator.of(captured)
                    .select(twice));
            assertTrue(ambiguous.getMessage().contains("ambiguous"), ambiguous.getMessage());
        }
    }

    @Test
    void dictionaryEncodedColumnsAreRefused() {
        Field encoded = new Field("n", new FieldType(true, new ArrowType.Int(32, true),
                new DictionaryEncoding(3L, false, null)), null);
        try (VectorSchemaRoot batch = VectorSchemaRoot.create(new Schema(List.of(encoded)), allocator)) {
            batch.setRowCount(0);
            FilterException e = assertThrows(FilterException.class, () -> FilterEvaluator.of(PushdownFilters.decode(
                    Base64.getDecoder().decode(PushdownFiltersTest.CAPTURED_B64))).select(batch));
            assertTrue(e.getMessage().contains("dictionary-encoded"), e.getMessage());
        }
    }

    @Test
    void filterCopiesNestedColumns() {
        Field list = new Field("l", FieldType.nullable(new ArrowType.List()),
                List.of(Field.nullable("item", new ArrowType.Int(64, true))));
        try (VectorSchemaRoot batch = VectorSchemaRoot.create(new Schema(List.of(list)), allocator)) {
            ListVector v = (ListVector) batch.getVector(0);
            UnionListWriter w = v.getWriter();
            for (int row = 0; row < 4; row++) {
                w.setPosition(row);
                if (row == 2) {
                    v.setNull(2);
                    continue;
                }
                w.startList();
                for (int k = 0; k <= row; k++) {
                    w.bigInt().writeBigInt(k * 10L);
                }
                w.endList();
            }
            batch.setRowCount(4);
            String call = "{\"node\":\"call\",\"function\":\"list_contains\",\"arguments\":[" + column(0, "l") + ","
                    + literal(0) + "]}";
            byte[] bytes = new FilterBatchWriter(allocator)
                    .payload("value_0", new ArrowType.Int(64, true), x -> ((BigIntVector) x).setSafe(0, 10))
                    .build(snapshot(predicate("p", "required", call)));
            FilterEvaluator evaluator = FilterEvaluator.of(PushdownFilters.decode(bytes, List.of(), allocator));
            assertEquals(java.util.Arrays.asList(List.of(0L), List.of(0L, 10L), null, List.of(0L, 10L, 20L, 30L)),
                    java.util.stream.IntStream.range(0, 4).mapToObj(v::getObject).toList());
            try (VectorSchemaRoot out = evaluator.filter(batch, allocator)) {
                assertEquals(2, out.getRowCount());
                assertEquals(List.of(0L, 10L), out.getVector(0).getObject(0));
                assertEquals(List.of(0L, 10L, 20L, 30L), out.getVector(0).getObject(1));
            }
        }
    }

    @Test
    void registeredUuidExtensionColumnsAndLiterals() {
        boolean registered = org.apache.arrow.vector.types.pojo.ExtensionTypeRegistry.lookup("arrow.uuid") != null;
        org.apache.arrow.vector.types.pojo.ExtensionTypeRegistry.register(
                org.apache.arrow.vector.extension.UuidType.INSTANCE);
        try {
            java.util.UUID low = new java.util.UUID(1L, 2L);
            java.util.UUID high = new java.util.UUID(-1L, 0L);
            Field id = new Field("id", FieldType.nullable(org.apache.arrow.vector.extension.UuidType.INSTANCE), null);
            try (VectorSchemaRoot batch = VectorSchemaRoot.create(new Schema(List.of(id)), allocator)) {
                org.apache.arrow.vector.UuidVector v = (org.apache.arrow.vector.UuidVector) batch.getVector(0);
                v.allocateNew(3);
                v.setSafe(0, low);
                v.setSafe(1, high);
                v.setNull(2);
                batch.setRowCount(3);
                byte[] bytes = new FilterBatchWriter(allocator)
                        .payload(new Field("value_0", FieldType.nullable(
                                org.apache.arrow.vector.extension.UuidType.INSTANCE), null),
                                x -> ((org.apache.arrow.vector.UuidVector) x).setSafe(0, low))
                        .build(snapshot(predicate("p", "required", comparison("gt", column(0, "id"), literal(0)))));
                PushdownFilters filters = PushdownFilters.decode(bytes, List.of(), allocator);
                assertEquals(low, ((FilterExpression.Literal) ((FilterExpression.Comparison) filters.predicates().get(0)
                        .expression()).right()).value());
                BitSet want = new BitSet();
                want.set(1);
                // UUIDs order as unsigned 128-bit numbers: ffff... sorts above 0000...0001.
                assertEquals(want, FilterEvaluator.of(filters, batch.getSchema()).select(batch));
                try (VectorSchemaRoot out = FilterEvaluator.of(filters).filter(batch, allocator)) {
                    assertEquals(high, out.getVector(0).getObject(0));
                }
            }
        } finally {
            if (!registered) {
                org.apache.arrow.vector.types.pojo.ExtensionTypeRegistry.unregister(
                        org.apache.arrow.vector.extension.UuidType.INSTANCE);
            }
        }
    }

    @Test
    void noPredicatesKeepEveryRow() {
        try (VectorSchemaRoot batch = echoBatch(List.of("n"))) {
            BitSet all = new BitSet();
            all.set(0, 10);
            assertEquals(all, FilterEvaluator.of(PushdownFilters.NONE).select(batch));
            try (VectorSchemaRoot copy = FilterEvaluator.of(PushdownFilters.NONE).filter(batch, allocator)) {
                assertEquals(10, copy.getRowCount());
            }
        }
    }
}
