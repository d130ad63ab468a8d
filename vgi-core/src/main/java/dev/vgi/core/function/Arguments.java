package dev.vgi.core.function;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The argument values of one call, as bound by DuckDB: positional values in call order and the
 * named values the caller wrote, both resolved against the function's declared {@link Argument}s
 * so they can be read by declared name. An optional named argument the caller left out reads as
 * its declared default.
 */
public final class Arguments {

    private final List<Object> positional;
    private final Map<String, Object> byName;

    /**
     * Creates the bound arguments.
     *
     * @param positional positional values in call order (varargs included)
     * @param byName every value (positional and named, defaults applied) by declared name
     */
    public Arguments(List<Object> positional, Map<String, Object> byName) {
        this.positional = Collections.unmodifiableList(positional);
        this.byName = Collections.unmodifiableMap(byName);
    }

    /** No arguments. */
    public static Arguments none() {
        return new Arguments(List.of(), Map.of());
    }

    /** The positional values in call order. */
    public List<Object> positional() {
        return positional;
    }

    /** The value of the declared argument {@code name}, or {@code null} (SQL NULL, or absent without default). */
    public Object get(String name) {
        return byName.get(name);
    }

    /** Whether the declared argument {@code name} has a value (possibly SQL NULL). */
    public boolean has(String name) {
        return byName.containsKey(name);
    }

    /** The value of {@code name} as a {@code long}. */
    public long getLong(String name) {
        return ((Number) require(name)).longValue();
    }

    /** The value of {@code name} as a {@code double}. */
    public double getDouble(String name) {
        return ((Number) require(name)).doubleValue();
    }

    /** The value of {@code name} as a string ({@code null} for SQL NULL). */
    public String getString(String name) {
        Object v = byName.get(name);
        return v == null ? null : v.toString();
    }

    /** The value of {@code name} as a boolean. */
    public boolean getBoolean(String name) {
        return (Boolean) require(name);
    }

    /** Every value by declared name. */
    public Map<String, Object> asMap() {
        return byName;
    }

    private Object require(String name) {
        Object v = byName.get(name);
        if (v == null) {
            throw new IllegalArgumentException("argument '" + name + "' is required and must not be NULL");
        }
        return v;
    }

    @Override
    public String toString() {
        return byName.toString();
    }
}
