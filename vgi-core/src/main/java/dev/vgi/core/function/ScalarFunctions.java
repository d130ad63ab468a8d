package dev.vgi.core.function;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import java.util.function.BiFunction;
import java.util.function.Function;

import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;

import dev.vgi.core.arrow.ArrowValues;

/**
 * Scalar functions written as plain Java methods, one row at a time:
 *
 * <pre>{@code
 * ScalarFunction upper = ScalarFunctions.of("upper_case", String.class, String.class, String::toUpperCase);
 * ScalarFunction times = ScalarFunctions.of("multiply", Long.class, Long.class, Long.class, (a, b) -> a * b);
 * }</pre>
 *
 * Java types map to Arrow as {@code Long → int64}, {@code Integer → int32}, {@code Short → int16},
 * {@code Byte → int8}, {@code Double → float64}, {@code Float → float32}, {@code Boolean → bool},
 * {@code String → utf8}, {@code byte[] → binary}, {@code LocalDate → date32}. A row with a NULL
 * argument yields NULL without calling the method. Row-at-a-time calls are convenient rather than
 * fast; implement {@link ScalarFunction#apply} on vectors for hot paths.
 */
public final class ScalarFunctions {

    private ScalarFunctions() {
    }

    /** The body of a row-wise function over any number of arguments. */
    @FunctionalInterface
    public interface RowFunction {
        /** Computes one row's value from its non-null argument values (in declaration order). */
        Object apply(List<Object> arguments) throws Exception;
    }

    /** A one-argument function. */
    public static <A, R> RowScalar of(String name, Class<A> argument, Class<R> result, Function<A, R> body) {
        return new RowScalar(name, List.of(Argument.of("value", arrowType(argument))), arrowType(result),
                List.of(argument), args -> body.apply(argument.cast(args.get(0))), FunctionMetadata.EMPTY);
    }

    /** A two-argument function. */
    public static <A, B, R> RowScalar of(String name, Class<A> left, Class<B> right, Class<R> result,
            BiFunction<A, B, R> body) {
        return new RowScalar(name, List.of(Argument.of("left", arrowType(left)), Argument.of("right", arrowType(right))),
                arrowType(result), List.of(left, right), args -> body.apply(left.cast(args.get(0)), right.cast(args.get(1))),
                FunctionMetadata.EMPTY);
    }

    /** A function over declared arguments (all passed as columns) returning {@code returnType}. */
    public static RowScalar ofRows(String name, List<Argument> arguments, ArrowType returnType, RowFunction body) {
        List<Class<?>> classes = new ArrayList<>();
        arguments.forEach(a -> classes.add(Object.class));
        return new RowScalar(name, arguments, returnType, classes, body, FunctionMetadata.EMPTY);
    }

    /** The Arrow type a Java class maps to. */
    public static ArrowType arrowType(Class<?> type) {
        if (type == Long.class || type == long.class) {
            return new ArrowType.Int(64, true);
        }
        if (type == Integer.class || type == int.class) {
            return new ArrowType.Int(32, true);
        }
        if (type == Short.class || type == short.class) {
            return new ArrowType.Int(16, true);
        }
        if (type == Byte.class || type == byte.class) {
            return new ArrowType.Int(8, true);
        }
        if (type == Double.class || type == double.class) {
            return new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
        }
        if (type == Float.class || type == float.class) {
            return new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
        }
        if (type == Boolean.class || type == boolean.class) {
            return ArrowType.Bool.INSTANCE;
        }
        if (type == String.class) {
            return ArrowType.Utf8.INSTANCE;
        }
        if (type == byte[].class) {
            return ArrowType.Binary.INSTANCE;
        }
        if (type == LocalDate.class) {
            return new ArrowType.Date(DateUnit.DAY);
        }
        throw new IllegalArgumentException("no Arrow type for " + type.getName()
                + "; declare the function with ScalarFunctions.ofRows and explicit Arrow types");
    }

    private static Object toJava(Object value, Class<?> wanted) {
        if (value == null || wanted == Object.class || wanted.isInstance(value)) {
            return value;
        }
        if (wanted == LocalDate.class && value instanceof Number n) {
            return LocalDate.ofEpochDay(n.longValue());
        }
        if (value instanceof Number n) {
            if (wanted == Long.class) {
                return n.longValue();
            }
            if (wanted == Integer.class) {
                return n.intValue();
            }
            if (wanted == Double.class) {
                return n.doubleValue();
            }
            if (wanted == Float.class) {
                return n.floatValue();
            }
            if (wanted == Short.class) {
                return n.shortValue();
            }
            if (wanted == Byte.class) {
                return n.byteValue();
            }
        }
        return value;
    }

    /** A row-wise scalar function; immutable, with fluent documentation. */
    public static final class RowScalar implements ScalarFunction {

        private final String name;
        private final List<Argument> arguments;
        private final ArrowType returnType;
        private final List<Class<?>> argumentClasses;
        private final RowFunction body;
        private final FunctionMetadata metadata;

        RowScalar(String name, List<Argument> arguments, ArrowType returnType, List<Class<?>> argumentClasses, RowFunction body,
                FunctionMetadata metadata) {
            this.name = name;
            this.arguments = List.copyOf(arguments);
            this.returnType = returnType;
            this.argumentClasses = List.copyOf(argumentClasses);
            this.body = body;
            this.metadata = metadata;
        }

        /** The same function with a description. */
        public RowScalar describedAs(String description) {
            return new RowScalar(name, arguments, returnType, argumentClasses, body,
                    new FunctionMetadata(description, metadata.examples(), metadata.categories(), metadata.tags(), metadata.comment()));
        }

        /** The same function with these argument names (in order). */
        public RowScalar withArgumentNames(String... names) {
            if (names.length != arguments.size()) {
                throw new IllegalArgumentException(name + " has " + arguments.size() + " arguments, got " + names.length + " names");
            }
            List<Argument> renamed = new ArrayList<>();
            for (int i = 0; i < names.length; i++) {
                Argument a = arguments.get(i);
                renamed.add(new Argument(names[i], a.type(), a.kind(), a.constant(), a.description(), a.defaultValue()));
            }
            return new RowScalar(name, renamed, returnType, argumentClasses, body, metadata);
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public List<Argument> arguments() {
            return arguments;
        }

        @Override
        public FunctionMetadata metadata() {
            return metadata;
        }

        @Override
        public ArrowType returnType() {
            return returnType;
        }

        @Override
        public void apply(ScalarCall call, VectorSchemaRoot input, FieldVector output) throws Exception {
            List<FieldVector> columns = input.getFieldVectors();
            int rows = input.getRowCount();
            List<Object> row = new ArrayList<>(columns.size());
            for (int i = 0; i < rows; i++) {
                row.clear();
                boolean anyNull = false;
                for (int c = 0; c < columns.size(); c++) {
                    Object v = ArrowValues.read(columns.get(c), i);
                    if (v == null) {
                        anyNull = true;
                        break;
                    }
                    row.add(toJava(v, c < argumentClasses.size() ? argumentClasses.get(c) : Object.class));
                }
                ArrowValues.write(output, i, anyNull ? null : body.apply(row));
            }
        }

        @Override
        public String toString() {
            return name + arguments.stream().map(a -> a.name()).toList() + " -> " + returnType;
        }
    }

}
