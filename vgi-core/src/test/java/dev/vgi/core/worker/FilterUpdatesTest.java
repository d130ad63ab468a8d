package dev.vgi.core.worker;

import static dev.vgi.core.worker.TestFilters.cmp;
import static dev.vgi.core.worker.TestFilters.col;
import static dev.vgi.core.worker.TestFilters.delta;
import static dev.vgi.core.worker.TestFilters.int64;
import static dev.vgi.core.worker.TestFilters.lit;
import static dev.vgi.core.worker.TestFilters.predicate;
import static dev.vgi.core.worker.TestFilters.remove;
import static dev.vgi.core.worker.TestFilters.snapshot;
import static dev.vgi.core.worker.TestFilters.upsert;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.vgi.core.pushdown.FilterException;
import dev.vgi.core.pushdown.PushdownFilters;

/** Tick-time filter deltas folded into a scan's filters, and the compacted history a snapshot carries. */
class FilterUpdatesTest {

    private RootAllocator allocator;
    private PushdownFilters initial;

    @BeforeEach
    void setUp() {
        allocator = new RootAllocator();
        initial = PushdownFilters.decode(TestFilters.batch(allocator, snapshot(predicate("p0", true,
                cmp("ge", col(0, "n"), lit(0)))), int64(0L)), List.of(), allocator);
    }

    @AfterEach
    void tearDown() {
        assertEquals(0, allocator.getAllocatedMemory(), "Arrow memory leaked");
        allocator.close();
    }

    private byte[] bound(String id, long revision, long below) {
        return TestFilters.batch(allocator, delta(upsert(id, revision, cmp("lt", col(0, "n"), lit(0)))), int64(below));
    }

    @Test
    void deltasAreFoldedInAndStaleOnesChangeNothing() {
        FilterUpdates updates = new FilterUpdates(initial);
        assertTrue(updates.apply(TestFilters.base64(allocator, delta(upsert("top", 1, cmp("lt", col(0, "n"), lit(0)))), int64(9L))));
        assertEquals("n >= 0 AND n < 9", updates.current().toString());
        assertTrue(updates.applyBytes(bound("top", 2, 5)));
        assertEquals("n >= 0 AND n < 5", updates.current().toString());
        assertFalse(updates.applyBytes(bound("top", 2, 1)), "a duplicate revision is a no-op");
        assertFalse(updates.applyBytes(bound("top", 1, 1)), "a stale revision is a no-op");
        assertEquals("n >= 0 AND n < 5", updates.current().toString());
    }

    @Test
    void theHistoryKeepsOnlyTheDeltasThatInstalledACurrentRevision() {
        FilterUpdates updates = new FilterUpdates(initial);
        byte[] first = bound("top", 1, 9);
        byte[] both = TestFilters.batch(allocator, delta(upsert("top", 2, cmp("lt", col(0, "n"), lit(0))),
                upsert("other", 1, cmp("gt", col(0, "n"), lit(1)))), int64(7L), int64(1L));
        byte[] third = bound("top", 3, 4);
        updates.applyBytes(first);
        updates.applyBytes(both);
        updates.applyBytes(third);
        List<byte[]> history = updates.history();
        assertEquals(2, history.size(), "the first delta installed nothing that is still current");
        assertArrayEquals(both, history.get(0));
        assertArrayEquals(third, history.get(1));

        FilterUpdates replayed = FilterUpdates.replay(initial, history);
        assertEquals(updates.current().revisions(), replayed.current().revisions());
        assertEquals(Map.of("p0", 0L, "top", 3L, "other", 1L), replayed.current().revisions());
        assertEquals(updates.current().predicates().size(), replayed.current().predicates().size());
        assertEquals(2, replayed.history().size());
    }

    @Test
    void aRemovalIsATombstoneTheHistoryCarries() {
        FilterUpdates updates = new FilterUpdates(initial);
        updates.applyBytes(bound("top", 1, 9));
        byte[] removal = TestFilters.batch(allocator, delta(remove("top", 2)));
        assertTrue(updates.applyBytes(removal));
        assertEquals("n >= 0", updates.current().toString());
        assertEquals(1, updates.history().size());
        assertFalse(FilterUpdates.replay(initial, updates.history()).applyBytes(bound("top", 1, 3)),
                "the tombstone's revision survives the replay");
    }

    @Test
    void illegalDeltasAreRefused() {
        FilterUpdates updates = new FilterUpdates(initial);
        assertEquals(FilterException.Reason.MALFORMED, assertThrows(FilterException.class, () -> updates.apply("not base64!")).reason());
        assertThrows(FilterException.class, () -> updates.applyBytes(bound("p0", 1, 3)), "a delta may not touch a required predicate");
        assertThrows(FilterException.class, () -> new FilterUpdates(PushdownFilters.NONE).applyBytes(bound("top", 1, 3)),
                "a delta needs a snapshot");
        assertEquals("n >= 0", updates.current().toString(), "a refused delta changes nothing");
    }
}
