package dev.vgi.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import dev.vgi.core.arrow.ArrowFields;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * One benchmarked function call of the fixture catalog: how it is bound and how its data stream
 * is run and checked.
 *
 * <p>Scalar inputs are built once, before anything is timed: a ring of distinct full batches,
 * sent over and over, plus one batch per distinct tail size. During a timed run the client only
 * serializes those roots and checks each answer in the reader's root. A <em>full</em> run (the
 * warm-up) checks every row; a timed run checks the row count and null count of every batch and
 * spot-checks three values in it (first, last and one that moves from batch to batch), which costs
 * both workers the same and keeps a wrong answer from being timed.
 */
abstract class FunctionWorkload implements AutoCloseable {

    /** The label in the report. */
    abstract String label(long rows);

    /** The function name. */
    abstract String function();

    /** {@code SCALAR} or {@code TABLE}. */
    abstract String functionType();

    /** The {@code BindRequest.arguments} batch for a call over {@code rows} rows. */
    abstract byte[] arguments(VgiClient client, long rows);

    /** The argument columns ({@code input_schema}); {@code null} for a table function. */
    abstract Schema inputSchema();

    /** What is wrong with the bind's output schema, or {@code null}. */
    abstract String checkBind(Schema output);

    /** Runs the data stream of a call over {@code rows} rows, after its {@code init}. */
    abstract VgiClient.StreamResult stream(VgiClient client, long rows, boolean full, long deadline) throws IOException;

    @Override
    public void close() {
    }

    /** {@code null} when {@code schema} is one column {@code name} of {@code type} (nullability and metadata aside). */
    static String oneColumn(Schema schema, String name, ArrowType type) {
        List<Field> fields = schema.getFields();
        if (fields.size() == 1 && fields.get(0).getName().equals(name) && fields.get(0).getType().equals(type)) {
            return null;
        }
        return "expected schema [" + name + ": " + type + "], got " + schema;
    }

    /** The row to spot-check in batch {@code batch} of {@code rows} rows besides the first and the last. */
    static int movingRow(long batch, int rows) {
        return (int) ((batch * 7919L) % rows);
    }

    // ---------------------------------------------------------------- scalar

    /** A scalar function of one argument column over pre-built input batches. */
    abstract static class Scalar extends FunctionWorkload implements VgiClient.ExchangeFeed {
        private final int batchRows;
        private final Schema input;
        private final List<VectorSchemaRoot> ring = new ArrayList<>();
        private final Map<Integer, VectorSchemaRoot> tails = new LinkedHashMap<>();
        // the run under way
        private long remaining;
        private long sent;
        private boolean full;

        /**
         * Builds the inputs: {@code distinct} batches of {@code batchRows} rows and one tail batch
         * for each of {@code totals} that is not a multiple of {@code batchRows}.
         */
        Scalar(Field column, int batchRows, int distinct, long[] totals, BufferAllocator allocator, long seed) {
            this.batchRows = batchRows;
            this.input = new Schema(List.of(column));
            SplittableRandom random = new SplittableRandom(seed);
            try {
                for (int i = 0; i < distinct; i++) {
                    ring.add(build(batchRows, random, allocator));
                }
                for (long total : totals) {
                    int tail = (int) (total % batchRows);
                    if (tail > 0 && !tails.containsKey(tail)) {
                        tails.put(tail, build(tail, random, allocator));
                    }
                }
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        }

        private VectorSchemaRoot build(int rows, SplittableRandom random, BufferAllocator allocator) {
            VectorSchemaRoot root = VectorSchemaRoot.create(input, allocator);
            try {
                fill(root.getVector(0), rows, random);
                root.setRowCount(rows);
                return root;
            } catch (RuntimeException e) {
                root.close();
                throw e;
            }
        }

        /** Fills {@code rows} pseudo-random values into the argument column. */
        abstract void fill(FieldVector column, int rows, SplittableRandom random);

        /** What is wrong with row {@code i} of the answer, or {@code null}. */
        abstract String checkRow(FieldVector in, FieldVector out, int i);

        @Override
        String functionType() {
            return "SCALAR";
        }

        @Override
        public Schema inputSchema() {
            return input;
        }

        @Override
        VgiClient.StreamResult stream(VgiClient client, long rows, boolean full, long deadline) throws IOException {
            if (rows % batchRows != 0 && !tails.containsKey((int) (rows % batchRows))) {
                throw new IllegalArgumentException("no input tail was built for " + rows + " rows");
            }
            this.remaining = rows;
            this.sent = 0;
            this.full = full;
            return client.exchange(this, deadline);
        }

        @Override
        public VectorSchemaRoot next() {
            if (remaining <= 0) {
                return null;
            }
            VectorSchemaRoot batch = remaining >= batchRows ? ring.get((int) (sent % ring.size())) : tails.get((int) remaining);
            remaining -= batch.getRowCount();
            sent++;
            return batch;
        }

        @Override
        public String check(VectorSchemaRoot input, VectorSchemaRoot output) {
            FieldVector in = input.getVector(0);
            FieldVector out = output.getVector(0);
            if (out.getNullCount() != in.getNullCount()) {
                return out.getNullCount() + " nulls in the answer for " + in.getNullCount() + " in the input";
            }
            int n = input.getRowCount();
            if (full) {
                for (int i = 0; i < n; i++) {
                    String problem = checkRow(in, out, i);
                    if (problem != null) {
                        return problem;
                    }
                }
                return null;
            }
            String problem = checkRow(in, out, 0);
            if (problem == null) {
                problem = checkRow(in, out, n - 1);
            }
            if (problem == null) {
                problem = checkRow(in, out, movingRow(sent, n));
            }
            return problem;
        }

        @Override
        public void close() {
            ring.forEach(VectorSchemaRoot::close);
            tails.values().forEach(VectorSchemaRoot::close);
            ring.clear();
            tails.clear();
        }
    }

    /** {@code multiply(value bigint, const factor bigint)}: random 61-bit values (no overflow), no nulls. */
    static final class Multiply extends Scalar {
        private final long factor;

        Multiply(long factor, int batchRows, int distinct, long[] totals, BufferAllocator allocator) {
            super(Field.nullable("col_0", ArrowFields.INT64), batchRows, distinct, totals, allocator, 0x6D75_6C74L);
            this.factor = factor;
        }

        @Override
        String label(long rows) {
            return "multiply(bigint, const " + factor + ")";
        }

        @Override
        String function() {
            return "multiply";
        }

        @Override
        byte[] arguments(VgiClient client, long rows) {
            // only the const argument travels in the bind, as positional_0 (docs/vgi-protocol-2.2.md §6.1)
            return client.arguments(Map.of("positional_0", factor), Map.of("positional_0", ArrowFields.INT64));
        }

        @Override
        String checkBind(Schema output) {
            return oneColumn(output, "result", ArrowFields.INT64);
        }

        @Override
        public String checkSchema(Schema output) {
            return oneColumn(output, "result", ArrowFields.INT64);
        }

        @Override
        void fill(FieldVector column, int rows, SplittableRandom random) {
            BigIntVector v = (BigIntVector) column;
            v.allocateNew(rows);
            for (int i = 0; i < rows; i++) {
                v.set(i, random.nextLong(-(1L << 60), 1L << 60));
            }
            v.setValueCount(rows);
        }

        @Override
        String checkRow(FieldVector in, FieldVector out, int i) {
            BigIntVector a = (BigIntVector) in;
            BigIntVector r = (BigIntVector) out;
            if (a.isNull(i)) {
                return r.isNull(i) ? null : "row " + i + ": null * " + factor + " should be null";
            }
            if (r.isNull(i) || r.get(i) != a.get(i) * factor) {
                return "row " + i + ": " + a.get(i) + " * " + factor + " = " + (r.isNull(i) ? "null" : r.get(i));
            }
            return null;
        }
    }

    /** {@code upper_case(value varchar)}: random lowercase ASCII words of 5 to 15 bytes, no nulls. */
    static final class UpperCase extends Scalar {

        UpperCase(int batchRows, int distinct, long[] totals, BufferAllocator allocator) {
            super(Field.nullable("col_0", ArrowFields.UTF8), batchRows, distinct, totals, allocator, 0x7570_7065L);
        }

        @Override
        String label(long rows) {
            return "upper_case(varchar)";
        }

        @Override
        String function() {
            return "upper_case";
        }

        @Override
        byte[] arguments(VgiClient client, long rows) {
            return client.arguments(Map.of(), Map.of()); // args: struct<>, one valid row
        }

        @Override
        String checkBind(Schema output) {
            return oneColumn(output, "result", ArrowFields.UTF8);
        }

        @Override
        public String checkSchema(Schema output) {
            return oneColumn(output, "result", ArrowFields.UTF8);
        }

        @Override
        void fill(FieldVector column, int rows, SplittableRandom random) {
            VarCharVector v = (VarCharVector) column;
            v.allocateNew(rows * 16L, rows);
            byte[] word = new byte[15];
            for (int i = 0; i < rows; i++) {
                int length = 5 + random.nextInt(11);
                for (int j = 0; j < length; j++) {
                    word[j] = (byte) ('a' + random.nextInt(26));
                }
                v.setSafe(i, word, 0, length);
            }
            v.setValueCount(rows);
        }

        @Override
        String checkRow(FieldVector in, FieldVector out, int i) {
            VarCharVector a = (VarCharVector) in;
            VarCharVector r = (VarCharVector) out;
            if (a.isNull(i)) {
                return r.isNull(i) ? null : "row " + i + ": upper_case(null) should be null";
            }
            if (r.isNull(i)) {
                return "row " + i + ": upper_case('" + a.getObject(i) + "') is null";
            }
            long length = a.getValueLength(i);
            if (r.getValueLength(i) != length) {
                return "row " + i + ": upper_case('" + a.getObject(i) + "') = '" + r.getObject(i) + "'";
            }
            ArrowBuf from = a.getDataBuffer();
            ArrowBuf to = r.getDataBuffer();
            long fromStart = a.getStartOffset(i);
            long toStart = r.getStartOffset(i);
            for (long j = 0; j < length; j++) {
                byte c = from.getByte(fromStart + j);
                byte upper = c >= 'a' && c <= 'z' ? (byte) (c - 32) : c;
                if (to.getByte(toStart + j) != upper) {
                    return "row " + i + ": upper_case('" + a.getObject(i) + "') = '" + r.getObject(i) + "'";
                }
            }
            return null;
        }
    }

    // ---------------------------------------------------------------- table

    /** {@code sequence(count)}: {@code n = 0 .. count-1} in the function's default 2,048-row batches, all columns. */
    static final class Sequence extends FunctionWorkload implements VgiClient.ProducerSink {
        private long expectedNext;
        private long batches;
        private boolean full;

        @Override
        String label(long rows) {
            return "sequence(" + rows + ")";
        }

        @Override
        String function() {
            return "sequence";
        }

        @Override
        String functionType() {
            return "TABLE";
        }

        @Override
        byte[] arguments(VgiClient client, long rows) {
            return client.arguments(Map.of("positional_0", rows), Map.of("positional_0", ArrowFields.INT64));
        }

        @Override
        Schema inputSchema() {
            return null;
        }

        @Override
        String checkBind(Schema output) {
            return oneColumn(output, "n", ArrowFields.INT64);
        }

        @Override
        public String checkSchema(Schema output) {
            return oneColumn(output, "n", ArrowFields.INT64);
        }

        @Override
        VgiClient.StreamResult stream(VgiClient client, long rows, boolean full, long deadline) throws IOException {
            this.expectedNext = 0;
            this.batches = 0;
            this.full = full;
            return client.produce(this, deadline);
        }

        @Override
        public String accept(VectorSchemaRoot output) {
            BigIntVector n = (BigIntVector) output.getVector(0);
            int rows = output.getRowCount();
            if (n.getNullCount() != 0) {
                return n.getNullCount() + " null values of n";
            }
            String problem = null;
            if (full) {
                for (int i = 0; i < rows && problem == null; i++) {
                    problem = checkRow(n, i);
                }
            } else if (rows > 0) {
                problem = checkRow(n, 0);
                if (problem == null) {
                    problem = checkRow(n, rows - 1);
                }
                if (problem == null) {
                    problem = checkRow(n, movingRow(batches, rows));
                }
            }
            expectedNext += rows;
            batches++;
            return problem;
        }

        private String checkRow(BigIntVector n, int i) {
            long expected = expectedNext + i;
            return n.get(i) == expected ? null : "row " + i + ": n = " + n.get(i) + ", expected " + expected;
        }
    }
}
