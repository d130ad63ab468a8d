package dev.vgi.core.function;

/**
 * What a table function accepts from DuckDB's planner.
 *
 * @param projectionPushdown emit only the requested columns, in the requested order
 * @param filterPushdown receive pushed filters (the runtime can apply them, see {@link #filtersExact})
 * @param filtersExact the function applies every pushed filter exactly, so DuckDB need not re-check
 * @param maxWorkers how many parallel scans one execution may run (1 = single scan)
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
