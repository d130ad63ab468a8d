package dev.vgi.core.pushdown;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.arrow.vector.types.pojo.Field;

/**
 * A node of a v2 filter expression (delta spec §2.6.4), discriminated on the wire by
 * {@code "node"}. Every node is immutable; {@code toString()} renders it SQL-like for messages.
 *
 * <p>Literal values ({@link Literal#value()}, {@link LiteralSet#values()},
 * {@link ExternalSet#values()}) are Java values of their Arrow type:
 * <table>
 * <caption>Arrow type to Java value</caption>
 * <tr><th>Arrow</th><th>Java</th></tr>
 * <tr><td>{@code bool}, {@code arrow.bool8}</td><td>{@code Boolean}</td></tr>
 * <tr><td>{@code int8..int64}, {@code uint8..uint32}</td><td>{@code Long}</td></tr>
 * <tr><td>{@code uint64}</td><td>{@code BigInteger}</td></tr>
 * <tr><td>{@code float16/32/64}</td><td>{@code Double} (exactly widened)</td></tr>
 * <tr><td>{@code decimal128/256}</td><td>{@code BigDecimal}</td></tr>
 * <tr><td>{@code utf8}, {@code large_utf8}, {@code utf8_view}, {@code arrow.json}</td><td>{@code String}</td></tr>
 * <tr><td>{@code binary}, {@code large_binary}, {@code binary_view}, {@code fixed_size_binary}</td>
 *     <td>{@link Bytes}</td></tr>
 * <tr><td>{@code arrow.uuid}</td><td>{@code java.util.UUID}</td></tr>
 * <tr><td>{@code date32/64}</td><td>{@code LocalDate}</td></tr>
 * <tr><td>{@code time32/64}</td><td>{@code LocalTime}</td></tr>
 * <tr><td>{@code timestamp} without / with time zone</td><td>{@code LocalDateTime} / {@code Instant}</td></tr>
 * <tr><td>{@code interval}</td><td>{@code org.apache.arrow.vector.PeriodDuration}</td></tr>
 * <tr><td>{@code duration}</td><td>{@code Duration}</td></tr>
 * <tr><td>{@code list}, {@code large_list}, {@code fixed_size_list}</td><td>unmodifiable {@code List}</td></tr>
 * <tr><td>{@code struct}</td><td>unmodifiable {@code Map<String, Object>} in field order</td></tr>
 * <tr><td>{@code map}</td><td>unmodifiable {@code Map<Object, Object>} in entry order</td></tr>
 * <tr><td>{@code null}, or a NULL value</td><td>{@code null}</td></tr>
 * </table>
 * Dictionary-encoded payloads are decoded to their value type. Other types keep Arrow Java's
 * {@code getObject} value.
 */
public sealed interface FilterExpression {

    /** The wire discriminator ({@code "node"}). */
    String node();

    /** The direct sub-expressions, in document order. */
    default List<FilterExpression> children() {
        return List.of();
    }

    /**
     * The column references in {@code expression}, each (index, name) once, in first-occurrence
     * order (the columns a batch must hold to evaluate it).
     */
    static List<ColumnRef> columns(FilterExpression expression) {
        Set<ColumnRef> seen = new LinkedHashSet<>();
        collect(expression, seen);
        return List.copyOf(seen);
    }

    private static void collect(FilterExpression e, Set<ColumnRef> out) {
        if (e instanceof ColumnRef c) {
            out.add(c);
        }
        for (FilterExpression child : e.children()) {
            collect(child, out);
        }
    }

    /** Whether {@code expression} or a descendant is an {@link Unsupported} node. */
    static boolean containsUnsupported(FilterExpression expression) {
        if (expression instanceof Unsupported) {
            return true;
        }
        for (FilterExpression child : expression.children()) {
            if (containsUnsupported(child)) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------------------------------------

    /**
     * {@code column_ref}: a column of the <b>unprojected</b> bind output schema.
     *
     * @param columnIndex index into {@code BindResponse.output_schema} (authoritative)
     * @param columnName the name of that field (redundant, validated)
     */
    record ColumnRef(int columnIndex, String columnName) implements FilterExpression {
        @Override
        public String node() {
            return "column_ref";
        }

        @Override
        public String toString() {
            return columnName;
        }
    }

    /**
     * {@code field_ref}: a field of a struct-typed expression.
     *
     * @param expression the struct
     * @param fieldIndex the field's index in the struct (authoritative)
     * @param fieldName the field's name (redundant, validated)
     */
    record FieldRef(FilterExpression expression, int fieldIndex, String fieldName) implements FilterExpression {
        @Override
        public String node() {
            return "field_ref";
        }

        @Override
        public List<FilterExpression> children() {
            return List.of(expression);
        }

        @Override
        public String toString() {
            return expression + "." + fieldName;
        }
    }

    /**
     * {@code literal}: the value of payload column {@code value_N}.
     *
     * @param valueRef N
     * @param field the payload field (its type is the literal's type)
     * @param value the Java value (see the table on {@link FilterExpression}), {@code null} for NULL
     */
    record Literal(int valueRef, Field field, Object value) implements FilterExpression {
        @Override
        public String node() {
            return "literal";
        }

        @Override
        public String toString() {
            return Rendering.literal(value);
        }
    }

    /** Comparison operators. */
    enum ComparisonOp {
        /** {@code =} */
        EQ("eq", "="),
        /** {@code <>} */
        NE("ne", "<>"),
        /** {@code <} */
        LT("lt", "<"),
        /** {@code <=} */
        LE("le", "<="),
        /** {@code >} */
        GT("gt", ">"),
        /** {@code >=} */
        GE("ge", ">="),
        /** {@code IS DISTINCT FROM} (NULL-safe, never NULL) */
        DISTINCT_FROM("distinct_from", "IS DISTINCT FROM"),
        /** {@code IS NOT DISTINCT FROM} (NULL-safe, never NULL) */
        NOT_DISTINCT_FROM("not_distinct_from", "IS NOT DISTINCT FROM");

        private final String wireName;
        private final String symbol;

        ComparisonOp(String wireName, String symbol) {
            this.wireName = wireName;
            this.symbol = symbol;
        }

        /** The name on the wire. */
        public String wireName() {
            return wireName;
        }

        /** The SQL operator. */
        public String symbol() {
            return symbol;
        }

        /** The operator named {@code name} on the wire, or {@code null}. */
        public static ComparisonOp fromWire(String name) {
            return WireNames.find(values(), ComparisonOp::wireName, name);
        }
    }

    /**
     * {@code comparison}.
     *
     * @param op the operator
     * @param left left operand
     * @param right right operand
     */
    record Comparison(ComparisonOp op, FilterExpression left, FilterExpression right) implements FilterExpression {
        @Override
        public String node() {
            return "comparison";
        }

        @Override
        public List<FilterExpression> children() {
            return List.of(left, right);
        }

        @Override
        public String toString() {
            return left + " " + op.symbol() + " " + right;
        }
    }

    /**
     * {@code and}: SQL three-valued conjunction of two or more Boolean children.
     *
     * @param children the operands
     */
    record And(List<FilterExpression> children) implements FilterExpression {
        /** Copies the children. */
        public And {
            children = List.copyOf(children);
        }

        @Override
        public String node() {
            return "and";
        }

        @Override
        public String toString() {
            return children.stream().map(Object::toString).collect(Collectors.joining(" AND ", "(", ")"));
        }
    }

    /**
     * {@code or}: SQL three-valued disjunction of two or more Boolean children.
     *
     * @param children the operands
     */
    record Or(List<FilterExpression> children) implements FilterExpression {
        /** Copies the children. */
        public Or {
            children = List.copyOf(children);
        }

        @Override
        public String node() {
            return "or";
        }

        @Override
        public String toString() {
            return children.stream().map(Object::toString).collect(Collectors.joining(" OR ", "(", ")"));
        }
    }

    /**
     * {@code not}: SQL three-valued negation.
     *
     * @param expression the Boolean operand
     */
    record Not(FilterExpression expression) implements FilterExpression {
        @Override
        public String node() {
            return "not";
        }

        @Override
        public List<FilterExpression> children() {
            return List.of(expression);
        }

        @Override
        public String toString() {
            return "NOT (" + expression + ")";
        }
    }

    /**
     * {@code is_null}: {@code IS NULL}, or {@code IS NOT NULL} when negated. Never NULL itself.
     *
     * @param expression the operand
     * @param negated {@code IS NOT NULL}
     */
    record IsNull(FilterExpression expression, boolean negated) implements FilterExpression {
        @Override
        public String node() {
            return "is_null";
        }

        @Override
        public List<FilterExpression> children() {
            return List.of(expression);
        }

        @Override
        public String toString() {
            return expression + (negated ? " IS NOT NULL" : " IS NULL");
        }
    }

    /** The value set of an {@link In}. */
    sealed interface InSet {
        /** The set's values (may hold {@code null}). */
        List<Object> values();

        /** The Arrow field of the values: the list's element field, or the join-key column. */
        Field elementField();
    }

    /**
     * {@code {"kind":"literal","value_ref":N}}: a list-typed payload {@code value_N}.
     *
     * @param valueRef N
     * @param field the list-typed payload field
     * @param values the list's elements
     */
    record LiteralSet(int valueRef, Field field, List<Object> values) implements InSet {
        /** Copies the values (NULLs allowed). */
        public LiteralSet {
            values = Rendering.immutable(values);
        }

        @Override
        public Field elementField() {
            return field.getChildren().get(0);
        }
    }

    /**
     * {@code {"kind":"external",...}}: column {@code columnIndex} of {@code InitRequest.join_keys[batchIndex]}.
     *
     * @param batchIndex index into the join-keys list
     * @param columnIndex column of that batch (authoritative)
     * @param columnName its name (validated)
     * @param field the column's field
     * @param values the column's values
     */
    record ExternalSet(int batchIndex, int columnIndex, String columnName, Field field, List<Object> values)
            implements InSet {
        /** Copies the values (NULLs allowed). */
        public ExternalSet {
            values = Rendering.immutable(values);
        }

        @Override
        public Field elementField() {
            return field;
        }
    }

    /**
     * {@code in}: {@code expression IN set}, or {@code NOT IN} when negated (subquery semantics:
     * an empty set gives FALSE even for a NULL operand).
     *
     * @param expression the operand
     * @param set the values
     * @param negated {@code NOT IN}
     */
    record In(FilterExpression expression, InSet set, boolean negated) implements FilterExpression {
        @Override
        public String node() {
            return "in";
        }

        @Override
        public List<FilterExpression> children() {
            return List.of(expression);
        }

        @Override
        public String toString() {
            List<Object> values = set.values();
            String list = values.size() > 20 ? values.size() + " values"
                    : values.stream().map(Rendering::literal).collect(Collectors.joining(", "));
            return expression + (negated ? " NOT IN (" : " IN (") + list + ")";
        }
    }

    /**
     * {@code cast}: an ordinary (throwing) cast to the type of payload field {@code type_N}.
     *
     * @param expression the operand
     * @param typeRef N
     * @param target the payload field whose type is the target type
     */
    record Cast(FilterExpression expression, int typeRef, Field target) implements FilterExpression {
        @Override
        public String node() {
            return "cast";
        }

        @Override
        public List<FilterExpression> children() {
            return List.of(expression);
        }

        @Override
        public String toString() {
            return "CAST(" + expression + " AS " + target.getType() + ")";
        }
    }

    /** Arithmetic operators. */
    enum ArithmeticOp {
        /** {@code +} */
        ADD("add", "+"),
        /** {@code -} */
        SUBTRACT("subtract", "-"),
        /** {@code *} */
        MULTIPLY("multiply", "*"),
        /** {@code /} */
        DIVIDE("divide", "/"),
        /** {@code %} */
        MODULO("modulo", "%");

        private final String wireName;
        private final String symbol;

        ArithmeticOp(String wireName, String symbol) {
            this.wireName = wireName;
            this.symbol = symbol;
        }

        /** The name on the wire. */
        public String wireName() {
            return wireName;
        }

        /** The SQL operator. */
        public String symbol() {
            return symbol;
        }

        /** The operator named {@code name} on the wire, or {@code null}. */
        public static ArithmeticOp fromWire(String name) {
            return WireNames.find(values(), ArithmeticOp::wireName, name);
        }
    }

    /**
     * {@code arithmetic}.
     *
     * @param op the operator
     * @param left left operand
     * @param right right operand
     */
    record Arithmetic(ArithmeticOp op, FilterExpression left, FilterExpression right) implements FilterExpression {
        @Override
        public String node() {
            return "arithmetic";
        }

        @Override
        public List<FilterExpression> children() {
            return List.of(left, right);
        }

        @Override
        public String toString() {
            return "(" + left + " " + op.symbol() + " " + right + ")";
        }
    }

    /**
     * {@code negate}: unary minus.
     *
     * @param expression the numeric operand
     */
    record Negate(FilterExpression expression) implements FilterExpression {
        @Override
        public String node() {
            return "negate";
        }

        @Override
        public List<FilterExpression> children() {
            return List.of(expression);
        }

        @Override
        public String toString() {
            return "-(" + expression + ")";
        }
    }

    /**
     * {@code call}: a function call. Exactly one of {@code standardName} (a function of the
     * semantic profile, e.g. {@code starts_with}) and {@code extension} is set. Names that are not
     * known are kept; the evaluator refuses them.
     *
     * @param standardName the standard function's name, or {@code null}
     * @param extension the extension function's identity, or {@code null}
     * @param arguments the arguments
     * @param options the {@code options} object, or {@code null} when absent
     */
    record Call(String standardName, FunctionIdentity extension, List<FilterExpression> arguments,
            Map<String, Object> options) implements FilterExpression {
        /** Copies the arguments. */
        public Call {
            if ((standardName == null) == (extension == null)) {
                throw new IllegalArgumentException("a call names either a standard or an extension function");
            }
            arguments = List.copyOf(arguments);
        }

        /** The function as written: the standard name or {@code namespace/name@version}. */
        public String functionName() {
            return standardName != null ? standardName : extension.toString();
        }

        @Override
        public String node() {
            return "call";
        }

        @Override
        public List<FilterExpression> children() {
            return arguments;
        }

        @Override
        public String toString() {
            return functionName()
                    + arguments.stream().map(Object::toString).collect(Collectors.joining(", ", "(", ")"));
        }
    }

    /** How a runtime filter treats NULL inputs. */
    enum NullHandling {
        /** NULL passes. */
        PASS,
        /** NULL is rejected. */
        REJECT
    }

    /**
     * {@code runtime_filter}: an advisory runtime-filter artifact (only as a predicate root).
     *
     * @param algorithm the algorithm identity
     * @param input the filtered expression
     * @param artifactRef N of {@code artifact_N}
     * @param artifactField the artifact's payload field
     * @param artifact the artifact value
     * @param nullHandling NULL handling
     */
    record RuntimeFilter(FunctionIdentity algorithm, FilterExpression input, int artifactRef, Field artifactField,
            Object artifact, NullHandling nullHandling) implements FilterExpression {
        @Override
        public String node() {
            return "runtime_filter";
        }

        @Override
        public List<FilterExpression> children() {
            return List.of(input);
        }

        @Override
        public String toString() {
            return "runtime_filter[" + algorithm + "](" + input + ")";
        }
    }

    /**
     * A node this decoder does not know, kept so a function can see it and refuse it.
     *
     * @param node its {@code "node"} value
     * @param json the node's JSON, compact
     */
    record Unsupported(String node, String json) implements FilterExpression {
        /** Checks the components are present. */
        public Unsupported {
            Objects.requireNonNull(node, "node");
            Objects.requireNonNull(json, "json");
        }

        @Override
        public String toString() {
            return "<unsupported node '" + node + "'>";
        }
    }
}
