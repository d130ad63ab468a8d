package dev.vgi.conformance;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

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
 * The states of the conformance producer streams. Each turn is one client tick: the state emits one
 * batch, or finishes. Every state can {@link StreamState#snapshot() snapshot} itself and be rebuilt
 * by its {@code restore} method, so the streams also run over HTTP, where each turn may reach a
 * different worker.
 */
final class ProducerStates {

    private ProducerStates() {
    }

    /** The metadata key {@code produce_tick_metadata} reports from each tick. */
    static final String TICK_KEY = "vgi.conformance.tick";
    /** The constant, deliberately non-ASCII label of every annotated batch. */
    static final String EMIT_LABEL = "\u00fcn\u00efcode-\u03bb";

    /**
     * The shape the producers share: tick {@code i} emits batch {@code i} while {@code i < count},
     * then the next tick {@link #end ends} the stream. A snapshot holds the call's parameters
     * ({@link #writeParams}), then the position; each state's {@code restore} reads them back in
     * that order.
     */
    abstract static class Numbered implements StreamState {
        final long count;
        long current;

        Numbered(long count, long current) {
            this.count = count;
            this.current = current;
        }

        @Override
        public void process(VectorSchemaRoot input, BatchMetadata metadata, StreamOutput out) {
            if (current >= count) {
                end(out);
                return;
            }
            emit(current, metadata, out);
            current++;
        }

        /** Emits batch {@code index}, given the tick's {@code metadata}. */
        abstract void emit(long index, BatchMetadata metadata, StreamOutput out);

        /** Ends the stream once every batch is out: finishes it. */
        void end(StreamOutput out) {
            out.finish();
        }

        /** Writes the call's parameters, in the order {@code restore} reads them: {@code count} alone by default. */
        void writeParams(DataOutputStream out) throws IOException {
            out.writeLong(count);
        }

        @Override
        public final byte[] snapshot() {
            return Snapshots.encode(o -> {
                writeParams(o);
                o.writeLong(current);
            });
        }
    }

    /**
     * {@code batchCount} batches of {@code rowsPerBatch} consecutive counter rows, then finish:
     * {@code produce_n} and the header producers (one-row batches), {@code produce_empty} (no batch),
     * {@code produce_single} (one one-row batch), {@code produce_large_batches} and
     * {@code produce_oversized_batch} (one batch sized to overshoot HTTP response caps).
     */
    static final class Counter extends Numbered {
        private final long rowsPerBatch;

        Counter(long rowsPerBatch, long batchCount, long current) {
            super(batchCount, current);
            this.rowsPerBatch = rowsPerBatch;
        }

        /** {@code count} one-row batches. */
        static Counter rows(long count) {
            return new Counter(1, count, 0);
        }

        @Override
        void emit(long index, BatchMetadata metadata, StreamOutput out) {
            StreamSchemas.emitCounterRows(out, index * rowsPerBatch, Math.toIntExact(rowsPerBatch));
        }

        @Override
        void writeParams(DataOutputStream out) throws IOException {
            out.writeLong(rowsPerBatch);
            out.writeLong(count);
        }

        static Counter restore(byte[] b) throws IOException {
            return Snapshots.decode(b, in -> new Counter(in.readLong(), in.readLong(), in.readLong()));
        }
    }

    /**
     * Reports the {@value #TICK_KEY} metadata of each tick; finishes in the same turn as the
     * {@code count}-th batch rather than on an extra tick.
     */
    static final class TickMetadata extends Numbered {
        TickMetadata(long count, long current) {
            super(count, current);
        }

        @Override
        public void process(VectorSchemaRoot input, BatchMetadata metadata, StreamOutput out) {
            emit(current, metadata, out);
            current++;
            if (current >= count) {
                out.finish();
            }
        }

        @Override
        void emit(long index, BatchMetadata metadata, StreamOutput out) {
            String seen = metadata.get(TICK_KEY);
            VectorSchemaRoot root = out.root();
            ((BigIntVector) root.getVector("index")).setSafe(0, index);
            ((VarCharVector) root.getVector("seen")).setSafe(0, (seen == null ? "" : seen).getBytes(StandardCharsets.UTF_8));
            root.setRowCount(1);
            out.emit(root);
        }

        static TickMetadata restore(byte[] b) throws IOException {
            return Snapshots.decode(b, in -> new TickMetadata(in.readLong(), in.readLong()));
        }
    }

    /**
     * {@code count} batches whose metadata names the batch: the index varies per batch so a client
     * can tell a port that reuses the first turn's metadata from one that sends each emit's own.
     */
    static final class Annotated extends Numbered {
        private final long rowsPerBatch;

        Annotated(long count, long rowsPerBatch, long current) {
            super(count, current);
            this.rowsPerBatch = rowsPerBatch;
        }

        @Override
        void emit(long index, BatchMetadata metadata, StreamOutput out) {
            VectorSchemaRoot root = out.root();
            BigIntVector value = (BigIntVector) root.getVector("value");
            int rows = Math.toIntExact(rowsPerBatch);
            long base = index * 1_000_000L;
            for (int i = 0; i < rows; i++) {
                value.setSafe(i, base + i);
            }
            root.setRowCount(rows);
            Map<String, String> md = new LinkedHashMap<>();
            md.put("conformance.batch_index", Long.toString(index));
            md.put("conformance.batch_total", Long.toString(count));
            md.put("conformance.emit_label", EMIT_LABEL);
            out.emit(root, md);
        }

        @Override
        void writeParams(DataOutputStream out) throws IOException {
            out.writeLong(count);
            out.writeLong(rowsPerBatch);
        }

        static Annotated restore(byte[] b) throws IOException {
            return Snapshots.decode(b, in -> new Annotated(in.readLong(), in.readLong(), in.readLong()));
        }
    }

    /** One-row counter batches, each preceded by {@code INFO "producing batch <i>"}. */
    static final class Logging extends Numbered {
        Logging(long count, long current) {
            super(count, current);
        }

        @Override
        void emit(long index, BatchMetadata metadata, StreamOutput out) {
            out.log(LogLevel.INFO, "producing batch " + index);
            StreamSchemas.emitCounterRows(out, index, 1);
        }

        static Logging restore(byte[] b) throws IOException {
            return Snapshots.decode(b, in -> new Logging(in.readLong(), in.readLong()));
        }
    }

    /** Emits {@code emitBeforeError} one-row counter batches, then fails the stream with a {@code RuntimeError}. */
    static final class ErrorAfter extends Numbered {
        ErrorAfter(long emitBeforeError, long current) {
            super(emitBeforeError, current);
        }

        @Override
        void emit(long index, BatchMetadata metadata, StreamOutput out) {
            StreamSchemas.emitCounterRows(out, index, 1);
        }

        @Override
        void end(StreamOutput out) {
            throw RpcException.runtimeError("intentional error after " + count + " batches");
        }

        static ErrorAfter restore(byte[] b) throws IOException {
            return Snapshots.decode(b, in -> new ErrorAfter(in.readLong(), in.readLong()));
        }
    }

    /**
     * {@code count} batches on the per-call schema of {@code produce_dynamic_schema}: row i holds
     * {@code index = i}, {@code label = "row-<i>"}, {@code score = 1.5·i} for the columns present.
     */
    static final class Dynamic extends Numbered {
        private final boolean includeStrings;
        private final boolean includeFloats;

        Dynamic(long count, boolean includeStrings, boolean includeFloats, long current) {
            super(count, current);
            this.includeStrings = includeStrings;
            this.includeFloats = includeFloats;
        }

        @Override
        void emit(long index, BatchMetadata metadata, StreamOutput out) {
            VectorSchemaRoot root = out.root();
            ((BigIntVector) root.getVector("index")).setSafe(0, index);
            if (includeStrings) {
                ((VarCharVector) root.getVector("label")).setSafe(0, ("row-" + index).getBytes(StandardCharsets.UTF_8));
            }
            if (includeFloats) {
                ((Float8Vector) root.getVector("score")).setSafe(0, index * 1.5);
            }
            root.setRowCount(1);
            out.emit(root);
        }

        @Override
        void writeParams(DataOutputStream out) throws IOException {
            out.writeLong(count);
            out.writeBoolean(includeStrings);
            out.writeBoolean(includeFloats);
        }

        static Dynamic restore(byte[] b) throws IOException {
            return Snapshots.decode(b, in -> new Dynamic(in.readLong(), in.readBoolean(), in.readBoolean(), in.readLong()));
        }
    }

    /**
     * Would increment a sticky-session counter {@code count} times. This worker has no sticky
     * sessions, so a turn that needs the counter fails as the reference does without one.
     */
    static final class SessionCounter extends Numbered {
        SessionCounter(long count, long current) {
            super(count, current);
        }

        @Override
        void emit(long index, BatchMetadata metadata, StreamOutput out) {
            throw RpcException.runtimeError(UnaryMethods.NO_STICKY_COUNTER);
        }

        static SessionCounter restore(byte[] b) throws IOException {
            return Snapshots.decode(b, in -> new SessionCounter(in.readLong(), in.readLong()));
        }
    }

    /** Never finishes; counts its turns and its cancel in the {@link CancelProbe}. */
    static final class Cancellable implements StreamState {
        private long current;

        Cancellable(long current) {
            this.current = current;
        }

        @Override
        public void process(VectorSchemaRoot input, BatchMetadata metadata, StreamOutput out) {
            CancelProbe.producedTurn();
            StreamSchemas.emitCounterRows(out, current, 1);
            current++;
        }

        @Override
        public void onCancel(CallContext context) {
            CancelProbe.cancelled();
        }

        @Override
        public byte[] snapshot() {
            return Snapshots.encode(o -> o.writeLong(current));
        }

        static Cancellable restore(byte[] b) throws IOException {
            return Snapshots.decode(b, in -> new Cancellable(in.readLong()));
        }
    }
}
