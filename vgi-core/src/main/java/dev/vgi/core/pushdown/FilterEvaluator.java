package dev.vgi.core.pushdown;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.TransferPair;

import dev.vgi.core.pushdown.FilterException.Reason;
import dev.vgi.core.pushdown.FilterExpression.ColumnRef;

/**
 * Applies {@link PushdownFilters} to record batches in Java, for table functions that declare
 * {@code filter_pushdown} but do not evaluate filters themselves. Build one per scan (at
 * {@code init}) and call {@link #select} or {@link #filter} on every batch before emitting it.
 *
 * <h2>Semantics</h2>
 * SQL WHERE semantics of profile {@code vgi.duckdb.standard.v1}: the predicates are ANDed and a
 * row is kept only where each applied predicate is TRUE (FALSE and NULL drop it). NULLs follow
 * SQL three-valued logic: comparisons, {@code IN}, arithmetic, casts and the string/list
 * functions give NULL on a NULL operand; {@code AND} is FALSE if any operand is FALSE, {@code OR}
 * TRUE if any is TRUE, otherwise NULL if any is NULL; {@code NOT NULL} is NULL; {@code IS [NOT]
 * NULL} and {@code IS [NOT] DISTINCT FROM} are never NULL. {@code x IN (…)} is FALSE for an empty
 * set (even when {@code x} is NULL), NULL when {@code x} is NULL or when no element matches and the
 * set holds a NULL. Ordering and equality are DuckDB's: numbers compare exactly across integer
 * and decimal types and as {@code double} when either side is floating point (NaN equals NaN and
 * sorts above everything, {@code -0.0 = 0.0}); strings by code point (binary collation); blobs by
 * unsigned bytes; a date with a timestamp as midnight; intervals after normalising 24-hour days and
 * 30-day months; lists and structs element by element, NULL elements equal and last. Operands are
 * evaluated left to right and {@code AND}/{@code OR} stop at the first deciding operand; a
 * predicate is only evaluated on rows the earlier predicates kept.
 *
 * <h2>Columns</h2>
 * A {@link ColumnRef} indexes the <b>unprojected</b> bind output schema. The batch must hold each
 * referenced column, even one that is not projected. With no mapping, a reference resolves to the
 * batch column at its index when that column has its name, else to the one batch column with its
 * name. With a {@code columnIndexMapping}, {@code mapping[bindIndex]} is the batch position
 * ({@code -1}: absent); see {@link #projectionMapping}.
 *
 * <h2>Obligations (delta spec §2.6.5)</h2>
 * <ul>
 * <li>A <b>required</b> predicate is always applied or fails: an unsupported node, function,
 * operator or cast, a type mismatch, a reference to a column the bind schema or batch lacks, or an
 * evaluation error (e.g. integer overflow) throws a {@link FilterException} naming the predicate and
 * the node or column. {@link #of(PushdownFilters, Schema)} reports all schema-level problems at
 * {@code init}.</li>
 * <li>An <b>advisory</b> predicate is applied when it can be evaluated exactly (it never changes
 * the answer, only the rows sent); otherwise it is skipped: for good ({@link #skipped()}) when it
 * has a node this evaluator cannot evaluate or does not fit the bind schema, or for one batch when
 * that batch lacks its column or its evaluation fails. Runtime filters are always skipped.</li>
 * </ul>
 *
 * <p>Supported: {@code column_ref}, {@code field_ref}, {@code literal}, {@code comparison} (all
 * eight operators), {@code and}, {@code or}, {@code not}, {@code is_null}, {@code in} (literal and
 * external sets), {@code cast} (exact subset: identity, integer↔integer and integer→float/decimal
 * with range checks, bool↔integer, float32→float64, decimal scale-up, date→timestamp,
 * timestamp→date, timestamp unit scale-up), {@code arithmetic} {@code add}/{@code subtract}/{@code
 * multiply} on integers (same signedness, overflow is an error) and floating point,
 * {@code negate}, {@code call} of {@code starts_with}, {@code ends_with}, {@code contains},
 * {@code list_contains}. Not supported: {@code divide}, {@code modulo}, decimal arithmetic, other
 * casts, extension functions, runtime filters, unknown nodes, dictionary-encoded batch columns,
 * string operations under a non-binary {@code vgi_default_collation}.
 */
public final class FilterEvaluator {

    /**
     * An advisory predicate this evaluator will not apply.
     *
     * @param predicate the predicate
     * @param reason why
     */
    public record Skipped(Predicate predicate, String reason) {
    }

    private final PushdownFilters filters;
    private final Schema bindSchema;
    private final List<Predicate> active;
    private final List<Skipped> skipped;

    private FilterEvaluator(PushdownFilters filters, Schema bindSchema, List<Predicate> active, List<Skipped> skipped) {
        this.filters = filters;
        this.bindSchema = bindSchema;
        this.active = List.copyOf(active);
        this.skipped = List.copyOf(skipped);
    }

    /**
     * An evaluator that checks node support now and types per batch.
     *
     * @throws FilterException when a required predicate has a node this evaluator cannot evaluate
     */
    public static FilterEvaluator of(PushdownFilters filters) {
        return of(filters, null);
    }

    /**
     * An evaluator checked against the unprojected bind output schema: column references
     * (index and name), operand types, functions and casts of every required predicate are checked
     * now, so problems fail the {@code init} rather than the first batch.
     *
     * @param bindSchema {@code BindResponse.output_schema} ({@code InitRequest.output_schema}), or
     *     {@code null} to check types per batch
     * @throws FilterException when a required predicate cannot be evaluated exactly
     */
    public static FilterEvaluator of(PushdownFilters filters, Schema bindSchema) {
        List<Predicate> active = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        for (Predicate p : filters.predicates()) {
            try {
                if (bindSchema == null) {
                    Compiler.checkNodes(p.expression());
                } else {
                    new Compiler(filters.evaluationContext(), schemaColumns(bindSchema)).predicate(p.expression());
                }
                active.add(p);
            } catch (FilterException e) {
                if (p.required()) {
                    throw wrap(p, e);
                }
                skipped.add(new Skipped(p, e.getMessage()));
            }
        }
        return new FilterEvaluator(filters, bindSchema, active, skipped);
    }

    /**
     * {@link #of(PushdownFilters) of(filters)}{@code .select(batch, columnIndexMapping)}: the rows
     * of {@code batch} that pass every applied predicate.
     *
     * @param columnIndexMapping bind index → batch position ({@code -1}: absent), or {@code null}
     *     to resolve columns by name
     */
    public static BitSet apply(PushdownFilters filters, VectorSchemaRoot batch, int[] columnIndexMapping) {
        return of(filters).select(batch, columnIndexMapping);
    }

    /**
     * The mapping for a batch whose columns are the bind schema's {@code projection}, in that
     * order: {@code mapping[bindIndex]} = its position in the projection, or {@code -1}.
     */
    public static int[] projectionMapping(int bindColumnCount, List<Integer> projection) {
        int[] mapping = new int[bindColumnCount];
        Arrays.fill(mapping, -1);
        if (projection == null) {
            for (int i = 0; i < bindColumnCount; i++) {
                mapping[i] = i;
            }
            return mapping;
        }
        for (int pos = 0; pos < projection.size(); pos++) {
            int index = projection.get(pos);
            if (index >= 0 && index < bindColumnCount && mapping[index] < 0) {
                mapping[index] = pos;
            }
        }
        return mapping;
    }

    /** The filters. */
    public PushdownFilters filters() {
        return filters;
    }

    /** The predicates applied to every batch (advisory ones only when each batch allows). */
    public List<Predicate> activePredicates() {
        return active;
    }

    /** The advisory predicates that will never be applied, with the reason. */
    public List<Skipped> skipped() {
        return skipped;
    }

    /** Whether no predicate will be applied: every row passes. */
    public boolean keepsEverything() {
        return active.isEmpty();
    }

    /** The rows of {@code batch} that pass, resolving columns by name. */
    public BitSet select(VectorSchemaRoot batch) {
        return select(batch, null);
    }

    /**
     * The rows of {@code batch} that pass every applied predicate.
     *
     * @param columnIndexMapping bind index → batch position ({@code -1}: absent), or {@code null}
     *     to resolve columns by name
     * @throws FilterException when a required predicate cannot be evaluated on this batch
     */
    public BitSet select(VectorSchemaRoot batch, int[] columnIndexMapping) {
        int rows = batch.getRowCount();
        BitSet selected = new BitSet(rows);
        selected.set(0, rows);
        Compiler compiler = new Compiler(filters.evaluationContext(), batchColumns(batch, columnIndexMapping));
        for (Predicate p : active) {
            Compiler.BoolNode node;
            try {
                node = compiler.predicate(p.expression());
            } catch (FilterException e) {
                if (p.required()) {
                    throw wrap(p, e);
                }
                continue;
            }
            BitSet rejected = new BitSet(rows);
            try {
                for (int row = selected.nextSetBit(0); row >= 0; row = selected.nextSetBit(row + 1)) {
                    if (node.tri(row) != Compiler.TRUE) {
                        rejected.set(row);
                    }
                }
            } catch (RuntimeException e) {
                if (p.required()) {
                    throw wrap(p, e);
                }
                continue;
            }
            selected.andNot(rejected);
        }
        return selected;
    }

    /**
     * A new batch (owned by the caller, allocated from {@code allocator}) holding the rows of
     * {@code batch} that pass, with the same schema; columns resolve by name.
     */
    public VectorSchemaRoot filter(VectorSchemaRoot batch, BufferAllocator allocator) {
        return filter(batch, null, allocator);
    }

    /**
     * A new batch (owned by the caller, allocated from {@code allocator}) holding the rows of
     * {@code batch} that pass, with the same schema.
     *
     * @param columnIndexMapping bind index → batch position ({@code -1}: absent), or {@code null}
     *     to resolve columns by name
     */
    public VectorSchemaRoot filter(VectorSchemaRoot batch, int[] columnIndexMapping, BufferAllocator allocator) {
        BitSet rows = select(batch, columnIndexMapping);
        return copyRows(batch, rows, allocator);
    }

    /** A new batch holding the {@code rows} of {@code batch}. */
    static VectorSchemaRoot copyRows(VectorSchemaRoot batch, BitSet rows, BufferAllocator allocator) {
        VectorSchemaRoot out = VectorSchemaRoot.create(batch.getSchema(), allocator);
        try {
            out.allocateNew();
            List<FieldVector> from = batch.getFieldVectors();
            List<FieldVector> to = out.getFieldVectors();
            for (int c = 0; c < from.size(); c++) {
                TransferPair pair = from.get(c).makeTransferPair(to.get(c));
                int target = 0;
                for (int row = rows.nextSetBit(0); row >= 0; row = rows.nextSetBit(row + 1)) {
                    pair.copyValueSafe(row, target++);
                }
            }
            out.setRowCount(rows.cardinality());
            return out;
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
    }

    /**
     * Per-row three-valued result of the AND of the active predicates over all rows, without
     * skipping rows or advisory predicates ({@link Compiler#TRUE}, {@link Compiler#FALSE},
     * {@link Compiler#NULL}); for tests against the reference evaluator.
     */
    byte[] kleene(VectorSchemaRoot batch, int[] columnIndexMapping) {
        Compiler compiler = new Compiler(filters.evaluationContext(), batchColumns(batch, columnIndexMapping));
        byte[] out = new byte[batch.getRowCount()];
        Arrays.fill(out, (byte) Compiler.TRUE);
        for (Predicate p : active) {
            Compiler.BoolNode node = compiler.predicate(p.expression());
            for (int row = 0; row < out.length; row++) {
                int t = node.tri(row);
                if (t == Compiler.FALSE || out[row] == Compiler.FALSE) {
                    out[row] = Compiler.FALSE;
                } else if (t == Compiler.NULL) {
                    out[row] = Compiler.NULL;
                }
            }
        }
        return out;
    }

    private static FilterException wrap(Predicate p, RuntimeException e) {
        String prefix = "filter predicate '" + p.id() + "' (" + p.mode().wireName() + ", " + p.expression() + "): ";
        if (e instanceof FilterException f) {
            return new FilterException(f.reason(), prefix + f.getMessage(), f);
        }
        return new FilterException(Reason.EVALUATION_ERROR, prefix + e, e);
    }

    private static Compiler.Columns schemaColumns(Schema schema) {
        List<Field> fields = schema.getFields();
        return ref -> new Compiler.Resolved(bindField(fields, ref), null);
    }

    private static Field bindField(List<Field> fields, ColumnRef ref) {
        if (ref.columnIndex() >= fields.size()) {
            throw new FilterException(Reason.MISSING_COLUMN, "column_ref index " + ref.columnIndex() + " ('"
                    + ref.columnName() + "') is out of range for the " + fields.size() + "-column bind schema");
        }
        Field field = fields.get(ref.columnIndex());
        if (!field.getName().equals(ref.columnName())) {
            throw new FilterException(Reason.MISSING_COLUMN, "column_ref name '" + ref.columnName()
                    + "' does not match index " + ref.columnIndex() + " ('" + field.getName() + "')");
        }
        return field;
    }

    private Compiler.Columns batchColumns(VectorSchemaRoot batch, int[] mapping) {
        List<FieldVector> vectors = batch.getFieldVectors();
        return ref -> {
            int position = position(batch, vectors, mapping, ref);
            FieldVector vector = vectors.get(position);
            Field field = vector.getField();
            if (bindSchema != null) {
                Field bind = bindField(bindSchema.getFields(), ref);
                if (!sameType(field, bind)) {
                    throw new FilterException(Reason.TYPE_MISMATCH, "column '" + ref.columnName() + "' is "
                            + field.getType() + " in the batch but " + bind.getType() + " in the bind schema");
                }
                // The bind field carries the declared extension metadata.
                field = new Field(field.getName(), new org.apache.arrow.vector.types.pojo.FieldType(
                        field.isNullable(), field.getType(), field.getDictionary(),
                        field.getMetadata().isEmpty() ? bind.getMetadata() : field.getMetadata()),
                        field.getChildren());
            }
            return new Compiler.Resolved(field, vector);
        };
    }

    private static int position(VectorSchemaRoot batch, List<FieldVector> vectors, int[] mapping, ColumnRef ref) {
        int index = ref.columnIndex();
        if (mapping != null) {
            int position = index < mapping.length ? mapping[index] : -1;
            if (position < 0 || position >= vectors.size()) {
                throw missing(ref, batch);
            }
            return position;
        }
        if (index < vectors.size() && vectors.get(index).getField().getName().equals(ref.columnName())) {
            return index;
        }
        int found = -1;
        for (int i = 0; i < vectors.size(); i++) {
            if (vectors.get(i).getField().getName().equals(ref.columnName())) {
                if (found >= 0) {
                    throw new FilterException(Reason.MISSING_COLUMN, "column '" + ref.columnName()
                            + "' is ambiguous in the batch (it appears more than once)");
                }
                found = i;
            }
        }
        if (found < 0) {
            throw missing(ref, batch);
        }
        return found;
    }

    private static FilterException missing(ColumnRef ref, VectorSchemaRoot batch) {
        return new FilterException(Reason.MISSING_COLUMN, "column '" + ref.columnName() + "' (bind index "
                + ref.columnIndex() + ") is not in the batch " + batch.getSchema().getFields().stream()
                        .map(Field::getName).toList() + "; a filtered column must be produced even when it is not projected");
    }

    private static boolean sameType(Field a, Field b) {
        if (!a.getType().equals(b.getType()) || a.getChildren().size() != b.getChildren().size()) {
            return false;
        }
        for (int i = 0; i < a.getChildren().size(); i++) {
            if (!sameType(a.getChildren().get(i), b.getChildren().get(i))) {
                return false;
            }
        }
        return true;
    }
}
