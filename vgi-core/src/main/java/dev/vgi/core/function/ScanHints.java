package dev.vgi.core.function;

/**
 * Advisory planner hints for a scan. A scan may use them to do less work but must stay correct if
 * it ignores them (DuckDB applies ORDER BY, LIMIT and sampling itself).
 *
 * @param orderByColumn column name of an ORDER BY, or {@code null}
 * @param descending whether the order is descending
 * @param nullsFirst whether NULLs sort first
 * @param limit LIMIT plus OFFSET attached to the order, or {@code null}
 * @param samplePercentage TABLESAMPLE SYSTEM percentage, or {@code null}
 * @param sampleSeed TABLESAMPLE seed, or {@code null}
 */
public record ScanHints(String orderByColumn, boolean descending, boolean nullsFirst, Long limit, Double samplePercentage,
        Long sampleSeed) {

    /** No hints. */
    public static final ScanHints NONE = new ScanHints(null, false, false, null, null, null);
}
