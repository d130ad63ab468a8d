package dev.vgi.core.pushdown;

/**
 * Whether a predicate must be applied (delta spec §2.6.3 {@code mode}).
 *
 * <p>The brief's "optional" predicates are the wire's {@code advisory} ones.
 */
public enum PredicateMode {
    /** {@code required}: DuckDB delegated exact evaluation; apply the predicate or fail. */
    REQUIRED("required"),
    /** {@code advisory}: DuckDB keeps its own filter; applying it is an optimisation only. */
    ADVISORY("advisory");

    private final String wireName;

    PredicateMode(String wireName) {
        this.wireName = wireName;
    }

    /** The name on the wire. */
    public String wireName() {
        return wireName;
    }

    /** The mode named {@code name} on the wire, or {@code null}. */
    public static PredicateMode fromWire(String name) {
        return WireNames.find(values(), PredicateMode::wireName, name);
    }
}
