package dev.vgi.core.function;

/**
 * What a table function accepts from DuckDB's planner.
 *
 * @param projectionPushdown emit only the requested columns, in the requested order
 * @param filterPushdown receive pushed filters ({@link ScanRequest#filters()}); unless
 *     {@code filtersExact}, the runtime applies them to every batch the scan emits (rows failing a
 *     required predicate are never sent), so the function may use them for pruning only or ignore
 *     them; a required predicate the runtime cannot evaluate fails the {@code init}
 * @param filtersExact the function itself applies every pushed filter exactly: the runtime passes
 *     them through without evaluating them and advertises {@code filters_exactly_applied}, so DuckDB
 *     need not re-check (wrong answers if declared falsely); only meaningful with {@code filterPushdown}
 * @param maxWorkers how many parallel scans one execution may run (1 = single scan); the default of
 *     {@link TableFunction#maxWorkers(ScanRequest)}, which can decide per call
 */
public record TableCapabilities(boolean projectionPushdown, boolean filterPushdown, boolean filtersExact, int maxWorkers) {

    /** No pushdown, one scan. */
    public static final TableCapabilities NONE = new TableCapabilities(false, false, false, 1);

    /** Validates. */
    public TableCapabilities {
        if (maxWorkers < 1) {
            throw new IllegalArgumentException("maxWorkers must be at least 1");
        }
    }

    /** Projection pushdown only. */
    public static TableCapabilities projection() {
        return new TableCapabilities(true, false, false, 1);
    }

    /** Projection and filter pushdown. */
    public static TableCapabilities projectionAndFilters() {
        return new TableCapabilities(true, true, false, 1);
    }

    /** The same capabilities allowing {@code n} parallel scans. */
    public TableCapabilities withMaxWorkers(int n) {
        return new TableCapabilities(projectionPushdown, filterPushdown, filtersExact, n);
    }
}
