package dev.vgi.core.pushdown;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import dev.vgi.core.pushdown.FilterExpression.ColumnRef;
import dev.vgi.core.util.Json;

/**
 * Runs the vectors of {@code filter-v2-vectors.json}: filter batches built by the reference builder
 * (vgi-python 0.47.0) with the per-row results or refusals of the reference consumer and its
 * DuckDB 1.5.5 evaluator (see {@code src/test/python/generate_filter_vectors.py}).
 *
 * <p>For every accepted case the three-valued result of each row must equal the reference's, the
 * selection must be exactly the TRUE rows, and the same must hold on a batch holding only the
 * referenced columns in another order (columns resolve by name, and through an explicit mapping).
 * For every refused case decoding or evaluation must throw a {@link FilterException}.
 */
class FilterVectorsTest {

    /** Cases where this implementation deliberately differs from the reference, and how. */
    private static final Map<String, String> DIVERGENT = Map.of(
            // Unknown nodes are kept as Unsupported: an advisory predicate holding one is skipped.
            "unknown_node_advisory", "skipped",
            // Division is not evaluated natively: refused (the reference evaluates it in DuckDB).
            "session_cast_divide", "unsupported");

    /** Refusals this implementation words differently from the reference. */
    private static final java.util.Set<String> REWORDED = java.util.Set.of("unknown_node",
            "call_unknown_standard_function", "session_cast_date_to_timestamp_ns",
            "session_cast_timestamp_us_to_ns_overflow");

    private static String normalize(String message) {
        return message.replaceAll("['\\[\\]\"]", "");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> vectors() throws IOException {
        try (InputStream in = FilterVectorsTest.class.getResourceAsStream("filter-v2-vectors.json")) {
            assertNotNull(in, "filter-v2-vectors.json on the test class path");
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return (Map<String, Object>) Json.parse(text, new Json.Limits(64, 16 << 20));
        }
    }

    private static byte[] b64(Object s) {
        return Base64.getDecoder().decode((String) s);
    }

    @TestFactory
    @SuppressWarnings("unchecked")
    Stream<DynamicTest> referenceVectors() throws IOException {
        Map<String, Object> all = vectors();
        byte[] data = b64(all.get("data"));
        List<Object> cases = (List<Object>) all.get("cases");
        assertTrue(cases.size() > 400, "vector count");
        return cases.stream().map(c -> (Map<String, Object>) c)
                .map(c -> DynamicTest.dynamicTest((String) c.get("name"), () -> run(c, data)));
    }

    @SuppressWarnings("unchecked")
    private static void run(Map<String, Object> c, byte[] defaultData) throws Exception {
        String name = (String) c.get("name");
        byte[] filter = b64(c.get("filter"));
        List<byte[]> keys = new ArrayList<>();
        for (Object k : (List<Object>) c.get("join_keys")) {
            keys.add(b64(k));
        }
        List<byte[]> deltas = new ArrayList<>();
        for (Object d : (List<Object>) c.get("deltas")) {
            deltas.add(b64(d));
        }
        byte[] data = c.containsKey("data") ? b64(c.get("data")) : defaultData;
        List<Object> expect = (List<Object>) c.get("expect");
        String divergence = DIVERGENT.get(name);
        try (BufferAllocator allocator = new RootAllocator();
                ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(data), allocator)) {
            assertTrue(reader.loadNextBatch());
            VectorSchemaRoot batch = reader.getVectorSchemaRoot();
            if (expect == null && divergence == null) {
                FilterException e = assertThrows(FilterException.class,
                        () -> evaluate(filter, keys, deltas, batch, allocator),
                        () -> name + ": the reference refused it (" + c.get("stage") + "): " + c.get("error"));
                assertFalse(e.getMessage().isBlank());
                if ("evaluate".equals(c.get("stage"))) {
                    assertEquals(FilterException.Reason.EVALUATION_ERROR, e.reason(), name + ": " + e.getMessage());
                } else {
                    assertFalse(e.reason() == FilterException.Reason.EVALUATION_ERROR, name + ": " + e.getMessage());
                }
                if (!REWORDED.contains(name)) {
                    String theirs = normalize((String) c.get("error"));
                    theirs = theirs.substring(0, Math.min(20, theirs.length()));
                    assertTrue(normalize(e.getMessage()).contains(theirs),
                            name + ": '" + e.getMessage() + "' should say what the reference says: " + c.get("error"));
                }
                assertEquals("ValueError", e.errorType());
                return;
            }
            if ("unsupported".equals(divergence)) {
                FilterException e = assertThrows(FilterException.class,
                        () -> evaluate(filter, keys, deltas, batch, allocator));
                assertEquals(FilterException.Reason.UNSUPPORTED, e.reason(), e.getMessage());
                return;
            }
            FilterEvaluator evaluator = evaluate(filter, keys, deltas, batch, allocator);
            byte[] expected = new byte[batch.getRowCount()];
            if ("skipped".equals(divergence)) {
                assertEquals(1, evaluator.skipped().size(), name);
                java.util.Arrays.fill(expected, (byte) 1);
            } else {
                assertEquals(batch.getRowCount(), expect.size(), name);
                for (int i = 0; i < expected.length; i++) {
                    expected[i] = ((Long) expect.get(i)).byteValue();
                }
            }
            assertArrayEquals(expected, evaluator.kleene(batch, null), name + " (three-valued result per row)");
            BitSet want = new BitSet();
            for (int i = 0; i < expected.length; i++) {
                if (expected[i] == 1) {
                    want.set(i);
                }
            }
            assertEquals(want, evaluator.select(batch), name + " (selection)");
            checkProjected(evaluator, batch, want, name);
            try (VectorSchemaRoot filtered = evaluator.filter(batch, allocator)) {
                assertEquals(want.cardinality(), filtered.getRowCount(), name);
            }
        }
    }

    private static FilterEvaluator evaluate(byte[] filter, List<byte[]> keys, List<byte[]> deltas,
            VectorSchemaRoot batch, BufferAllocator allocator) {
        PushdownFilters filters = PushdownFilters.decode(filter, keys, allocator);
        for (byte[] d : deltas) {
            filters = filters.applyDelta(d);
        }
        filters.validate(batch.getSchema());
        FilterEvaluator evaluator = FilterEvaluator.of(filters, batch.getSchema());
        evaluator.kleene(batch, null);
        return evaluator;
    }

    /**
     * The same selection on a batch that holds only the referenced columns, in reverse order: by
     * name, and through an explicit bind-index mapping.
     */
    private static void checkProjected(FilterEvaluator evaluator, VectorSchemaRoot batch, BitSet want, String name) {
        List<ColumnRef> refs = evaluator.filters().columns();
        List<FieldVector> vectors = new ArrayList<>();
        int[] mapping = new int[batch.getFieldVectors().size()];
        java.util.Arrays.fill(mapping, -1);
        for (int i = refs.size() - 1; i >= 0; i--) {
            mapping[refs.get(i).columnIndex()] = vectors.size();
            vectors.add(batch.getVector(refs.get(i).columnIndex()));
        }
        // Shares the vectors of 'batch' (which owns them): never closed.
        VectorSchemaRoot projected = new VectorSchemaRoot(vectors);
        projected.setRowCount(batch.getRowCount());
        FilterEvaluator unchecked = FilterEvaluator.of(evaluator.filters());
        if (!unchecked.skipped().isEmpty() || evaluator.skipped().size() != unchecked.skipped().size()) {
            return;
        }
        assertEquals(want, unchecked.select(projected), name + " (projected batch, by name)");
        assertEquals(want, unchecked.select(projected, mapping), name + " (projected batch, mapping)");
        if (!refs.isEmpty()) {
            int[] none = new int[mapping.length];
            java.util.Arrays.fill(none, -1);
            boolean required = evaluator.filters().predicates().stream().anyMatch(Predicate::required);
            if (required) {
                FilterException e = assertThrows(FilterException.class, () -> unchecked.select(projected, none));
                assertEquals(FilterException.Reason.MISSING_COLUMN, e.reason(), name);
            }
        }
    }
}
