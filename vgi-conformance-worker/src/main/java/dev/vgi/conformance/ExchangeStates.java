package dev.vgi.conformance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.TreeSet;

import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;

import dev.vgi.core.rpc.CallContext;
import dev.vgi.core.rpc.LogLevel;
import dev.vgi.core.rpc.RpcException;
import dev.vgi.core.rpc.StreamOutput;
import dev.vgi.core.rpc.StreamState;
import dev.vgi.core.rpc.ipc.BatchMetadata;

/**
 * The states of the conformance exchange streams. Each turn receives one input batch, already
 * coerced by the runtime to the declared input schema (so int and float32 inputs arrive as
 * float64), and emits exactly one batch. Snapshots carry every field, parameters included, for
 * resumption over HTTP.
 */
final class ExchangeStates {

    private ExchangeStates() {
    }

    /** The application metadata key {@code exchange_input_metadata} reports. */
    static final String INPUT_KEY = "vgi.conformance.input";

    /**
     * A state with nothing to carry between turns: its snapshot is empty and
     * {@link Snapshots#stateless} restores it.
     */
    abstract static class Stateless implements StreamState {
        @Override
        public final byte[] snapshot() {
            return Snapshots.encode(o -> { });
        }
    }

    /** Multiplies {@code value} by {@code factor}; nulls stay null. */
    static final class Scale implements StreamState {
        private final double factor;

        Scale(double factor) {
            this.factor = factor;
        }

        @Override
        public void process(VectorSchemaRoot input, BatchMetadata metadata, StreamOutput out) {
            Float8Vector in = (Float8Vector) input.getVector("value");
            VectorSchemaRoot root = out.root();
            Float8Vector result = (Float8Vector) root.getVector("value");
            int rows = input.getRowCount();
            for (int i = 0; i < rows; i++) {
                if (in.isNull(i)) {
                    result.setNull(i);
                } else {
                    result.setSafe(i, in.get(i) * factor);
                }
            }
            root.setRowCount(rows);
            out.emit(root);
        }

        @Override
        public byte[] snapshot() {
            return Snapshots.encode(o -> o.writeDouble(factor));
        }

        static Scale restore(byte[] b) throws IOException {
            return Snapshots.decode(b, in -> new Scale(in.readDouble()));
        }
    }

    /** Keeps a running sum of all values and a turn count; emits both each turn. */
    static final class Accumulate implements StreamState {
        private double runningSum;
        private long exchangeCount;

        Accumulate(double runningSum, long exchangeCount) {
            this.runningSum = runningSum;
            this.exchangeCount = exchangeCount;
        }

        @Override
        public void process(VectorSchemaRoot input, BatchMetadata metadata, StreamOutput out) {
            Float8Vector in = (Float8Vector) input.getVector("value");
            for (int i = 0; i < input.getRowCount(); i++) {
                if (!in.isNull(i)) {
                    runningSum += in.get(i);
                }
            }
            exchangeCount++;
            VectorSchemaRoot root = out.root();
            ((Float8Vector) root.getVector("running_sum")).setSafe(0, runningSum);
            ((BigIntVector) root.getVector("exchange_count")).setSafe(0, exchangeCount);
            root.setRowCount(1);
            out.emit(root);
        }

        @Override
        public byte[] snapshot() {
            return Snapshots.encode(o -> {
                o.writeDouble(runningSum);
                o.writeLong(exchangeCount);
            });
        }

        static Accumulate restore(byte[] b) throws IOException {
            return Snapshots.decode(b, in -> new Accumulate(in.readDouble(), in.readLong()));
        }
    }

    /** Logs {@code INFO} then {@code DEBUG}, then echoes the input. */
    static final class Logging extends Stateless {
        @Override
        public void process(VectorSchemaRoot input, BatchMetadata metadata, StreamOutput out) {
            out.log(LogLevel.INFO, "exchange processing");
            out.log(LogLevel.DEBUG, "exchange debug");
            StreamSchemas.emitCopy(input, out);
        }
    }

    /**
     * Reports what each input's metadata carried: the {@value #INPUT_KEY} value ({@code ""} when
     * absent) and every key, sorted and comma-joined. Transport bookkeeping keys must never appear,
     * which is what the client checks.
     */
    static final class InputMetadata extends Stateless {
        @Override
        public void process(VectorSchemaRoot input, BatchMetadata metadata, StreamOutput out) {
            String seen = metadata.get(INPUT_KEY);
            TreeSet<String> keys = new TreeSet<>(metadata.entries().keySet());
            keys.addAll(metadata.invalidKeys());
            VectorSchemaRoot root = out.root();
            ((VarCharVector) root.getVector("seen")).setSafe(0, (seen == null ? "" : seen).getBytes(StandardCharsets.UTF_8));
            ((VarCharVector) root.getVector("keys")).setSafe(0, String.join(",", keys).getBytes(StandardCharsets.UTF_8));
            root.setRowCount(1);
            out.emit(root);
        }
    }

    /** Zero-column input, zero-column (and zero-row) output. */
    static final class ZeroColumns implements StreamState {
        private long callCount;

        ZeroColumns(long callCount) {
            this.callCount = callCount;
        }

        @Override
        public void process(VectorSchemaRoot input, BatchMetadata metadata, StreamOutput out) {
            callCount++;
            VectorSchemaRoot root = out.root();
            root.setRowCount(0);
            out.emit(root);
        }

        @Override
        public byte[] snapshot() {
            return Snapshots.encode(o -> o.writeLong(callCount));
        }

        static ZeroColumns restore(byte[] b) throws IOException {
            return Snapshots.decode(b, in -> new ZeroColumns(in.readLong()));
        }
    }

    /** Echoes inputs until the {@code failOn}-th turn (1-based), which fails with a {@code RuntimeError}. */
    static final class FailOnNth implements StreamState {
        private final long failOn;
        private long exchangeCount;

        FailOnNth(long failOn, long exchangeCount) {
            this.failOn = failOn;
            this.exchangeCount = exchangeCount;
        }

        @Override
        public void process(VectorSchemaRoot input, BatchMetadata metadata, StreamOutput out) {
            exchangeCount++;
            if (exchangeCount >= failOn) {
                throw RpcException.runtimeError("intentional error on exchange " + exchangeCount);
            }
            StreamSchemas.emitCopy(input, out);
        }

        @Override
        public byte[] snapshot() {
            return Snapshots.encode(o -> {
                o.writeLong(failOn);
                o.writeLong(exchangeCount);
            });
        }

        static FailOnNth restore(byte[] b) throws IOException {
            return Snapshots.decode(b, in -> new FailOnNth(in.readLong(), in.readLong()));
        }
    }

    /** Answers any input with {@code rowsPerBatch} counter rows (sized to overshoot HTTP response caps). */
    static final class Oversized implements StreamState {
        private final long rowsPerBatch;

        Oversized(long rowsPerBatch) {
            this.rowsPerBatch = rowsPerBatch;
        }

        @Override
        public void process(VectorSchemaRoot input, BatchMetadata metadata, StreamOutput out) {
            StreamSchemas.emitCounterRows(out, 0, Math.toIntExact(rowsPerBatch));
        }

        @Override
        public byte[] snapshot() {
            return Snapshots.encode(o -> o.writeLong(rowsPerBatch));
        }

        static Oversized restore(byte[] b) throws IOException {
            return Snapshots.decode(b, in -> new Oversized(in.readLong()));
        }
    }

    /** Echoes each input; counts its turns and its cancel in the {@link CancelProbe}. */
    static final class Cancellable extends Stateless {
        @Override
        public void process(VectorSchemaRoot input, BatchMetadata metadata, StreamOutput out) {
            CancelProbe.exchangedTurn();
            StreamSchemas.emitCopy(input, out);
        }

        @Override
        public void onCancel(CallContext context) {
            CancelProbe.cancelled();
        }
    }

    /**
     * Would add each input's {@code by} column to a sticky-session counter. Without sticky sessions
     * every turn fails, as the reference does when no session is bound.
     */
    static final class SessionCounter extends Stateless {
        @Override
        public void process(VectorSchemaRoot input, BatchMetadata metadata, StreamOutput out) {
            throw RpcException.runtimeError(UnaryMethods.NO_STICKY_COUNTER);
        }
    }
}
