package dev.vgi.core.pushdown;

import java.util.Objects;

/**
 * One pushed predicate (delta spec §2.6.3). The predicates of a {@link PushdownFilters} are ANDed;
 * a row is kept only where every applied predicate is SQL TRUE.
 *
 * @param id unique per scan (non-empty, at most 128 UTF-8 bytes)
 * @param revision 0 in a snapshot; raised by each delta update of this id
 * @param mode whether it must be applied
 * @param source diagnostic origin
 * @param expression the Boolean expression
 */
public record Predicate(String id, long revision, PredicateMode mode, PredicateSource source,
        FilterExpression expression) {

    /** Checks the components are present. */
    public Predicate {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(expression, "expression");
    }

    /** Whether the worker must apply it ({@link PredicateMode#REQUIRED}). */
    public boolean required() {
        return mode == PredicateMode.REQUIRED;
    }

    @Override
    public String toString() {
        return id + " (" + mode.wireName() + "): " + expression;
    }
}
