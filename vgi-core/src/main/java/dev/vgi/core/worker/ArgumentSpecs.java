package dev.vgi.core.worker;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

import dev.vgi.core.function.Argument;
import dev.vgi.core.function.Arguments;
import dev.vgi.core.function.ScalarFunction;
import dev.vgi.core.function.TableFunction;
import dev.vgi.core.function.TableInOutFunction;
import dev.vgi.core.function.VgiFunction;
import dev.vgi.core.rpc.ArrowTypeTokens;
import dev.vgi.core.util.Json;

/**
 * A function's declared arguments as the protocol sees them: the argument-spec schema published in
 * {@code FunctionInfo.arguments} (protocol spec §7.8), the defaults published in
 * {@code FunctionInfo.parameter_default_values}, and the matching of a call's argument values
 * against a declaration, which selects among overloads (spec §7.11) and names the argument a SQL user
 * got wrong.
 *
 * <p>Type matching scores each value against its declared type: an exact match scores
 * {@value #EXACT}, a value of the same family scores {@value #FAMILY} (integers, floating point and
 * decimals, strings, binaries; an integer also fits a floating-point parameter; lists and structs
 * whose children fit), {@code ANY} parameters and untyped NULLs score 0, anything else does not
 * match. Among overloads that accept a call, the highest total wins.
 */
public final class ArgumentSpecs {

    /** Field metadata key marking a named (keyword) parameter; value {@code named}. */
    public static final String VGI_ARG = "vgi_arg";
    /** Field metadata key for special types; value {@code table} or {@code any}. */
    public static final String VGI_TYPE = "vgi_type";
    /** Field metadata key marking the variadic tail; value {@code true}. */
    public static final String VGI_VARARGS = "vgi_varargs";
    /** Field metadata key marking a constant scalar parameter; value {@code true}. */
    public static final String VGI_CONST = "vgi_const";
    /** Field metadata key holding the parameter description. */
    public static final String VGI_DOC = "vgi_doc";
    /** Field metadata key holding the default as a JSON scalar (discovery only). */
    public static final String VGI_DEFAULT = "vgi_default";

    /** Score of a value whose type equals the declared type. */
    public static final int EXACT = 2;
    /** Score of a value of the declared type's family. */
    public static final int FAMILY = 1;
    /** Result of {@link #compatibility} for a value that does not fit. */
    public static final int MISMATCH = -1;

    private ArgumentSpecs() {
    }

    /**
     * The declaration order the protocol uses: positional parameters (varargs and table inputs
     * included) in call order, then named parameters sorted by name.
     */
    public static List<Argument> declarationOrder(VgiFunction function) {
        List<Argument> out = new ArrayList<>();
        List<Argument> named = new ArrayList<>();
        for (Argument a : function.arguments()) {
            if (a.kind() == Argument.Kind.NAMED) {
                named.add(a);
            } else {
                out.add(a);
            }
        }
        named.sort(Comparator.comparing(Argument::name));
        out.addAll(named);
        return out;
    }

    /** The argument-spec schema of {@code function} ({@code FunctionInfo.arguments}). */
    public static Schema schema(VgiFunction function) {
        List<Field> fields = new ArrayList<>();
        for (Argument a : declarationOrder(function)) {
            Map<String, String> md = new LinkedHashMap<>();
            if (a.kind() == Argument.Kind.NAMED) {
                md.put(VGI_ARG, "named");
            }
            if (a.kind() == Argument.Kind.TABLE) {
                md.put(VGI_TYPE, "table");
            } else if (a.isAny()) {
                md.put(VGI_TYPE, "any");
            }
            if (a.kind() == Argument.Kind.VARARGS) {
                md.put(VGI_VARARGS, "true");
            }
            if (a.constant()) {
                md.put(VGI_CONST, "true");
            }
            if (!a.description().isEmpty()) {
                md.put(VGI_DOC, a.description());
            }
            if (a.defaultValue() != null) {
                md.put(VGI_DEFAULT, Json.writeCompact(jsonScalar(a.defaultValue())));
            }
            Field f = a.toField();
            fields.add(new Field(f.getName(), new FieldType(true, f.getType(), null, md.isEmpty() ? null : md), f.getChildren()));
        }
        return new Schema(fields);
    }

    /**
     * The fields of the parameters that declare a default, in declaration order: the schema of the
     * one-row {@code FunctionInfo.parameter_default_values} batch. A parameter declared {@code ANY}
     * takes the type of its default value.
     */
    public static Schema defaultsSchema(VgiFunction function) {
        List<Field> fields = new ArrayList<>();
        for (Argument a : declarationOrder(function)) {
            if (a.defaultValue() != null) {
                Field f = a.toField();
                if (a.isAny()) {
                    f = Field.nullable(a.name(), inferType(a.defaultValue()));
                }
                fields.add(f);
            }
        }
        return new Schema(fields);
    }

    /**
     * The defaults by parameter name, in declaration order, converted to the
     * {@link dev.vgi.core.arrow.ArrowValues} model of their declared type ({@code Duration} and
     * {@code Instant} to the type's unit).
     */
    public static Map<String, Object> defaults(VgiFunction function) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Field f : defaultsSchema(function).getFields()) {
            Argument a = declared(function, f.getName());
            out.put(f.getName(), toArrowValue(a.defaultValue(), f.getType()));
        }
        return out;
    }

    /**
     * How well a value of type {@code actual} fits a parameter declared {@code declared}:
     * {@link #EXACT}, {@link #FAMILY}, 0 ({@code ANY}, or an untyped NULL) or {@link #MISMATCH}.
     */
    public static int compatibility(Field declared, Field actual) {
        ArrowType d = declared.getType();
        ArrowType a = actual.getType();
        if (d instanceof ArrowType.Null || a instanceof ArrowType.Null) {
            return 0;
        }
        if (sameType(declared, actual)) {
            return EXACT;
        }
        Family fd = family(d);
        Family fa = family(a);
        if (fd != Family.OTHER && (fd == fa || fd == Family.FLOAT && fa == Family.INT)) {
            return FAMILY;
        }
        if (fd == Family.LIST && fa == Family.LIST) {
            return compatibility(declared.getChildren().get(0), actual.getChildren().get(0)) == MISMATCH ? MISMATCH : FAMILY;
        }
        if (d instanceof ArrowType.Struct && a instanceof ArrowType.Struct
                && declared.getChildren().size() == actual.getChildren().size()) {
            for (int i = 0; i < declared.getChildren().size(); i++) {
                Field dc = declared.getChildren().get(i);
                Field ac = actual.getChildren().get(i);
                if (!dc.getName().equalsIgnoreCase(ac.getName()) || compatibility(dc, ac) == MISMATCH) {
                    return MISMATCH;
                }
            }
            return FAMILY;
        }
        return MISMATCH;
    }

    /** The type of {@code field} in the canonical notation ({@code int64}, {@code list<item?:utf8>}…), {@code ANY} for Arrow null. */
    public static String typeName(Field field) {
        if (field == null || field.getType() instanceof ArrowType.Null) {
            return field == null ? "ANY" : "NULL";
        }
        try {
            return ArrowTypeTokens.typeToken(new Field(field.getName(), new FieldType(true, field.getType(), null), field.getChildren()));
        } catch (IllegalArgumentException e) {
            return field.getType().toString();
        }
    }

    /** The declared type of {@code a} in the notation of {@link #typeName}. */
    static String declaredTypeName(Argument a) {
        if (a.kind() == Argument.Kind.TABLE) {
            return "TABLE";
        }
        return a.isAny() ? "ANY" : typeName(a.toField());
    }

    /** {@code name(count int64, data TABLE; batch_size := int64)}: a declaration for messages. */
    public static String signature(VgiFunction function) {
        List<String> positional = new ArrayList<>();
        List<String> named = new ArrayList<>();
        for (Argument a : declarationOrder(function)) {
            String t = declaredTypeName(a);
            switch (a.kind()) {
                case NAMED -> named.add(a.name() + " := " + t);
                case VARARGS -> positional.add(a.name() + " " + t + "...");
                default -> positional.add((a.constant() ? "const " : "") + a.name() + " " + t
                        + (a.defaultValue() != null ? " = " + Json.writeCompact(jsonScalar(a.defaultValue())) : ""));
            }
        }
        return function.name() + "(" + String.join(", ", positional) + (named.isEmpty() ? "" : "; " + String.join(", ", named)) + ")";
    }

    // ---------------------------------------------------------------- matching

    /**
     * The result of matching a call against one declaration.
     *
     * @param score total type score (meaningful when {@code problem} is null)
     * @param problem why the declaration does not accept the call, or {@code null}
     */
    record Match(int score, String problem) {
        boolean accepted() {
            return problem == null;
        }
    }

    /**
     * Matches a call against {@code function}'s declaration.
     *
     * @param args the shipped argument values (scalar: the constant ones only; table-in-out: not the table)
     * @param inputSchema the input columns (scalar: non-constant arguments; table-in-out: the input
     *     relation), or {@code null}
     */
    static Match match(VgiFunction function, CallArguments args, Schema inputSchema) {
        String fn = function.name() + "()";
        int score = 0;
        if (function instanceof ScalarFunction) {
            if (!args.named().isEmpty()) {
                return new Match(0, fn + " does not take named arguments, got " + String.join(", ", args.named().keySet()));
            }
            List<Argument> constants = new ArrayList<>();
            List<Argument> columns = new ArrayList<>();
            for (Argument a : function.arguments()) {
                if (a.kind() == Argument.Kind.POSITIONAL || a.kind() == Argument.Kind.VARARGS) {
                    (a.constant() ? constants : columns).add(a);
                }
            }
            Match m = matchPositional(fn, "constant argument", constants, args.positional());
            if (!m.accepted()) {
                return m;
            }
            score += m.score();
            if (inputSchema != null) {
                List<CallArguments.Value> cols = new ArrayList<>();
                for (Field f : inputSchema.getFields()) {
                    cols.add(new CallArguments.Value(null, f));
                }
                Match c = matchPositional(fn, "argument column", columns, cols);
                if (!c.accepted()) {
                    return c;
                }
                score += c.score();
            }
            return new Match(score, null);
        }
        boolean inOut = function instanceof TableInOutFunction;
        if (inOut && inputSchema == null) {
            return new Match(0, "'" + function.name() + "' is a table-in-out function: it needs an input relation "
                    + "(call it with a TABLE argument, e.g. " + function.name() + "((SELECT ...)))");
        }
        if (function instanceof TableFunction && inputSchema != null) {
            return new Match(0, "'" + function.name() + "' is a table function: it takes no input relation");
        }
        List<Argument> positional = new ArrayList<>();
        Map<String, Argument> named = new LinkedHashMap<>();
        for (Argument a : function.arguments()) {
            switch (a.kind()) {
                case POSITIONAL, VARARGS -> positional.add(a);
                case NAMED -> named.put(a.name().toLowerCase(Locale.ROOT), a);
                case TABLE -> {
                    // the input relation, not shipped as an argument value
                }
            }
        }
        Match m = matchPositional(fn, "positional argument", positional, args.positional());
        if (!m.accepted()) {
            return m;
        }
        score += m.score();
        for (Map.Entry<String, CallArguments.Value> e : args.named().entrySet()) {
            Argument a = named.get(e.getKey().toLowerCase(Locale.ROOT));
            if (a == null) {
                return new Match(0, fn + " has no named argument '" + e.getKey() + "'"
                        + (named.isEmpty() ? "" : " (named arguments: " + String.join(", ", named.values().stream().map(Argument::name).toList()) + ")"));
            }
            int s = compatibility(a.toField(), e.getValue().field());
            if (s == MISMATCH) {
                return new Match(0, mismatch(fn, a, e.getValue()));
            }
            score += s;
        }
        return new Match(score, null);
    }

    private static Match matchPositional(String fn, String what, List<Argument> declared, List<CallArguments.Value> values) {
        Argument varargs = declared.isEmpty() || declared.get(declared.size() - 1).kind() != Argument.Kind.VARARGS ? null
                : declared.get(declared.size() - 1);
        int fixed = varargs == null ? declared.size() : declared.size() - 1;
        int required = 0;
        for (int i = 0; i < fixed; i++) {
            if (!declared.get(i).isOptional()) {
                required = i + 1;
            }
        }
        int n = values.size();
        if (n < required || varargs == null && n > fixed) {
            String expected = varargs != null ? "at least " + required
                    : required == fixed ? String.valueOf(fixed) : required + " to " + fixed;
            List<String> decl = new ArrayList<>();
            declared.forEach(a -> decl.add(a.name() + " " + declaredTypeName(a) + (a == varargs ? "..." : "")));
            List<String> got = new ArrayList<>();
            values.forEach(v -> got.add(typeName(v.field())));
            return new Match(0, fn + " takes " + expected + " " + what + (expected.equals("1") ? "" : "s") + " ("
                    + String.join(", ", decl) + ") but " + n + (n == 1 ? " was" : " were") + " given ("
                    + String.join(", ", got) + ")");
        }
        int score = 0;
        for (int i = 0; i < n; i++) {
            Argument a = i < fixed ? declared.get(i) : varargs;
            int s = compatibility(a.toField(), values.get(i).field());
            if (s == MISMATCH) {
                return new Match(0, mismatch(fn, a, values.get(i)));
            }
            score += s;
        }
        return new Match(score, null);
    }

    private static String mismatch(String fn, Argument a, CallArguments.Value v) {
        return fn + ": argument '" + a.name() + "' expects " + declaredTypeName(a) + ", got " + typeName(v.field());
    }

    // ---------------------------------------------------------------- binding

    /**
     * Resolves a call's values against the declaration of {@code function} (which must accept it,
     * see {@link #match}): positional values in call order, and every value by declared name with
     * defaults applied; a variadic tail reads as a {@code List} under its name.
     */
    static Arguments bind(VgiFunction function, CallArguments args) {
        List<Argument> positional = new ArrayList<>();
        Map<String, Argument> named = new LinkedHashMap<>();
        boolean scalar = function instanceof ScalarFunction;
        for (Argument a : function.arguments()) {
            switch (a.kind()) {
                case POSITIONAL, VARARGS -> {
                    if (!scalar || a.constant()) {
                        positional.add(a);
                    }
                }
                case NAMED -> named.put(a.name().toLowerCase(Locale.ROOT), a);
                case TABLE -> {
                    // not an argument value
                }
            }
        }
        List<Object> values = new ArrayList<>();
        args.positional().forEach(v -> values.add(v.value()));
        Map<String, Object> byName = new LinkedHashMap<>();
        List<Object> tail = null;
        for (int i = 0; i < positional.size(); i++) {
            Argument a = positional.get(i);
            if (a.kind() == Argument.Kind.VARARGS) {
                tail = new ArrayList<>(values.subList(Math.min(i, values.size()), values.size()));
                byName.put(a.name(), java.util.Collections.unmodifiableList(tail));
                break;
            }
            if (i < values.size()) {
                byName.put(a.name(), values.get(i));
            } else if (a.defaultValue() != null) {
                byName.put(a.name(), a.defaultValue());
            }
        }
        for (Argument a : named.values()) {
            if (a.defaultValue() != null) {
                byName.put(a.name(), a.defaultValue());
            }
        }
        for (Map.Entry<String, CallArguments.Value> e : args.named().entrySet()) {
            Argument a = named.get(e.getKey().toLowerCase(Locale.ROOT));
            byName.put(a == null ? e.getKey() : a.name(), e.getValue().value());
        }
        return new Arguments(values, byName);
    }

    // ---------------------------------------------------------------- helpers

    private enum Family {
        INT, FLOAT, STRING, BINARY, BOOL, LIST, OTHER
    }

    private static Family family(ArrowType t) {
        if (t instanceof ArrowType.Int) {
            return Family.INT;
        }
        if (t instanceof ArrowType.FloatingPoint || t instanceof ArrowType.Decimal) {
            return Family.FLOAT;
        }
        if (t instanceof ArrowType.Utf8 || t instanceof ArrowType.LargeUtf8 || t instanceof ArrowType.Utf8View) {
            return Family.STRING;
        }
        if (t instanceof ArrowType.Binary || t instanceof ArrowType.LargeBinary || t instanceof ArrowType.BinaryView) {
            return Family.BINARY;
        }
        if (t instanceof ArrowType.Bool) {
            return Family.BOOL;
        }
        if (t instanceof ArrowType.List || t instanceof ArrowType.LargeList || t instanceof ArrowType.FixedSizeList
                || t instanceof ArrowType.ListView) {
            return Family.LIST;
        }
        return Family.OTHER;
    }

    private static boolean sameType(Field a, Field b) {
        if (!a.getType().equals(b.getType()) || a.getChildren().size() != b.getChildren().size()) {
            return false;
        }
        boolean named = a.getType() instanceof ArrowType.Struct || a.getType() instanceof ArrowType.Union;
        for (int i = 0; i < a.getChildren().size(); i++) {
            Field ca = a.getChildren().get(i);
            Field cb = b.getChildren().get(i);
            if (named && !ca.getName().equals(cb.getName()) || !sameType(ca, cb)) {
                return false;
            }
        }
        return true;
    }

    private static Argument declared(VgiFunction function, String name) {
        for (Argument a : function.arguments()) {
            if (a.name().equals(name)) {
                return a;
            }
        }
        throw new IllegalArgumentException(name);
    }

    /** A default value as the JSON scalar of {@code vgi_default}. */
    private static Object jsonScalar(Object v) {
        if (v instanceof String || v instanceof Number || v instanceof Boolean) {
            return v;
        }
        if (v instanceof byte[] b) {
            return new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
        if (v instanceof Enum<?> e) {
            return e.name();
        }
        return String.valueOf(v);
    }

    /** The Arrow type a Java default value has when its parameter is declared {@code ANY}. */
    static ArrowType inferType(Object v) {
        if (v instanceof String || v instanceof Enum<?>) {
            return ArrowType.Utf8.INSTANCE;
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return new ArrowType.Int(64, true);
        }
        if (v instanceof Double || v instanceof Float) {
            return new ArrowType.FloatingPoint(org.apache.arrow.vector.types.FloatingPointPrecision.DOUBLE);
        }
        if (v instanceof Boolean) {
            return ArrowType.Bool.INSTANCE;
        }
        if (v instanceof byte[]) {
            return ArrowType.Binary.INSTANCE;
        }
        throw new IllegalArgumentException("cannot infer an Arrow type for a value of " + v.getClass().getName()
                + "; declare the argument's type");
    }

    /** {@code v} in the value model of {@link dev.vgi.core.arrow.ArrowValues} for {@code type}. */
    static Object toArrowValue(Object v, ArrowType type) {
        if (v instanceof Duration d && type instanceof ArrowType.Duration dt) {
            return switch (dt.getUnit()) {
                case SECOND -> d.getSeconds();
                case MILLISECOND -> d.toMillis();
                case MICROSECOND -> d.toNanos() / 1_000;
                case NANOSECOND -> d.toNanos();
            };
        }
        if (v instanceof Instant i && type instanceof ArrowType.Timestamp) {
            return i;
        }
        if (v instanceof Enum<?> e) {
            return e.name();
        }
        return v;
    }
}
