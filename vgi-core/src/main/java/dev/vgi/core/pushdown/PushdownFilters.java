package dev.vgi.core.pushdown;

import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

import dev.vgi.core.pushdown.FilterException.Reason;
import dev.vgi.core.pushdown.FilterExpression.ColumnRef;

/**
 * Filters DuckDB pushed into a table scan (filter encoding {@code vgi.filters.v2}, delta spec
 * §2.6): the decoded, immutable predicates plus the raw document and batch they came from.
 *
 * <p>Build it with {@link #decode(byte[], List)} from {@code InitRequest.pushdown_filters} and
 * {@code InitRequest.join_keys}; fold later tick-time deltas in with {@link #applyDelta(byte[])}.
 * The predicates are ANDed: a row passes only where every applied predicate is SQL TRUE. A
 * function that declares {@code filter_pushdown} must apply every {@link Predicate#required()
 * required} predicate exactly, or fail; it may ignore {@link PredicateMode#ADVISORY advisory} ones.
 * {@link FilterEvaluator} does that for functions that do not evaluate filters themselves.
 *
 * <p>Column references ({@link ColumnRef}) index the <b>unprojected</b> bind output schema; the
 * worker must evaluate them even when they are not projected.
 */
public final class PushdownFilters {

    /** No filters. */
    public static final PushdownFilters NONE = new PushdownFilters(null, null, EvaluationContext.NONE_CONTEXT,
            List.of(), Map.of(), Set.of(), List.of());

    private final String document;
    private final byte[] encodedBatch;
    private final EvaluationContext context;
    private final List<Predicate> predicates;
    private final Map<String, Long> revisions;
    private final Set<String> requiredIds;
    private final List<byte[]> joinKeys;

    private PushdownFilters(String document, byte[] encodedBatch, EvaluationContext context,
            List<Predicate> predicates, Map<String, Long> revisions, Set<String> requiredIds, List<byte[]> joinKeys) {
        this.document = document;
        this.encodedBatch = encodedBatch;
        this.context = context;
        this.predicates = List.copyOf(predicates);
        this.revisions = Collections.unmodifiableMap(new LinkedHashMap<>(revisions));
        this.requiredIds = Set.copyOf(requiredIds);
        this.joinKeys = joinKeys;
    }

    /**
     * Decodes {@code encodedBatch} (without join keys), as {@link #decode(byte[])} does; kept for
     * callers of the original {@code (document, encodedBatch)} form. Prefer
     * {@link #decode(byte[], List)}, which also resolves external {@code IN} sets.
     *
     * @param document the batch's {@code filter_spec}, or {@code null}; when given it must equal the
     *     document in {@code encodedBatch}
     * @param encodedBatch the filter batch (an IPC stream)
     * @throws FilterException see {@link #decode(byte[])}
     * @throws IllegalArgumentException when {@code document} is not the batch's document
     */
    public PushdownFilters(String document, byte[] encodedBatch) {
        this(decode(encodedBatch));
        if (document != null && !document.equals(this.document)) {
            throw new IllegalArgumentException("document is not the filter_spec of encodedBatch");
        }
    }

    private PushdownFilters(PushdownFilters other) {
        this(other.document, other.encodedBatch, other.context, other.predicates, other.revisions, other.requiredIds,
                other.joinKeys);
    }

    /**
     * Decodes {@code InitRequest.pushdown_filters} without join keys (an external {@code IN} set
     * then fails the decode).
     *
     * @param encodedBatch the filter batch (an IPC stream); {@code null} or empty gives {@link #NONE}
     * @throws FilterException when the batch or its document is malformed, exceeds a limit, or
     *     uses an unknown encoding, version, semantic profile or evaluation context
     */
    public static PushdownFilters decode(byte[] encodedBatch) {
        return decode(encodedBatch, List.of());
    }

    /**
     * Decodes {@code InitRequest.pushdown_filters} and {@code InitRequest.join_keys}.
     *
     * @param encodedBatch the filter batch (an IPC stream); {@code null} or empty gives {@link #NONE}
     * @param joinKeys the join-key batches (IPC streams) external {@code IN} sets refer to; may be
     *     {@code null}
     * @throws FilterException see {@link #decode(byte[])}
     */
    public static PushdownFilters decode(byte[] encodedBatch, List<byte[]> joinKeys) {
        if (encodedBatch == null || encodedBatch.length == 0) {
            return NONE;
        }
        try (BufferAllocator allocator = new RootAllocator()) {
            return decode(encodedBatch, joinKeys, allocator);
        }
    }

    /**
     * Decodes with Arrow memory taken (temporarily) from {@code allocator}; nothing stays allocated.
     *
     * @throws FilterException see {@link #decode(byte[])}
     */
    public static PushdownFilters decode(byte[] encodedBatch, List<byte[]> joinKeys, BufferAllocator allocator) {
        if (encodedBatch == null || encodedBatch.length == 0) {
            return NONE;
        }
        List<byte[]> keys = joinKeys == null ? List.of() : List.copyOf(joinKeys);
        FilterBatch batch = FilterBatch.read(encodedBatch, allocator);
        FilterParser parser = new FilterParser(batch, keys.size(), joinKeyReader(keys, allocator));
        List<Predicate> predicates = parser.snapshot();
        Map<String, Long> revisions = new LinkedHashMap<>();
        Set<String> required = new LinkedHashSet<>();
        for (Predicate p : predicates) {
            revisions.put(p.id(), 0L);
            if (p.required()) {
                required.add(p.id());
            }
        }
        return new PushdownFilters(batch.document, encodedBatch, batch.context, predicates, revisions, required, keys);
    }

    private static java.util.function.IntFunction<FilterBatch.JoinKeys> joinKeyReader(List<byte[]> keys,
            BufferAllocator allocator) {
        Map<Integer, FilterBatch.JoinKeys> cache = new LinkedHashMap<>();
        return i -> cache.computeIfAbsent(i, k -> FilterBatch.readJoinKeys(keys.get(k), k, allocator));
    }

    /**
     * Applies a delta document (a tick batch's {@code vgi_pushdown_filters}, already base64-decoded)
     * atomically: every applicable update is validated before any is applied; stale or duplicate
     * revisions are no-ops; removed ids stay as tombstones. Deltas are advisory only: one that
     * touches a required predicate is rejected whole.
     *
     * @return the filters after the delta (this object is unchanged)
     * @throws FilterException when the delta is malformed or illegal
     */
    public PushdownFilters applyDelta(byte[] deltaBatch) {
        if (encodedBatch == null) {
            throw new FilterException(Reason.MALFORMED, "a delta requires prior snapshot state");
        }
        try (BufferAllocator allocator = new RootAllocator()) {
            FilterBatch batch = FilterBatch.read(deltaBatch, allocator);
            if (!batch.context.equals(context)) {
                throw new FilterException(Reason.MALFORMED, "evaluation context changed within one scan");
            }
            FilterParser parser = new FilterParser(batch, joinKeys.size(), joinKeyReader(joinKeys, allocator));
            List<FilterParser.Update> updates = parser.delta(revisions, requiredIds);
            Map<String, Predicate> current = new LinkedHashMap<>();
            for (Predicate p : predicates) {
                current.put(p.id(), p);
            }
            Map<String, Long> newRevisions = new LinkedHashMap<>(revisions);
            for (FilterParser.Update u : updates) {
                newRevisions.put(u.id(), u.revision());
                if (u.predicate() == null) {
                    current.remove(u.id());
                } else {
                    current.put(u.id(), u.predicate());
                }
            }
            return new PushdownFilters(document, encodedBatch, context, new ArrayList<>(current.values()),
                    newRevisions, requiredIds, joinKeys);
        }
    }

    /**
     * {@link #applyDelta(byte[])} for the value of the tick-batch metadata key
     * {@code vgi_pushdown_filters} (standard base64, padded).
     */
    public PushdownFilters applyDeltaBase64(String metadataValue) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(metadataValue);
        } catch (IllegalArgumentException e) {
            throw new FilterException(Reason.MALFORMED, "vgi_pushdown_filters is not valid base64");
        }
        return applyDelta(bytes);
    }

    /** The {@code filter_spec} JSON of the snapshot, or {@code null} for {@link #NONE}. */
    public String document() {
        return document;
    }

    /** The raw snapshot batch (an IPC stream), or {@code null} for {@link #NONE}. Do not modify. */
    public byte[] encodedBatch() {
        return encodedBatch;
    }

    /** Whether there is no live predicate. */
    public boolean isEmpty() {
        return predicates.isEmpty();
    }

    /** The live predicates, in document (then delta) order. */
    public List<Predicate> predicates() {
        return predicates;
    }

    /** The live predicates that must be applied. */
    public List<Predicate> requiredPredicates() {
        return predicates.stream().filter(Predicate::required).toList();
    }

    /** The live predicates that may be ignored. */
    public List<Predicate> advisoryPredicates() {
        return predicates.stream().filter(p -> !p.required()).toList();
    }

    /** The semantic profile ({@code vgi.duckdb.standard.v1}). */
    public String semantics() {
        return FilterParser.SEMANTICS;
    }

    /** The batch's evaluation context. */
    public EvaluationContext evaluationContext() {
        return context;
    }

    /** The last applied revision of every predicate id seen in this scan, tombstones included. */
    public Map<String, Long> revisions() {
        return revisions;
    }

    /** Every column the live predicates reference, each once, in first-occurrence order. */
    public List<ColumnRef> columns() {
        Set<ColumnRef> out = new LinkedHashSet<>();
        for (Predicate p : predicates) {
            out.addAll(FilterExpression.columns(p.expression()));
        }
        return List.copyOf(out);
    }

    /**
     * Checks every column reference against the unprojected bind output schema: the index must be
     * in range and the name must equal that field's name (delta spec §2.6.4).
     *
     * @throws FilterException ({@link Reason#MISSING_COLUMN}) naming the first bad reference
     */
    public void validate(Schema bindSchema) {
        List<Field> fields = bindSchema.getFields();
        for (Predicate p : predicates) {
            for (ColumnRef ref : FilterExpression.columns(p.expression())) {
                if (ref.columnIndex() >= fields.size()) {
                    throw new FilterException(Reason.MISSING_COLUMN, "predicate '" + p.id() + "': column_ref index "
                            + ref.columnIndex() + " ('" + ref.columnName() + "') is out of range for the "
                            + fields.size() + "-column bind schema");
                }
                String actual = fields.get(ref.columnIndex()).getName();
                if (!actual.equals(ref.columnName())) {
                    throw new FilterException(Reason.MISSING_COLUMN, "predicate '" + p.id() + "': column_ref name '"
                            + ref.columnName() + "' does not match index " + ref.columnIndex() + " ('" + actual + "')");
                }
            }
        }
    }

    /** The predicates, SQL-like, ANDed; {@code (none)} when empty. */
    @Override
    public String toString() {
        if (predicates.isEmpty()) {
            return "(none)";
        }
        StringBuilder sb = new StringBuilder();
        for (Predicate p : predicates) {
            if (sb.length() > 0) {
                sb.append(" AND ");
            }
            sb.append(p.expression());
        }
        return sb.toString();
    }
}
