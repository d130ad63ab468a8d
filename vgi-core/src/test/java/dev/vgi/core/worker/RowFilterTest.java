package dev.vgi.core.worker;

import static dev.vgi.core.worker.TestFilters.cmp;
import static dev.vgi.core.worker.TestFilters.col;
import static dev.vgi.core.worker.TestFilters.in;
import static dev.vgi.core.worker.TestFilters.int64;
import static dev.vgi.core.worker.TestFilters.int64List;
import static dev.vgi.core.worker.TestFilters.isNull;
import static dev.vgi.core.worker.TestFilters.lit;
import static dev.vgi.core.worker.TestFilters.not;
import static dev.vgi.core.worker.TestFilters.or;
import static dev.vgi.core.worker.TestFilters.predicate;
import static dev.vgi.core.worker.TestFilters.snapshot;
import static dev.vgi.core.worker.TestFilters.unknown;
import static dev.vgi.core.worker.TestFilters.upsert;
import static dev.vgi.core.worker.TestFilters.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.vgi.core.arrow.ArrowValues;
import dev.vgi.core.pushdown.FilterException;
import dev.vgi.core.pushdown.PushdownFilters;

/**
 * The runtime's filter application: which columns a function is asked for, which rows pass (SQL
 * WHERE semantics with NULLs), and that only the requested columns leave, in their order. Every
 * test ends with no Arrow memory allocated.
 */
class RowFilterTest {

    /** The bind schema: {@code n int64, s utf8, sq int64}. */
    private static final Schema BIND = TestCatalog.SEQUENCE_SCHEMA;

    private RootAllocator allocator;

    @BeforeEach
    void setUp() {
        allocator = new RootAllocator();
    }

    @AfterEach
    void tearDown() {
        assertEquals(0, allocator.getAllocatedMemory(), "Arrow memory leaked");
        allocator.close();
    }

    private PushdownFilters filters(String document, TestFilters.Value... values) {
        return PushdownFilters.decode(TestFilters.batch(allocator, document, values), List.of(), allocator);
    }

    /** Rows {@code n, s, sq} of the bind schema; a {@code null} entry is a NULL value. */
    private record Row(Long n, String s, Long sq) {
        Map<String, Object> asMap() {
            java.util.LinkedHashMap<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("n", n);
            m.put("s", s);
            m.put("sq", sq);
            return m;
        }
    }

    private static List<Row> sequence(Long... ns) {
        List<Row> rows = new ArrayList<>();
        for (Long n : ns) {
            rows.add(new Row(n, n == null ? null : "v" + n, n == null ? null : n * n));
        }
        return rows;
    }

    /** Fills {@code produced} (any projection of the bind schema) from {@code rows}, by column name. */
    private static void fill(VectorSchemaRoot produced, List<Row> rows) {
        produced.allocateNew();
        for (int i = 0; i < rows.size(); i++) {
            Map<String, Object> all = rows.get(i).asMap();
            java.util.LinkedHashMap<String, Object> row = new java.util.LinkedHashMap<>();
            for (Field f : produced.getSchema().getFields()) {
                row.put(f.getName(), all.get(f.getName()));
            }
            ArrowValues.writeRow(produced, i, row);
        }
        produced.setRowCount(rows.size());
    }

    /** Runs {@code filter} over one batch of {@code rows}; returns the sent rows (requested columns only). */
    private List<Map<String, Object>> run(RowFilter filter, List<Integer> requested, List<Row> rows) {
        try (VectorSchemaRoot produced = VectorSchemaRoot.create(RowFilter.project(BIND, filter.produced()), allocator);
                VectorSchemaRoot out = VectorSchemaRoot.create(RowFilter.project(BIND, requested), allocator)) {
            fill(produced, rows);
            int kept = filter.apply(produced, out);
            assertEquals(kept, out.getRowCount());
            return read(out);
        }
    }

    private static List<Map<String, Object>> read(VectorSchemaRoot out) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < out.getRowCount(); i++) {
            rows.add(ArrowValues.readRow(out, i));
        }
        return rows;
    }

    private static List<Object> column(List<Map<String, Object>> rows, String name) {
        return rows.stream().map(r -> r.get(name)).toList();
    }

    private List<Object> ns(String document, TestFilters.Value value, Long... n) {
        RowFilter filter = RowFilter.of(filters(document, value), BIND, null);
        return column(run(filter, null, sequence(n)), "n");
    }

    // ---------------------------------------------------------------- projection

    @Test
    void aFilterColumnOutsideTheProjectionIsProducedEvaluatedAndDropped() {
        RowFilter filter = RowFilter.of(filters(snapshot(predicate("p0", true, cmp("eq", col(1, "s"), lit(0)))), utf8("v4")),
                BIND, List.of(2, 0));
        assertEquals(List.of(2, 0, 1), filter.produced(), "the client's projection, then the filter column");
        assertTrue(filter.widened());
        assertFalse(filter.direct());
        List<Map<String, Object>> out = run(filter, List.of(2, 0), sequence(3L, 4L, 5L, 4L));
        assertEquals(List.of(List.of("sq", "n"), List.of("sq", "n")), out.stream().map(r -> List.copyOf(r.keySet())).toList(),
                "only the requested columns, in the requested order");
        assertEquals(List.of(16L, 16L), column(out, "sq"));
        assertEquals(List.of(4L, 4L), column(out, "n"));
    }

    @Test
    void aProjectedFilterColumnIsNotAddedAgain() {
        RowFilter filter = RowFilter.of(filters(snapshot(predicate("p0", true, cmp("ge", col(0, "n"), lit(0)))), int64(2L)),
                BIND, List.of(2, 0));
        assertEquals(List.of(2, 0), filter.produced());
        assertFalse(filter.widened());
        assertEquals(List.of(4L, 9L), column(run(filter, List.of(2, 0), sequence(1L, 2L, 3L)), "sq"));
    }

    @Test
    void withoutProjectionEveryColumnIsProduced() {
        RowFilter filter = RowFilter.of(filters(snapshot(predicate("p0", true, cmp("lt", col(2, "sq"), lit(0)))), int64(5L)),
                BIND, null);
        assertEquals(null, filter.produced());
        assertEquals(List.of(0L, 1L, 2L), column(run(filter, null, sequence(0L, 1L, 2L, 3L)), "n"));
    }

    @Test
    void noFiltersMeansTheFunctionFillsTheSentBatch() {
        RowFilter none = RowFilter.none(List.of(1));
        assertTrue(none.direct());
        assertEquals(List.of(1), none.produced());
        assertSame(none, none.update(PushdownFilters.NONE), "a function applying its own filters is never filtered");
        RowFilter empty = RowFilter.of(filters(snapshot()), BIND, List.of(1));
        assertTrue(empty.direct(), "an empty snapshot filters nothing");
    }

    @Test
    void whenEveryRowPassesTheBuffersAreHandedOver() {
        RowFilter filter = RowFilter.of(filters(snapshot(predicate("p0", true, cmp("ge", col(0, "n"), lit(0)))), int64(0L)),
                BIND, List.of(1));
        try (VectorSchemaRoot produced = VectorSchemaRoot.create(RowFilter.project(BIND, filter.produced()), allocator);
                VectorSchemaRoot out = VectorSchemaRoot.create(RowFilter.project(BIND, List.of(1)), allocator)) {
            fill(produced, sequence(1L, 2L, 3L));
            assertEquals(3, filter.apply(produced, out));
            assertEquals(List.of("v1", "v2", "v3"), column(read(out), "s"));
            assertEquals(0, produced.getVector(0).getValueCount(), "transferred, not copied");
        }
    }

    @Test
    void aScratchRootIsReusedAcrossBatches() {
        RowFilter filter = RowFilter.of(filters(snapshot(predicate("p0", true, cmp("ne", col(0, "n"), lit(0)))), int64(2L)),
                BIND, List.of(1));
        Schema produced = RowFilter.project(BIND, filter.produced());
        List<Object> sent = new ArrayList<>();
        try (RowFilter.Scratch scratch = new RowFilter.Scratch();
                VectorSchemaRoot out = VectorSchemaRoot.create(RowFilter.project(BIND, List.of(1)), allocator)) {
            for (List<Row> batch : List.of(sequence(1L, 2L, 3L), sequence(2L, 2L), sequence(4L))) {
                VectorSchemaRoot root = scratch.root(produced, allocator);
                assertEquals(0, root.getRowCount());
                fill(root, batch);
                filter.apply(root, out);
                sent.addAll(column(read(out), "s"));
            }
        }
        assertEquals(List.of("v1", "v3", "v4"), sent);
    }

    @Test
    void anEmptyBatchStaysEmpty() {
        RowFilter filter = RowFilter.of(filters(snapshot(predicate("p0", true, cmp("eq", col(1, "s"), lit(0)))), utf8("x")),
                BIND, List.of(0));
        assertEquals(List.of(), run(filter, List.of(0), List.of()));
    }

    // ---------------------------------------------------------------- NULL semantics

    @Test
    void aComparisonWithNullDropsTheRow() {
        assertEquals(List.of(2L, 3L), ns(snapshot(predicate("p0", true, cmp("ge", col(0, "n"), lit(0)))), int64(2L),
                null, 1L, 2L, 3L, null));
    }

    @Test
    void notOfNullIsNullAndDropsTheRow() {
        assertEquals(List.of(1L), ns(snapshot(predicate("p0", true, not(cmp("ge", col(0, "n"), lit(0))))), int64(2L),
                null, 1L, 2L, 3L, null));
    }

    @Test
    void isNullKeepsTheNullRows() {
        RowFilter filter = RowFilter.of(filters(snapshot(predicate("p0", true, isNull(col(0, "n"), false)))), BIND, null);
        assertEquals(Arrays.asList(null, null), column(run(filter, null, sequence(null, 1L, null)), "n"));
        RowFilter notNull = RowFilter.of(filters(snapshot(predicate("p0", true, isNull(col(0, "n"), true)))), BIND, null);
        assertEquals(List.of(1L), column(run(notNull, null, sequence(null, 1L, null)), "n"));
    }

    @Test
    void comparingWithANullLiteralKeepsNothing() {
        assertEquals(List.of(), ns(snapshot(predicate("p0", true, cmp("eq", col(0, "n"), lit(0)))), int64(null), 1L, null));
    }

    @Test
    void orIsTrueWhenAnyOperandIsTrueAndNullOtherwise() {
        // n >= 3 OR s = 'v1': TRUE OR NULL keeps, FALSE OR NULL (NULL) drops
        List<Row> rows = List.of(new Row(1L, "v1", 1L), new Row(3L, null, 9L), new Row(2L, null, 4L), new Row(null, "v1", null),
                new Row(null, null, null));
        RowFilter filter = RowFilter.of(filters(snapshot(predicate("p0", true, or(cmp("ge", col(0, "n"), lit(0)),
                cmp("eq", col(1, "s"), lit(1))))), int64(3L), utf8("v1")), BIND, List.of(2));
        assertEquals(List.of(2, 0, 1), filter.produced());
        assertEquals(Arrays.asList(1L, 9L, null), column(run(filter, List.of(2), rows), "sq"));
    }

    @Test
    void inWithANullElementIsNullForAMiss() {
        assertEquals(List.of(1L), ns(snapshot(predicate("p0", true, in(col(0, "n"), 0))), int64List(Arrays.asList(1L, null)),
                1L, 2L, null));
    }

    @Test
    void predicatesAreAnded() {
        RowFilter filter = RowFilter.of(filters(snapshot(predicate("p0", true, cmp("ge", col(0, "n"), lit(0))),
                predicate("p1", true, cmp("ne", col(1, "s"), lit(1)))), int64(2L), utf8("v3")), BIND, List.of(0));
        assertEquals(List.of(2L, 4L), column(run(filter, List.of(0), sequence(1L, 2L, 3L, 4L, null)), "n"));
    }

    // ---------------------------------------------------------------- what the evaluator cannot do

    @Test
    void aRequiredPredicateTheEvaluatorCannotHandleFailsNamingIt() {
        PushdownFilters f = filters(snapshot(predicate("p_odd", true, unknown(col(2, "sq")))));
        FilterException e = assertThrows(FilterException.class, () -> RowFilter.of(f, BIND, List.of(0)));
        assertEquals(FilterException.Reason.UNSUPPORTED, e.reason());
        assertTrue(e.getMessage().contains("p_odd") && e.getMessage().contains("similar_to"), e.getMessage());
        assertEquals("ValueError", e.errorType());
    }

    @Test
    void anAdvisoryPredicateTheEvaluatorCannotHandleIsSkipped() {
        PushdownFilters f = filters(snapshot(predicate("p_odd", false, unknown(col(2, "sq"))),
                predicate("p1", true, cmp("gt", col(0, "n"), lit(0)))), int64(1L));
        RowFilter filter = RowFilter.of(f, BIND, List.of(0));
        assertEquals(List.of(0), filter.produced(), "a skipped predicate's column is not asked for");
        assertEquals(List.of(2L, 3L), column(run(filter, List.of(0), sequence(1L, 2L, 3L)), "n"));
    }

    @Test
    void aTypeMismatchOfARequiredPredicateFailsNamingTheColumn() {
        PushdownFilters f = filters(snapshot(predicate("p0", true, cmp("eq", col(1, "s"), lit(0)))), int64(1L));
        FilterException e = assertThrows(FilterException.class, () -> RowFilter.of(f, BIND, null));
        assertTrue(e.getMessage().contains("p0"), e.getMessage());
    }

    // ---------------------------------------------------------------- tick-time updates

    @Test
    void anUpdateFiltersWithTheNewPredicatesOverTheSameColumns() {
        PushdownFilters initial = filters(snapshot(predicate("p0", true, cmp("ge", col(0, "n"), lit(0)))), int64(1L));
        RowFilter filter = RowFilter.of(initial, BIND, List.of(0));
        PushdownFilters later = initial.applyDelta(TestFilters.batch(allocator,
                TestFilters.delta(upsert("top", 1, cmp("lt", col(0, "n"), lit(0)))), int64(3L)));
        RowFilter updated = filter.update(later);
        assertEquals(filter.produced(), updated.produced());
        assertEquals(List.of(1L, 2L), column(run(updated, List.of(0), sequence(0L, 1L, 2L, 3L, 4L)), "n"));
        // an advisory bound on a column the scan does not produce is skipped, not an error
        PushdownFilters onS = initial.applyDelta(TestFilters.batch(allocator,
                TestFilters.delta(upsert("top", 1, cmp("lt", col(1, "s"), lit(0)))), utf8("v2")));
        assertEquals(List.of(1L, 2L, 3L), column(run(filter.update(onS), List.of(0), sequence(0L, 1L, 2L, 3L)), "n"));
    }
}
