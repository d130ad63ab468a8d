package dev.vgi.core.pushdown;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.BinaryOperator;
import java.util.function.Function;

import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

import dev.vgi.core.pushdown.FilterException.Reason;
import dev.vgi.core.pushdown.FilterExpression.Arithmetic;
import dev.vgi.core.pushdown.FilterExpression.ArithmeticOp;
import dev.vgi.core.pushdown.FilterExpression.Call;
import dev.vgi.core.pushdown.FilterExpression.Cast;
import dev.vgi.core.pushdown.FilterExpression.ColumnRef;
import dev.vgi.core.pushdown.FilterExpression.Comparison;
import dev.vgi.core.pushdown.FilterExpression.ComparisonOp;
import dev.vgi.core.pushdown.FilterExpression.FieldRef;
import dev.vgi.core.pushdown.FilterExpression.In;
import dev.vgi.core.pushdown.FilterExpression.IsNull;
import dev.vgi.core.pushdown.FilterExpression.Literal;
import dev.vgi.core.pushdown.FilterExpression.Negate;
import dev.vgi.core.pushdown.FilterExpression.Not;
import dev.vgi.core.pushdown.FilterExpression.RuntimeFilter;
import dev.vgi.core.pushdown.FilterExpression.Unsupported;
import dev.vgi.core.pushdown.ValueType.Kind;

/**
 * Turns a {@link FilterExpression} into evaluation nodes bound to the vectors of one batch (or, to
 * type-check only, to fields without vectors). Every refusal is a {@link FilterException} naming
 * the node, type or column at fault.
 */
final class Compiler {

    static final int TRUE = 1;
    static final int FALSE = 0;
    static final int NULL = -1;

    /** A column reference resolved against a batch (or, with a {@code null} vector, a schema). */
    record Resolved(Field field, ValueVector vector) {
    }

    /** Resolves column references; throws {@link Reason#MISSING_COLUMN} when it cannot. */
    interface Columns {
        Resolved resolve(ColumnRef ref);
    }

    private final EvaluationContext context;
    private final Columns columns;

    Compiler(EvaluationContext context, Columns columns) {
        this.context = context;
        this.columns = columns;
    }

    // ---- node model -----------------------------------------------------------------------------

    /** A value-producing node: {@link #value} gives the row's Java value, {@code null} for NULL. */
    abstract static class Node {
        final ValueType type;

        Node(ValueType type) {
            this.type = type;
        }

        abstract Object value(int row);
    }

    /** A Boolean node: {@link #tri} gives {@link #TRUE}, {@link #FALSE} or {@link #NULL}. */
    abstract static class BoolNode extends Node {
        BoolNode() {
            super(ValueType.BOOLEAN);
        }

        abstract int tri(int row);

        @Override
        final Object value(int row) {
            int t = tri(row);
            return t == NULL ? null : t == TRUE;
        }
    }

    /** A node reading a vector (a column, or a struct field of one). */
    static final class VectorNode extends Node {
        final ValueVector vector;
        final Field field;
        final VectorNode parent;

        VectorNode(ValueType type, Field field, ValueVector vector, VectorNode parent) {
            super(type);
            this.vector = vector;
            this.field = field;
            this.parent = parent;
        }

        boolean isNull(int row) {
            return (parent != null && parent.isNull(row)) || vector.isNull(row);
        }

        @Override
        Object value(int row) {
            return isNull(row) ? null : FilterValues.get(vector, field, row);
        }
    }

    static Node constant(ValueType type, Object value) {
        return new Node(type) {
            @Override
            Object value(int row) {
                return value;
            }
        };
    }

    /** A node of {@code type}: NULL when {@code operand} is, else {@code f} of its value. */
    static Node strict(ValueType type, Node operand, Function<Object, Object> f) {
        return new Node(type) {
            @Override
            Object value(int row) {
                Object v = operand.value(row);
                return v == null ? null : f.apply(v);
            }
        };
    }

    /**
     * A node of {@code type}: NULL when either operand is ({@code right} is not evaluated after a
     * NULL {@code left}), else {@code f} of their values.
     */
    static Node strict(ValueType type, Node left, Node right, BinaryOperator<Object> f) {
        return new Node(type) {
            @Override
            Object value(int row) {
                Object a = left.value(row);
                if (a == null) {
                    return null;
                }
                Object b = right.value(row);
                return b == null ? null : f.apply(a, b);
            }
        };
    }

    /** As {@link #strict(ValueType, Node, Node, BinaryOperator)}, for a Boolean {@code test}. */
    static BoolNode strictTest(Node left, Node right, BiPredicate<Object, Object> test) {
        return new BoolNode() {
            @Override
            int tri(int row) {
                Object a = left.value(row);
                if (a == null) {
                    return NULL;
                }
                Object b = right.value(row);
                if (b == null) {
                    return NULL;
                }
                return test.test(a, b) ? TRUE : FALSE;
            }
        };
    }

    static int toTri(Boolean b) {
        return b == null ? NULL : b ? TRUE : FALSE;
    }

    private static FilterException unsupported(String message) {
        return new FilterException(Reason.UNSUPPORTED, message);
    }

    private static FilterException mismatch(String message) {
        return new FilterException(Reason.TYPE_MISMATCH, message);
    }

    static FilterException evaluation(String message) {
        return new FilterException(Reason.EVALUATION_ERROR, message);
    }

    // ---- static checks --------------------------------------------------------------------------

    /**
     * Refuses, without any schema, nodes this evaluator can never evaluate: unknown nodes, runtime
     * filters, unknown or extension functions, division and modulo.
     */
    static void checkNodes(FilterExpression e) {
        if (e instanceof Unsupported u) {
            throw unsupported("unsupported filter node '" + u.node() + "': " + u.json());
        }
        if (e instanceof RuntimeFilter r) {
            throw unsupported("runtime_filter " + r.algorithm() + " has no artifact evaluator");
        }
        if (e instanceof Call c && (c.standardName() == null || !STANDARD_FUNCTIONS.contains(c.standardName()))) {
            throw unsupported("filter function '" + c.functionName() + "' is not supported");
        }
        if (e instanceof Arithmetic a && (a.op() == ArithmeticOp.DIVIDE || a.op() == ArithmeticOp.MODULO)) {
            throw unsupported("arithmetic '" + a.op().wireName() + "' is not supported (" + a + ")");
        }
        for (FilterExpression child : e.children()) {
            checkNodes(child);
        }
    }

    private static final List<String> STANDARD_FUNCTIONS = List.of("starts_with", "ends_with", "contains",
            "list_contains");

    // ---- compilation ----------------------------------------------------------------------------

    /** Compiles a predicate root, which must resolve to BOOLEAN. */
    BoolNode predicate(FilterExpression e) {
        checkNodes(e);
        return bool(compile(e), "predicate root");
    }

    private BoolNode bool(Node n, String where) {
        if (n instanceof BoolNode b) {
            return b;
        }
        if (n.type.kind() == Kind.NULL) {
            return new BoolNode() {
                @Override
                int tri(int row) {
                    return NULL;
                }
            };
        }
        if (n.type.kind() != Kind.BOOL) {
            throw mismatch(where + " must resolve to BOOLEAN, not " + n.type.describe());
        }
        return new BoolNode() {
            @Override
            int tri(int row) {
                return toTri((Boolean) n.value(row));
            }
        };
    }

    Node compile(FilterExpression e) {
        if (e instanceof ColumnRef c) {
            return column(c);
        }
        if (e instanceof FieldRef f) {
            return fieldRef(f);
        }
        if (e instanceof Literal l) {
            return constant(ValueType.of(l.field()), l.value());
        }
        if (e instanceof Comparison c) {
            return comparison(c);
        }
        if (e instanceof FilterExpression.And a) {
            return conjunction(a.children(), true);
        }
        if (e instanceof FilterExpression.Or o) {
            return conjunction(o.children(), false);
        }
        if (e instanceof Not n) {
            BoolNode inner = bool(compile(n.expression()), "NOT operand");
            return new BoolNode() {
                @Override
                int tri(int row) {
                    int t = inner.tri(row);
                    return t == NULL ? NULL : 1 - t;
                }
            };
        }
        if (e instanceof IsNull n) {
            Node inner = compile(n.expression());
            boolean negated = n.negated();
            if (inner instanceof VectorNode v) {
                return new BoolNode() {
                    @Override
                    int tri(int row) {
                        return v.isNull(row) != negated ? TRUE : FALSE;
                    }
                };
            }
            return new BoolNode() {
                @Override
                int tri(int row) {
                    return (inner.value(row) == null) != negated ? TRUE : FALSE;
                }
            };
        }
        if (e instanceof In in) {
            return in(in);
        }
        if (e instanceof Cast c) {
            return Casts.cast(compile(c.expression()), ValueType.of(c.target()), c, context);
        }
        if (e instanceof Arithmetic a) {
            return Arithmetics.binary(a.op(), compile(a.left()), compile(a.right()), context, a);
        }
        if (e instanceof Negate n) {
            return Arithmetics.negate(compile(n.expression()), n);
        }
        if (e instanceof Call c) {
            return call(c);
        }
        checkNodes(e);
        throw unsupported("unsupported filter node '" + e.node() + "'");
    }

    private Node column(ColumnRef ref) {
        Resolved r = columns.resolve(ref);
        if (r.field().getDictionary() != null) {
            throw unsupported("column '" + ref.columnName() + "' is dictionary-encoded; decode it before filtering");
        }
        ValueType type = ValueType.of(r.field());
        if (r.vector() == null) {
            return constant(type, null);
        }
        return new VectorNode(type, r.field(), r.vector(), null);
    }

    private Node fieldRef(FieldRef ref) {
        Node parent = compile(ref.expression());
        if (parent.type.kind() != Kind.STRUCT) {
            throw mismatch("field_ref input must resolve to a struct type, not " + parent.type.describe());
        }
        List<Field> fields = parent.type.structFields();
        if (ref.fieldIndex() >= fields.size()) {
            throw new FilterException(Reason.MISSING_COLUMN, "field_ref index " + ref.fieldIndex()
                    + " ('" + ref.fieldName() + "') is out of range for " + ref.expression());
        }
        Field field = fields.get(ref.fieldIndex());
        if (!field.getName().equals(ref.fieldName())) {
            throw new FilterException(Reason.MISSING_COLUMN, "field_ref name '" + ref.fieldName()
                    + "' does not match index " + ref.fieldIndex() + " ('" + field.getName() + "') of "
                    + ref.expression());
        }
        ValueType type = ValueType.of(field);
        if (parent instanceof VectorNode v && v.vector instanceof StructVector s) {
            ValueVector child = s.getChildByOrdinal(ref.fieldIndex());
            return new VectorNode(type, field, child, v);
        }
        int index = ref.fieldIndex();
        return strict(type, parent, struct -> {
            Iterator<?> it = ((Map<?, ?>) struct).values().iterator();
            for (int i = 0; i < index; i++) {
                it.next();
            }
            return it.next();
        });
    }

    private void checkCollation(ValueType a, ValueType b, Object node) {
        if (context.isNone() || (!a.holdsStrings() && !b.holdsStrings())) {
            return;
        }
        String collation = context.defaultCollation();
        if (collation != null && !collation.isEmpty() && !collation.equalsIgnoreCase("binary")) {
            throw unsupported("string comparison under default collation '" + collation + "' is not supported ("
                    + node + ")");
        }
    }

    private static void checkComparable(ValueType a, ValueType b, Object node) {
        for (ValueType t : new ValueType[] {a, b}) {
            if (t.kind() == Kind.MAP || t.kind() == Kind.OTHER) {
                throw unsupported("comparison of " + t.describe() + " values is not supported (" + node + ")");
            }
        }
        if (!ValueType.comparable(a, b)) {
            throw mismatch("cannot compare " + a.describe() + " with " + b.describe() + " (" + node + ")");
        }
    }

    private Node comparison(Comparison c) {
        Node l = compile(c.left());
        Node r = compile(c.right());
        checkComparable(l.type, r.type, c);
        checkCollation(l.type, r.type, c);
        ComparisonOp op = c.op();
        if (op == ComparisonOp.DISTINCT_FROM || op == ComparisonOp.NOT_DISTINCT_FROM) {
            boolean distinct = op == ComparisonOp.DISTINCT_FROM;
            return new BoolNode() {
                @Override
                int tri(int row) {
                    Object a = l.value(row);
                    Object b = r.value(row);
                    boolean differ = a == null || b == null ? a != b : !SqlOrder.equal(a, b);
                    return differ == distinct ? TRUE : FALSE;
                }
            };
        }
        return strictTest(l, r, (a, b) -> {
            int cmp = SqlOrder.compare(a, b);
            return switch (op) {
                case EQ -> cmp == 0;
                case NE -> cmp != 0;
                case LT -> cmp < 0;
                case LE -> cmp <= 0;
                case GT -> cmp > 0;
                default -> cmp >= 0;
            };
        });
    }

    private Node conjunction(List<FilterExpression> children, boolean and) {
        BoolNode[] nodes = new BoolNode[children.size()];
        for (int i = 0; i < nodes.length; i++) {
            nodes[i] = bool(compile(children.get(i)), and ? "AND operand" : "OR operand");
        }
        int stop = and ? FALSE : TRUE;
        return new BoolNode() {
            @Override
            int tri(int row) {
                boolean sawNull = false;
                for (BoolNode n : nodes) {
                    int t = n.tri(row);
                    if (t == stop) {
                        return stop;
                    }
                    sawNull |= t == NULL;
                }
                return sawNull ? NULL : 1 - stop;
            }
        };
    }

    private Node in(In in) {
        Node operand = compile(in.expression());
        ValueType element = ValueType.of(in.set().elementField());
        checkComparable(operand.type, element, in);
        checkCollation(operand.type, element, in);
        List<Object> sorted = new ArrayList<>(in.set().values().size());
        boolean hasNull = false;
        for (Object v : in.set().values()) {
            if (v == null) {
                hasNull = true;
            } else {
                sorted.add(v);
            }
        }
        sorted.sort(SqlOrder.COMPARATOR);
        boolean empty = in.set().values().isEmpty();
        boolean nullInSet = hasNull;
        boolean negated = in.negated();
        return new BoolNode() {
            @Override
            int tri(int row) {
                if (empty) {
                    return negated ? TRUE : FALSE;
                }
                Object x = operand.value(row);
                if (x == null) {
                    return NULL;
                }
                if (Collections.binarySearch(sorted, x, SqlOrder.COMPARATOR) >= 0) {
                    return negated ? FALSE : TRUE;
                }
                if (nullInSet) {
                    return NULL;
                }
                return negated ? TRUE : FALSE;
            }
        };
    }

    private Node call(Call c) {
        String name = c.standardName();
        if (name == null || !STANDARD_FUNCTIONS.contains(name)) {
            throw unsupported("filter function '" + c.functionName() + "' is not supported");
        }
        if (c.arguments().size() != 2) {
            throw mismatch(name + " takes 2 arguments, not " + c.arguments().size() + " (" + c + ")");
        }
        Node a = compile(c.arguments().get(0));
        Node b = compile(c.arguments().get(1));
        Kind ka = a.type.kind();
        Kind kb = b.type.kind();
        boolean listCall = name.equals("list_contains") || (name.equals("contains") && ka == Kind.LIST);
        if (listCall) {
            if (ka != Kind.LIST && ka != Kind.NULL) {
                throw mismatch(name + " needs a list as its first argument, not " + a.type.describe() + " (" + c + ")");
            }
            if (ka == Kind.LIST) {
                checkComparable(a.type.element(), b.type, c);
                checkCollation(a.type.element(), b.type, c);
            }
            return strictTest(a, b, (list, x) -> {
                for (Object element : (List<?>) list) {
                    if (element != null && SqlOrder.equal(element, x)) {
                        return true;
                    }
                }
                return false;
            });
        }
        if ((ka != Kind.STRING && ka != Kind.NULL) || (kb != Kind.STRING && kb != Kind.NULL)) {
            throw mismatch(name + " needs two strings, not " + a.type.describe() + " and " + b.type.describe()
                    + " (" + c + ")");
        }
        checkCollation(a.type, b.type, c);
        return strictTest(a, b, (x, y) -> {
            String s = (String) x;
            String t = (String) y;
            return switch (name) {
                case "starts_with" -> s.startsWith(t);
                case "ends_with" -> s.endsWith(t);
                default -> s.contains(t);
            };
        });
    }

    // ---- arithmetic -----------------------------------------------------------------------------

    /** Addition, subtraction, multiplication and negation with DuckDB's result types and overflow errors. */
    static final class Arithmetics {
        private Arithmetics() {
        }

        static Node binary(ArithmeticOp op, Node l, Node r, EvaluationContext context, Object node) {
            if (op == ArithmeticOp.DIVIDE || op == ArithmeticOp.MODULO) {
                throw unsupported("arithmetic '" + op.wireName() + "' is not supported (" + node + ")");
            }
            ValueType a = l.type;
            ValueType b = r.type;
            if (a.kind() == Kind.NULL || b.kind() == Kind.NULL) {
                ValueType t = a.kind() == Kind.NULL ? b : a;
                if (t.kind() != Kind.NULL && !t.numeric()) {
                    throw mismatch("arithmetic needs numbers, not " + t.describe() + " (" + node + ")");
                }
                return constant(t, null);
            }
            if (!a.numeric() || !b.numeric()) {
                throw mismatch("arithmetic needs numbers, not " + a.describe() + " and " + b.describe()
                        + " (" + node + ")");
            }
            if (a.kind() == Kind.DECIMAL || b.kind() == Kind.DECIMAL) {
                throw unsupported("decimal arithmetic is not supported (" + node + ")");
            }
            if (a.kind() == Kind.INT && b.kind() == Kind.INT) {
                if (a.signed() != b.signed()) {
                    throw unsupported("arithmetic mixing signed and unsigned integers is not supported (" + node + ")");
                }
                ValueType result = ValueType.integer(Math.max(a.bits(), b.bits()), a.signed());
                return integer(op, l, r, result);
            }
            if (!context.isNone() && Boolean.FALSE.equals(context.ieeeFloatingPointOps())) {
                throw unsupported("floating-point arithmetic without IEEE semantics is not supported (" + node + ")");
            }
            boolean wide = (a.kind() == Kind.FLOAT && a.bits() == 64) || (b.kind() == Kind.FLOAT && b.bits() == 64);
            ValueType result = ValueType.floating(wide ? 64 : 32);
            return strict(result, l, r, (x, y) -> {
                if (wide) {
                    double p = ((Number) x).doubleValue();
                    double q = ((Number) y).doubleValue();
                    return switch (op) {
                        case ADD -> p + q;
                        case SUBTRACT -> p - q;
                        default -> p * q;
                    };
                }
                float p = ((Number) x).floatValue();
                float q = ((Number) y).floatValue();
                float v = switch (op) {
                    case ADD -> p + q;
                    case SUBTRACT -> p - q;
                    default -> p * q;
                };
                return (double) v;
            });
        }

        private static Node integer(ArithmeticOp op, Node l, Node r, ValueType result) {
            BigInteger min = min(result);
            BigInteger max = max(result);
            boolean big = result.bigInteger();
            return strict(result, l, r, (x, y) -> {
                BigInteger p = SqlOrder.integer((Number) x);
                BigInteger q = SqlOrder.integer((Number) y);
                BigInteger v = switch (op) {
                    case ADD -> p.add(q);
                    case SUBTRACT -> p.subtract(q);
                    default -> p.multiply(q);
                };
                if (v.compareTo(min) < 0 || v.compareTo(max) > 0) {
                    String what = switch (op) {
                        case ADD -> "addition";
                        case SUBTRACT -> "subtraction";
                        default -> "multiplication";
                    };
                    throw evaluation("Out of Range Error: Overflow in " + what + " of " + name(result) + " ("
                            + p + " " + op.symbol() + " " + q + ")!");
                }
                return big ? v : (Object) v.longValue();
            });
        }

        static Node negate(Node operand, Object node) {
            ValueType t = operand.type;
            switch (t.kind()) {
                case NULL:
                    return operand;
                case INT:
                    if (!t.signed()) {
                        throw unsupported("negating an unsigned integer is not supported (" + node + ")");
                    }
                    long min = min(t).longValueExact();
                    return strict(t, operand, x -> {
                        long v = (Long) x;
                        if (v == min) {
                            throw evaluation("Out of Range Error: Overflow in negation of integer!");
                        }
                        return -v;
                    });
                case FLOAT:
                    return strict(t, operand, x -> -((Double) x));
                case DECIMAL:
                    return strict(t, operand, x -> ((BigDecimal) x).negate());
                default:
                    throw mismatch("negate needs a number, not " + t.describe() + " (" + node + ")");
            }
        }

        static BigInteger min(ValueType t) {
            return t.signed() ? BigInteger.ONE.shiftLeft(t.bits() - 1).negate() : BigInteger.ZERO;
        }

        static BigInteger max(ValueType t) {
            return (t.signed() ? BigInteger.ONE.shiftLeft(t.bits() - 1) : BigInteger.ONE.shiftLeft(t.bits()))
                    .subtract(BigInteger.ONE);
        }

        static String name(ValueType t) {
            return (t.signed() ? "INT" : "UINT") + t.bits();
        }
    }

    // ---- casts ----------------------------------------------------------------------------------

    /** The exact, unambiguous subset of DuckDB's ordinary casts. */
    static final class Casts {
        private Casts() {
        }

        static Node cast(Node source, ValueType target, Cast node, EvaluationContext context) {
            ValueType s = source.type;
            if (context.isNone() && contextual(s) && contextual(target)) {
                // As the reference: such casts depend on the session (time zone, calendar, formats).
                throw new FilterException(Reason.MALFORMED,
                        "context-dependent expression requires vgi.duckdb.session.v1 (" + node + ")");
            }
            if (s.kind() == Kind.NULL) {
                return constant(target, null);
            }
            if (target.kind() == Kind.OTHER || s.kind() == Kind.OTHER) {
                throw refuse(s, target, node);
            }
            if (sameType(s, target)) {
                return strict(target, source, v -> v);
            }
            switch (s.kind()) {
                case STRING:
                    if (target.kind() == Kind.STRING && !"arrow.json".equals(FilterValues.extensionName(target.field()))
                            && !"arrow.json".equals(FilterValues.extensionName(s.field()))) {
                        return strict(target, source, v -> v);
                    }
                    break;
                case BINARY:
                    if (target.kind() == Kind.BINARY && !(target.arrowType() instanceof ArrowType.FixedSizeBinary)) {
                        return strict(target, source, v -> v);
                    }
                    break;
                case BOOL:
                    if (target.kind() == Kind.INT) {
                        return strict(target, source, v -> integerValue(target, (Boolean) v ? 1 : 0));
                    }
                    break;
                case INT:
                    return fromInteger(source, s, target, node);
                case FLOAT:
                    if (target.kind() == Kind.FLOAT && target.bits() == 64 && s.bits() <= 32) {
                        return strict(target, source, v -> v);
                    }
                    break;
                case DECIMAL:
                    if (target.kind() == Kind.DECIMAL && target.scale() >= s.scale()) {
                        return strict(target, source, v -> toDecimal((BigDecimal) v, target));
                    }
                    break;
                case DATE:
                    if (target.kind() == Kind.TIMESTAMP) {
                        return strict(target, source, v -> checkNanos(((LocalDate) v).atStartOfDay(), target));
                    }
                    break;
                case TIMESTAMP:
                    if (target.kind() == Kind.DATE) {
                        return strict(target, source, v -> ((LocalDateTime) v).toLocalDate());
                    }
                    if (target.kind() == Kind.TIMESTAMP && unit(target).compareTo(unit(s)) >= 0) {
                        return strict(target, source, v -> checkNanos((LocalDateTime) v, target));
                    }
                    break;
                case TIMESTAMP_TZ:
                    if (target.kind() == Kind.TIMESTAMP_TZ && unit(target).compareTo(unit(s)) >= 0) {
                        return strict(target, source, v -> {
                            if (unit(target) == TimeUnit.NANOSECOND) {
                                checkNanos(LocalDateTime.ofInstant((Instant) v, java.time.ZoneOffset.UTC), target);
                            }
                            return v;
                        });
                    }
                    break;
                default:
                    break;
            }
            throw refuse(s, target, node);
        }

        private static boolean contextual(ValueType t) {
            return (t.kind() == Kind.STRING && !(t.arrowType() instanceof ArrowType.Utf8View))
                    || t.kind() == Kind.DATE || t.kind() == Kind.TIME || t.kind() == Kind.TIMESTAMP
                    || t.kind() == Kind.TIMESTAMP_TZ;
        }

        private static FilterException refuse(ValueType s, ValueType t, Cast node) {
            return unsupported("cast from " + s.describe() + " to " + t.describe() + " is not supported (" + node
                    + ")");
        }

        private static boolean sameType(ValueType a, ValueType b) {
            return a.kind() == b.kind() && a.arrowType().equals(b.arrowType())
                    && java.util.Objects.equals(FilterValues.extensionName(a.field()),
                            FilterValues.extensionName(b.field()))
                    && (a.kind() != Kind.LIST && a.kind() != Kind.STRUCT && a.kind() != Kind.MAP
                            || a.field().getChildren().equals(b.field().getChildren()));
        }

        private static TimeUnit unit(ValueType t) {
            return ((ArrowType.Timestamp) t.arrowType()).getUnit();
        }

        private static final LocalDateTime NANOS_MIN = LocalDateTime.ofEpochSecond(Long.MIN_VALUE / 1_000_000_000L,
                0, java.time.ZoneOffset.UTC).plusSeconds(1);
        private static final LocalDateTime NANOS_MAX = LocalDateTime.ofEpochSecond(Long.MAX_VALUE / 1_000_000_000L,
                0, java.time.ZoneOffset.UTC);

        private static LocalDateTime checkNanos(LocalDateTime v, ValueType target) {
            if (unit(target) == TimeUnit.NANOSECOND && (v.isBefore(NANOS_MIN) || v.isAfter(NANOS_MAX))) {
                throw evaluation("Conversion Error: timestamp " + v + " is out of range for " + target.describe());
            }
            return v;
        }

        private static Node fromInteger(Node source, ValueType s, ValueType target, Cast node) {
            switch (target.kind()) {
                case INT:
                    BigInteger min = Arithmetics.min(target);
                    BigInteger max = Arithmetics.max(target);
                    return strict(target, source, v -> {
                        BigInteger b = SqlOrder.integer((Number) v);
                        if (b.compareTo(min) < 0 || b.compareTo(max) > 0) {
                            throw evaluation("Conversion Error: Type " + Arithmetics.name(s) + " with value " + b
                                    + " can't be cast because the value is out of range for the destination type "
                                    + Arithmetics.name(target));
                        }
                        return integerValue(target, b.longValue());
                    });
                case BOOL:
                    return strict(target, source, v -> SqlOrder.integer((Number) v).signum() != 0);
                case FLOAT:
                    if (target.bits() == 64) {
                        return strict(target, source, v -> ((Number) v).doubleValue());
                    }
                    return strict(target, source, v -> (double) ((Number) v).floatValue());
                case DECIMAL:
                    return strict(target, source, v -> toDecimal(SqlOrder.decimal((Number) v), target));
                default:
                    throw refuse(s, target, node);
            }
        }

        private static Object integerValue(ValueType target, long v) {
            if (target.bigInteger()) {
                return BigInteger.valueOf(v).and(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE));
            }
            return v;
        }

        private static BigDecimal toDecimal(BigDecimal v, ValueType target) {
            BigDecimal scaled = v.setScale(target.scale());
            if (scaled.unscaledValue().abs().compareTo(BigInteger.TEN.pow(target.precision())) >= 0) {
                throw evaluation("Conversion Error: Could not cast value " + v.toPlainString() + " to DECIMAL("
                        + target.precision() + "," + target.scale() + ")");
            }
            return scaled;
        }
    }
}
