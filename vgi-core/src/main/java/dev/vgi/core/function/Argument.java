package dev.vgi.core.function;

import java.util.List;

import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

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
 * A {@code null} type means DuckDB's {@code ANY}: the value keeps the caller's type. Nested types
 * ({@code list<double>}, {@code struct<lat: double, lon: double>}) carry their child fields in
 * {@link #children()}; declare them with {@link #of(String, Field)}.
 *
 * @param name the parameter name (the keyword for named arguments)
 * @param type the Arrow type, or {@code null} for {@code ANY} (and for table arguments)
 * @param kind how it is passed
 * @param constant whether a scalar argument must be a constant (folded at bind)
 * @param description documentation
 * @param defaultValue the default of an optional argument, or {@code null} (a positional argument
 *     with a default may be left out by the caller, as may every named argument)
 * @param children the child fields of a nested {@code type} (empty for flat types)
 */
public record Argument(String name, ArrowType type, Kind kind, boolean constant, String description, Object defaultValue,
        List<Field> children) {

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
        children = children == null ? List.of() : List.copyOf(children);
    }

    /** An argument of a flat type (no child fields). */
    public Argument(String name, ArrowType type, Kind kind, boolean constant, String description, Object defaultValue) {
        this(name, type, kind, constant, description, defaultValue, List.of());
    }

    /** A positional argument of {@code type}. */
    public static Argument of(String name, ArrowType type) {
        return new Argument(name, type, Kind.POSITIONAL, false, "", null);
    }

    /**
     * A positional argument of the type of {@code type} (its name is ignored), children included:
     * the way to declare nested types such as {@code list<double>}.
     */
    public static Argument of(String name, Field type) {
        return new Argument(name, type.getType(), Kind.POSITIONAL, false, "", null, type.getChildren());
    }

    /** A positional argument accepting any type. */
    public static Argument any(String name) {
        return new Argument(name, null, Kind.POSITIONAL, false, "", null);
    }

    /** A keyword argument with a default. */
    public static Argument named(String name, ArrowType type, Object defaultValue) {
        return new Argument(name, type, Kind.NAMED, false, "", defaultValue);
    }

    /** A keyword argument of a nested type (see {@link #of(String, Field)}) with a default. */
    public static Argument named(String name, Field type, Object defaultValue) {
        return new Argument(name, type.getType(), Kind.NAMED, false, "", defaultValue, type.getChildren());
    }

    /** A variadic tail of {@code type} values ({@code null} = any). */
    public static Argument varargs(String name, ArrowType type) {
        return new Argument(name, type, Kind.VARARGS, false, "", null);
    }

    /** A variadic tail of values of a nested type (see {@link #of(String, Field)}). */
    public static Argument varargs(String name, Field type) {
        return new Argument(name, type.getType(), Kind.VARARGS, false, "", null, type.getChildren());
    }

    /** The input relation of a table-in-out function. */
    public static Argument table(String name) {
        return new Argument(name, null, Kind.TABLE, false, "", null);
    }

    /** The same argument, required to be a constant expression (scalar functions). */
    public Argument asConstant() {
        return new Argument(name, type, kind, true, description, defaultValue, children);
    }

    /** The same argument with documentation. */
    public Argument describedAs(String text) {
        return new Argument(name, type, kind, constant, text, defaultValue, children);
    }

    /** The same argument with a default value, which makes it optional. */
    public Argument withDefault(Object value) {
        return new Argument(name, type, kind, constant, description, value, children);
    }

    /** Whether the argument accepts any type. */
    public boolean isAny() {
        return type == null && kind != Kind.TABLE;
    }

    /** Whether the caller may leave the argument out (named arguments always may). */
    public boolean isOptional() {
        return kind == Kind.NAMED || defaultValue != null;
    }

    /**
     * The declared type as a nullable field called {@link #name()}, children included; Arrow's
     * {@code null} type stands for {@code ANY} and for a table input.
     */
    public Field toField() {
        ArrowType t = type == null ? ArrowType.Null.INSTANCE : type;
        return new Field(name, FieldType.nullable(t), children);
    }
}
