package dev.vgi.core.pushdown;

/** Where a predicate came from (delta spec §2.6.3 {@code source}); diagnostic only. */
public enum PredicateSource {
    /** The query's WHERE clause. */
    QUERY("query"),
    /** A join (e.g. join keys). */
    JOIN("join"),
    /** A Top-N bound. */
    TOP_N("top_n"),
    /** A split refinement. */
    SPLIT_REFINEMENT("split_refinement"),
    /** Anything else. */
    OTHER("other");

    private final String wireName;

    PredicateSource(String wireName) {
        this.wireName = wireName;
    }

    /** The name on the wire. */
    public String wireName() {
        return wireName;
    }

    /** The source named {@code name} on the wire, or {@code null}. */
    public static PredicateSource fromWire(String name) {
        return WireNames.find(values(), PredicateSource::wireName, name);
    }
}
