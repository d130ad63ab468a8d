package dev.vgi.core.function;

/**
 * Row-count estimate of a table function call, for DuckDB's planner.
 *
 * @param estimate estimated rows, or {@code null} if unknown
 * @param max upper bound, or {@code null} if unbounded
 */
public record Cardinality(Long estimate, Long max) {

    /** Nothing known. */
    public static final Cardinality UNKNOWN = new Cardinality(null, null);

    /** An exact row count. */
    public static Cardinality exactly(long rows) {
        return new Cardinality(rows, rows);
    }
}
