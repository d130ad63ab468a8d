package dev.vgi.spring.autoconfigure.catalog;

import java.util.List;

import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

import dev.vgi.core.catalog.TableDefinition;
import dev.vgi.core.catalog.ViewDefinition;
import dev.vgi.core.function.Argument;
import dev.vgi.core.function.BindContext;
import dev.vgi.core.function.InOutRequest;
import dev.vgi.core.function.ScalarCall;
import dev.vgi.core.function.ScalarFunction;
import dev.vgi.core.function.ScalarFunctions;
import dev.vgi.core.function.ScanRequest;
import dev.vgi.core.function.TableFunction;
import dev.vgi.core.function.TableInOutFunction;
import dev.vgi.core.function.TableInOutProcessor;
import dev.vgi.core.function.TableScan;

/** Small functions, tables and views for the discovery tests. */
final class TestFunctions {

    static final ArrowType INT64 = new ArrowType.Int(64, true);

    private TestFunctions() {
    }

    /** {@code name(value utf8) -> utf8}. */
    static ScalarFunction upper(String name) {
        return ScalarFunctions.of(name, String.class, String.class, String::toUpperCase);
    }

    /** A scalar function with the given declared arguments, returning int64. */
    static ScalarFunction scalar(String name, Argument... arguments) {
        return new SimpleScalar(name, List.of(arguments));
    }

    /** A table function with the given declared arguments and one int64 column {@code n}. */
    static TableFunction table(String name, Argument... arguments) {
        return new SimpleTable(name, List.of(arguments));
    }

    /** A table-in-out function passing its input through. */
    static TableInOutFunction inOut(String name, Argument... arguments) {
        return new SimpleInOut(name, List.of(arguments));
    }

    /** A table scanned by {@code table(name + "_scan")}. */
    static TableDefinition tableDefinition(String name) {
        return TableDefinition.scannedBy(name, new Schema(List.of(Field.nullable("n", INT64))), table(name + "_scan"));
    }

    /** A view over {@code SELECT 1}. */
    static ViewDefinition view(String name) {
        return ViewDefinition.of(name, "SELECT 1 AS one");
    }

    /** A scalar function as a plain class, so that Spring can proxy it (CGLIB or JDK). */
    static class SimpleScalar implements ScalarFunction {
        private final String name;
        private final List<Argument> arguments;

        SimpleScalar(String name, List<Argument> arguments) {
            this.name = name;
            this.arguments = arguments;
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
        public ArrowType returnType() {
            return INT64;
        }

        @Override
        public void apply(ScalarCall call, VectorSchemaRoot input, FieldVector output) {
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static class SimpleTable implements TableFunction {
        private final String name;
        private final List<Argument> arguments;

        SimpleTable(String name, List<Argument> arguments) {
            this.name = name;
            this.arguments = arguments;
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
        public Schema bind(BindContext context) {
            return new Schema(List.of(Field.nullable("n", INT64)));
        }

        @Override
        public TableScan scan(ScanRequest request) {
            return out -> false;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static class SimpleInOut implements TableInOutFunction {
        private final String name;
        private final List<Argument> arguments;

        SimpleInOut(String name, List<Argument> arguments) {
            this.name = name;
            this.arguments = arguments;
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
        public Schema bind(BindContext context) {
            return context.inputSchema();
        }

        @Override
        public TableInOutProcessor open(InOutRequest request) {
            return (in, out) -> out.setRowCount(0);
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
