package dev.vgi.core.function;

import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * One declared argument of a function: its name, Arrow type and how it is passed.
 *
 * <ul>
 *   <li>{@link Kind#POSITIONAL}: by position; for scalar functions the value arrives as an input
 *       column, unless it is {@link #constant()}, in which case it arrives once at bind.</li>
 *   <li>{@link Kind#NAMED}: by keyword ({@code name := value}); table functions only.</li>
 *   <li>{@link Kind#VARARGS}: this and every following positional value (must be last).</li>
 *   <li>{@link Kind#TABLE}: the input relation of a table-in-out function.</li>
 * </ul>
 * A {@code null} type means DuckDB's {@code ANY}: the value keeps the caller's type.
 *
 * @param name the parameter name (the keyword for named arguments)
 * @param type the Arrow type, or {@code null} for {@code ANY} (and for table arguments)
 * @param kind how it is passed
 * @param constant whether a scalar argument must be a constant (folded at bind)
 * @param description documentation
 * @param defaultValue the default of an optional named argument, or {@code null}
 */
public record Argument(String name, ArrowType type, Kind kind, boolean constant, String description, Object defaultValue) {

    /** How an argument is passed. */
    public enum Kind {
        /** By position. */
        POSITIONAL,
        /** By keyword. */
        NAMED,
        /** Variadic tail of positional values. */
        VARARGS,
        /** The input relation of a table-in-out function. */
        TABLE
    }

    /** Validates the declaration. */
    public Argument {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("arguments need a name");
        }
        if (kind == Kind.TABLE && type != null) {
            throw new IllegalArgumentException("a table argument has no Arrow type");
        }
        description = description == null ? "" : description;
    }

    /** A positional argument of {@code type}. */
    public static Argument of(String name, ArrowType type) {
        return new Argument(name, type, Kind.POSITIONAL, false, "", null);
    }

    /** A positional argument accepting any type. */
    public static Argument any(String name) {
        return new Argument(name, null, Kind.POSITIONAL, false, "", null);
    }

    /** A keyword argument with a default. */
    public static Argument named(String name, ArrowType type, Object defaultValue) {
        return new Argument(name, type, Kind.NAMED, false, "", defaultValue);
    }

    /** A variadic tail of {@code type} values ({@code null} = any). */
    public static Argument varargs(String name, ArrowType type) {
        return new Argument(name, type, Kind.VARARGS, false, "", null);
    }

    /** The input relation of a table-in-out function. */
    public static Argument table(String name) {
        return new Argument(name, null, Kind.TABLE, false, "", null);
    }

    /** The same argument, required to be a constant expression (scalar functions). */
    public Argument asConstant() {
        return new Argument(name, type, kind, true, description, defaultValue);
    }

    /** The same argument with documentation. */
    public Argument describedAs(String text) {
        return new Argument(name, type, kind, constant, text, defaultValue);
    }

    /** Whether the argument accepts any type. */
    public boolean isAny() {
        return type == null && kind != Kind.TABLE;
    }
}
