package dev.vgi.core.worker;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.TransferPair;

import dev.vgi.core.pushdown.FilterEvaluator;
import dev.vgi.core.pushdown.FilterExpression;
import dev.vgi.core.pushdown.FilterExpression.ColumnRef;
import dev.vgi.core.pushdown.Predicate;
import dev.vgi.core.pushdown.PushdownFilters;

/**
 * The runtime's share of filter pushdown for one stream whose function does not apply the filters
 * itself (spec §9.2.3, delta §2.6.5): which columns the function must produce, and, per batch, the
 * rows that pass.
 *
 * <p>Column references index the unprojected bind schema and may name columns DuckDB did not
 * project; the function is then asked for DuckDB's projection followed by those columns
 * ({@link #produced()}), the batch is filtered, and only the leading, requested columns are sent.
 * Rows are kept where every applied predicate is SQL TRUE ({@link FilterEvaluator}); required
 * predicates the evaluator cannot handle fail at construction, naming predicate and column;
 * advisory ones it cannot handle are skipped.
 *
 * <p>Immutable; {@link #update} gives the filter after a tick-time delta, producing the same columns.
 */
final class RowFilter {

    private final Schema bindSchema;
    private final List<Integer> requested;
    private final List<Integer> produced;
    private final int[] mapping;
    private final FilterEvaluator evaluator;

    private RowFilter(Schema bindSchema, List<Integer> requested, List<Integer> produced, int[] mapping,
            FilterEvaluator evaluator) {
        this.bindSchema = bindSchema;
        this.requested = requested;
        this.produced = produced;
        this.mapping = mapping;
        this.evaluator = evaluator;
    }

    /**
     * No filtering (the function applies the filters itself, or accepts none): it produces exactly
     * the {@code requested} columns ({@code null}: all), and {@link #update} changes nothing.
     */
    static RowFilter none(List<Integer> requested) {
        return new RowFilter(null, requested, requested, null, null);
    }

    /**
     * The filter for {@code filters} over a function bound to {@code bindSchema} whose output DuckDB
     * projects to {@code requested} ({@code null}: every column).
     *
     * @throws dev.vgi.core.pushdown.FilterException when a required predicate cannot be evaluated
     *     exactly (unsupported node, function or cast, type mismatch, unknown column)
     */
    static RowFilter of(PushdownFilters filters, Schema bindSchema, List<Integer> requested) {
        FilterEvaluator evaluator = filters == null || filters.isEmpty() ? null : FilterEvaluator.of(filters, bindSchema);
        List<Integer> produced = evaluator == null ? requested : widen(requested, evaluator.activePredicates(), bindSchema);
        int[] mapping = FilterEvaluator.projectionMapping(bindSchema.getFields().size(), produced);
        return new RowFilter(bindSchema, requested, produced, mapping,
                evaluator == null || evaluator.keepsEverything() ? null : evaluator);
    }

    /** {@code requested} followed by every bind column the predicates reference that it lacks, in bind order. */
    private static List<Integer> widen(List<Integer> requested, List<Predicate> predicates, Schema bindSchema) {
        if (requested == null) {
            return null;
        }
        Set<Integer> referenced = new TreeSet<>();
        for (Predicate p : predicates) {
            for (ColumnRef ref : FilterExpression.columns(p.expression())) {
                if (ref.columnIndex() < bindSchema.getFields().size()) {
                    referenced.add(ref.columnIndex());
                }
            }
        }
        referenced.removeAll(requested);
        if (referenced.isEmpty()) {
            return requested;
        }
        List<Integer> out = new ArrayList<>(requested);
        out.addAll(referenced);
        return List.copyOf(out);
    }

    /**
     * The filter for {@code filters} (the same scan's filters after a tick-time delta) over the
     * same produced columns: predicates on columns the function does not produce can only be
     * advisory (deltas are) and are skipped.
     */
    RowFilter update(PushdownFilters filters) {
        if (bindSchema == null) {
            return this;
        }
        FilterEvaluator next = filters == null || filters.isEmpty() ? null : FilterEvaluator.of(filters, bindSchema);
        return new RowFilter(bindSchema, requested, produced, mapping, next == null || next.keepsEverything() ? null : next);
    }

    /** The columns the function fills, as indices into the bind schema ({@code null}: all of them, in order). */
    List<Integer> produced() {
        return produced;
    }

    /** Whether the function fills columns that are not sent (filter columns DuckDB did not project). */
    boolean widened() {
        return requested != null && produced.size() > requested.size();
    }

    /** Whether the function can fill the sent batch directly (nothing to filter, nothing to drop). */
    boolean direct() {
        return evaluator == null && !widened();
    }

    /** The schema the function fills: {@code bindSchema} projected to {@link #produced()}. */
    static Schema project(Schema bindSchema, List<Integer> columns) {
        if (columns == null) {
            return bindSchema;
        }
        List<Field> fields = new ArrayList<>(columns.size());
        for (int i : columns) {
            fields.add(bindSchema.getFields().get(i));
        }
        return new Schema(fields);
    }

    /**
     * Moves the rows of {@code produced} that pass into {@code out}, whose columns are the leading
     * columns of {@code produced} (the requested ones); {@code produced}'s vectors may be left empty.
     *
     * @return the number of rows kept
     * @throws dev.vgi.core.pushdown.FilterException when a required predicate fails on this batch
     */
    int apply(VectorSchemaRoot produced, VectorSchemaRoot out) {
        int rows = produced.getRowCount();
        BitSet keep;
        if (evaluator == null || rows == 0) {
            keep = null;
        } else {
            keep = evaluator.select(produced, mapping);
            if (keep.cardinality() == rows) {
                keep = null;
            }
        }
        List<FieldVector> from = produced.getFieldVectors();
        List<FieldVector> to = out.getFieldVectors();
        if (to.size() > from.size()) {
            throw new IllegalStateException("the produced batch has " + from.size() + " columns, fewer than the "
                    + to.size() + " to send");
        }
        int kept = keep == null ? rows : keep.cardinality();
        for (int c = 0; c < to.size(); c++) {
            FieldVector target = to.get(c);
            FieldVector source = from.get(c);
            if (keep == null) {
                // every row passes: hand the buffers over
                source.setValueCount(rows);
                source.makeTransferPair(target).transfer();
            } else {
                target.setInitialCapacity(Math.max(kept, 1));
                target.allocateNew();
                TransferPair pair = source.makeTransferPair(target);
                int at = 0;
                for (int row = keep.nextSetBit(0); row >= 0; row = keep.nextSetBit(row + 1)) {
                    pair.copyValueSafe(row, at++);
                }
                target.setValueCount(kept);
            }
        }
        out.setRowCount(kept);
        return kept;
    }

    /**
     * A reusable root of the produced schema for one stream, allocated on first use from the
     * allocator of the turn that needs it; {@link #close()} releases it.
     */
    static final class Scratch implements AutoCloseable {
        private VectorSchemaRoot root;

        /** The root, reset and ready to fill, with the schema {@code schema}. */
        VectorSchemaRoot root(Schema schema, BufferAllocator allocator) {
            if (root == null || !root.getSchema().equals(schema)) {
                close();
                root = VectorSchemaRoot.create(schema, allocator);
            } else {
                for (FieldVector v : root.getFieldVectors()) {
                    v.reset();
                }
            }
            root.setRowCount(0);
            return root;
        }

        @Override
        public void close() {
            VectorSchemaRoot r = root;
            root = null;
            if (r != null) {
                r.close();
            }
        }
    }
}
