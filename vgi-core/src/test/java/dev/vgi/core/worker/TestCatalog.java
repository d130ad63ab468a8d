package dev.vgi.core.worker;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

import dev.vgi.core.catalog.Catalog;
import dev.vgi.core.catalog.CatalogSchema;
import dev.vgi.core.catalog.TableDefinition;
import dev.vgi.core.catalog.ViewDefinition;
import dev.vgi.core.function.Argument;
import dev.vgi.core.function.BindContext;
import dev.vgi.core.function.Cardinality;
import dev.vgi.core.function.FunctionMetadata;
import dev.vgi.core.function.InOutRequest;
import dev.vgi.core.function.ScalarCall;
import dev.vgi.core.function.ScalarFunction;
import dev.vgi.core.function.ScanRequest;
import dev.vgi.core.function.TableCapabilities;
import dev.vgi.core.function.TableFunction;
import dev.vgi.core.function.TableInOutFunction;
import dev.vgi.core.function.TableInOutProcessor;
import dev.vgi.core.function.TableScan;
import dev.vgi.core.pushdown.PushdownFilters;
import dev.vgi.core.rpc.LogLevel;

/** The functions and catalog the worker tests serve. */
final class TestCatalog {

    static final ArrowType INT64 = new ArrowType.Int(64, true);
    static final ArrowType UTF8 = ArrowType.Utf8.INSTANCE;
    static final ArrowType FLOAT64 = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);

    private TestCatalog() {
    }

    /** {@code upper_case(value utf8) -> utf8}. */
    static final class UpperCase implements ScalarFunction {
        @Override
        public String name() {
            return "upper_case";
        }

        @Override
        public List<Argument> arguments() {
            return List.of(Argument.of("value", UTF8).describedAs("String value to uppercase"));
        }

        @Override
        public FunctionMetadata metadata() {
            return FunctionMetadata.describedAs("Converts a string to upper case").withExample("SELECT upper_case('a')", "upper",
                    "A");
        }

        @Override
        public ArrowType returnType() {
            return UTF8;
        }

        @Override
        public void apply(ScalarCall call, VectorSchemaRoot input, FieldVector output) {
            VarCharVector in = (VarCharVector) input.getVector(0);
            VarCharVector out = (VarCharVector) output;
            for (int i = 0; i < input.getRowCount(); i++) {
                if (in.isNull(i)) {
                    out.setNull(i);
                } else {
                    out.setSafe(i, new String(in.get(i), StandardCharsets.UTF_8).toUpperCase().getBytes(StandardCharsets.UTF_8));
                }
            }
        }
    }

    /** {@code multiply(value int64, const factor int64) -> int64}. */
    static final class Multiply implements ScalarFunction {
        @Override
        public String name() {
            return "multiply";
        }

        @Override
        public List<Argument> arguments() {
            return List.of(Argument.of("value", INT64), Argument.of("factor", INT64).asConstant().describedAs("Factor"));
        }

        @Override
        public ArrowType returnType() {
            return INT64;
        }

        @Override
        public void apply(ScalarCall call, VectorSchemaRoot input, FieldVector output) {
            long factor = call.binding().arguments().getLong("factor");
            BigIntVector in = (BigIntVector) input.getVector(0);
            for (int i = 0; i < input.getRowCount(); i++) {
                if (in.isNull(i)) {
                    ((BigIntVector) output).setNull(i);
                } else {
                    ((BigIntVector) output).set(i, in.get(i) * factor);
                }
            }
        }
    }

    /** {@code answer() -> int64}: 42 per row; no argument columns at all. */
    static final class Answer implements ScalarFunction {
        @Override
        public String name() {
            return "answer";
        }

        @Override
        public List<Argument> arguments() {
            return List.of();
        }

        @Override
        public ArrowType returnType() {
            return INT64;
        }

        @Override
        public void apply(ScalarCall call, VectorSchemaRoot input, FieldVector output) {
            for (int i = 0; i < input.getRowCount(); i++) {
                ((BigIntVector) output).set(i, 42);
            }
        }
    }

    /** {@code describe(x int64)} / {@code describe(x utf8)}: overloads telling which one ran. */
    static final class Describe implements ScalarFunction {
        private final ArrowType type;
        private final String label;

        Describe(ArrowType type, String label) {
            this.type = type;
            this.label = label;
        }

        @Override
        public String name() {
            return "describe";
        }

        @Override
        public List<Argument> arguments() {
            return List.of(Argument.of("x", type));
        }

        @Override
        public ArrowType returnType() {
            return UTF8;
        }

        @Override
        public Field bind(BindContext context) {
            context.log(LogLevel.INFO, "binding " + label);
            return Field.nullable("result", UTF8);
        }

        @Override
        public void apply(ScalarCall call, VectorSchemaRoot input, FieldVector output) {
            for (int i = 0; i < input.getRowCount(); i++) {
                ((VarCharVector) output).setSafe(i, label.getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    static final Schema SEQUENCE_SCHEMA = new Schema(List.of(Field.nullable("n", INT64), Field.nullable("s", UTF8),
            Field.nullable("sq", INT64)));

    /**
     * {@code sequence(count int64; batch_size := int64 = 2)}: rows {@code n, 'v<n>', n*n} for
     * {@code n < count}, in batches; projection and filter pushdown; resumable from its snapshot.
     */
    static final class Sequence implements TableFunction {
        volatile ScanRequest lastRequest;
        volatile int openScans;
        volatile int scansOpened;
        private final boolean snapshots;

        Sequence() {
            this(true);
        }

        /** @param snapshots whether scans report their position (else the runtime replays them) */
        Sequence(boolean snapshots) {
            this.snapshots = snapshots;
        }

        @Override
        public String name() {
            return "sequence";
        }

        @Override
        public List<Argument> arguments() {
            return List.of(Argument.of("count", INT64).describedAs("How many rows"),
                    Argument.named("batch_size", INT64, 2L).describedAs("Rows per batch"));
        }

        @Override
        public TableCapabilities capabilities() {
            return TableCapabilities.projectionAndFilters();
        }

        @Override
        public Schema bind(BindContext context) {
            long count = context.arguments().getLong("count");
            if (count < 0) {
                throw new IllegalArgumentException("count must not be negative, got " + count);
            }
            return SEQUENCE_SCHEMA;
        }

        @Override
        public Cardinality cardinality(BindContext context) {
            return Cardinality.exactly(context.arguments().getLong("count"));
        }

        @Override
        public TableScan scan(ScanRequest request) {
            lastRequest = request;
            long count = request.arguments().getLong("count");
            long batch = request.arguments().getLong("batch_size");
            long start = request.resumeFrom() == null ? 0 : ByteBuffer.wrap(request.resumeFrom()).getLong();
            List<Field> fields = request.projectedSchema().getFields();
            openScans++;
            scansOpened++;
            return new TableScan() {
                long next = start;

                @Override
                public boolean next(VectorSchemaRoot out) {
                    if (next >= count) {
                        return false;
                    }
                    int rows = (int) Math.min(batch, count - next);
                    for (int c = 0; c < fields.size(); c++) {
                        FieldVector v = out.getVector(c);
                        for (int r = 0; r < rows; r++) {
                            long n = next + r;
                            switch (fields.get(c).getName()) {
                                case "n" -> ((BigIntVector) v).setSafe(r, n);
                                case "sq" -> ((BigIntVector) v).setSafe(r, n * n);
                                default -> ((VarCharVector) v).setSafe(r, ("v" + n).getBytes(StandardCharsets.UTF_8));
                            }
                        }
                    }
                    out.setRowCount(rows);
                    next += rows;
                    return true;
                }

                @Override
                public byte[] snapshot() {
                    return snapshots ? ByteBuffer.allocate(8).putLong(next).array() : null;
                }

                @Override
                public void close() {
                    openScans--;
                }
            };
        }
    }

    /**
     * {@code partial_sum(data TABLE)}: sums the first input column; emits nothing while reading
     * and one row with the sum at finalize.
     */
    static final class PartialSum implements TableInOutFunction {
        volatile int open;

        @Override
        public String name() {
            return "partial_sum";
        }

        @Override
        public List<Argument> arguments() {
            return List.of(Argument.table("data"));
        }

        @Override
        public boolean hasFinalize() {
            return true;
        }

        @Override
        public Schema bind(BindContext context) {
            return new Schema(List.of(Field.nullable(context.inputSchema().getFields().get(0).getName(), INT64)));
        }

        @Override
        public TableInOutProcessor open(InOutRequest request) {
            long start = request.resumeFrom() == null ? 0 : ByteBuffer.wrap(request.resumeFrom()).getLong();
            open++;
            return new TableInOutProcessor() {
                long sum = start;
                boolean emitted;

                @Override
                public void process(VectorSchemaRoot input, VectorSchemaRoot out) {
                    BigIntVector v = (BigIntVector) input.getVector(0);
                    for (int i = 0; i < input.getRowCount(); i++) {
                        sum += v.isNull(i) ? 0 : v.get(i);
                    }
                    out.setRowCount(0);
                }

                @Override
                public boolean finish(VectorSchemaRoot out) {
                    if (emitted) {
                        return false;
                    }
                    emitted = true;
                    ((BigIntVector) out.getVector(0)).setSafe(0, sum);
                    out.setRowCount(1);
                    return true;
                }

                @Override
                public byte[] snapshot() {
                    return ByteBuffer.allocate(8).putLong(sum).array();
                }

                @Override
                public void close() {
                    open--;
                }
            };
        }
    }

    /** {@code repeat_inputs(repeat_count int64, data TABLE)}: each input batch repeated; no finalize. */
    static final class RepeatInputs implements TableInOutFunction {
        @Override
        public String name() {
            return "repeat_inputs";
        }

        @Override
        public List<Argument> arguments() {
            return List.of(Argument.of("repeat_count", INT64), Argument.table("data"));
        }

        @Override
        public Schema bind(BindContext context) {
            return context.inputSchema();
        }

        @Override
        public TableInOutProcessor open(InOutRequest request) {
            long times = request.arguments().getLong("repeat_count");
            return (input, out) -> {
                BigIntVector in = (BigIntVector) input.getVector(0);
                BigIntVector o = (BigIntVector) out.getVector(0);
                int n = input.getRowCount();
                for (int t = 0; t < times; t++) {
                    for (int i = 0; i < n; i++) {
                        o.setSafe(t * n + i, in.get(i));
                    }
                }
                out.setRowCount((int) (times * n));
            };
        }
    }

    /**
     * {@code echo_marked(data TABLE)}: passes its int64 input columns through (projected) and, at
     * finalize, emits one row of -1 in the same projected columns; under another name it can
     * declare filter pushdown.
     */
    static final class EchoMarked implements TableInOutFunction {
        private final String name;
        private final boolean filterPushdown;
        volatile InOutRequest lastRequest;

        EchoMarked() {
            this("echo_marked", false);
        }

        EchoMarked(String name, boolean filterPushdown) {
            this.name = name;
            this.filterPushdown = filterPushdown;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public boolean filterPushdown() {
            return filterPushdown;
        }

        @Override
        public List<Argument> arguments() {
            return List.of(Argument.table("data"));
        }

        @Override
        public boolean hasFinalize() {
            return true;
        }

        @Override
        public boolean projectionPushdown() {
            return true;
        }

        @Override
        public Schema bind(BindContext context) {
            return context.inputSchema();
        }

        @Override
        public TableInOutProcessor open(InOutRequest request) {
            lastRequest = request;
            List<Field> in = request.outputSchema().getFields();
            List<Field> out = request.projectedSchema().getFields();
            return new TableInOutProcessor() {
                boolean marked;

                @Override
                public void process(VectorSchemaRoot input, VectorSchemaRoot output) {
                    for (int c = 0; c < out.size(); c++) {
                        BigIntVector src = (BigIntVector) input.getVector(out.get(c).getName());
                        BigIntVector dst = (BigIntVector) output.getVector(c);
                        for (int i = 0; i < input.getRowCount(); i++) {
                            dst.setSafe(i, src.get(i));
                        }
                    }
                    output.setRowCount(input.getRowCount());
                }

                @Override
                public boolean finish(VectorSchemaRoot output) {
                    if (marked) {
                        return false;
                    }
                    marked = true;
                    for (int c = 0; c < out.size(); c++) {
                        ((BigIntVector) output.getVector(c)).setSafe(0, -1);
                    }
                    output.setRowCount(in.isEmpty() ? 0 : 1);
                    return true;
                }
            };
        }
    }

    static final Schema NUMBERS_SCHEMA = new Schema(List.of(Field.nullable("n", INT64), Field.nullable("label", UTF8)));

    /**
     * {@code <name>(count int64)}: rows {@code n = 0 .. count-1} and {@code label = 'L<n>'} (NULL when
     * {@code n % 3 == 2}), two per batch, with the given capabilities; as many parallel scans as
     * {@code count} (at least one). Records its last request and the filter updates it was told of.
     */
    static final class Numbers implements TableFunction {
        private final String name;
        private final TableCapabilities capabilities;
        volatile ScanRequest lastRequest;
        final List<PushdownFilters> updates = new CopyOnWriteArrayList<>();

        Numbers(String name, TableCapabilities capabilities) {
            this.name = name;
            this.capabilities = capabilities;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public List<Argument> arguments() {
            return List.of(Argument.of("count", INT64));
        }

        @Override
        public TableCapabilities capabilities() {
            return capabilities;
        }

        @Override
        public int maxWorkers(ScanRequest request) {
            return (int) Math.max(1, request.arguments().getLong("count"));
        }

        @Override
        public Schema bind(BindContext context) {
            return NUMBERS_SCHEMA;
        }

        @Override
        public TableScan scan(ScanRequest request) {
            lastRequest = request;
            long count = request.arguments().getLong("count");
            List<Field> fields = request.projectedSchema().getFields();
            return new TableScan() {
                long next = request.resumeFrom() == null ? 0 : ByteBuffer.wrap(request.resumeFrom()).getLong();

                @Override
                public boolean next(VectorSchemaRoot out) {
                    if (next >= count) {
                        return false;
                    }
                    int rows = (int) Math.min(2, count - next);
                    for (int c = 0; c < fields.size(); c++) {
                        FieldVector v = out.getVector(c);
                        for (int r = 0; r < rows; r++) {
                            long n = next + r;
                            if (fields.get(c).getName().equals("n")) {
                                ((BigIntVector) v).setSafe(r, n);
                            } else if (n % 3 == 2) {
                                ((VarCharVector) v).setNull(r);
                            } else {
                                ((VarCharVector) v).setSafe(r, ("L" + n).getBytes(StandardCharsets.UTF_8));
                            }
                        }
                    }
                    out.setRowCount(rows);
                    next += rows;
                    return true;
                }

                @Override
                public void filtersChanged(PushdownFilters current) {
                    updates.add(current);
                }

                @Override
                public byte[] snapshot() {
                    return ByteBuffer.allocate(8).putLong(next).array();
                }
            };
        }
    }

    static Catalog catalog(Sequence sequence, PartialSum partialSum) {
        CatalogSchema main = CatalogSchema.builder("main").comment("functions")
                .function(new UpperCase())
                .function(new Multiply())
                .function(new Answer())
                .function(new Describe(INT64, "int64"))
                .function(new Describe(UTF8, "utf8"))
                .function(sequence)
                .function(partialSum)
                .function(new RepeatInputs())
                .function(new EchoMarked())
                .view(ViewDefinition.of("first_ten", "SELECT * FROM sequence(10)"))
                .build();
        CatalogSchema data = CatalogSchema.builder("data")
                .table(TableDefinition.scannedBy("numbers", SEQUENCE_SCHEMA, sequence, 5L).withComment("five numbers"))
                .build();
        return Catalog.builder("demo").comment("test catalog").tag("origin", "test").schema(main).schema(data).build();
    }
}
