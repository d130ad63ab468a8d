package dev.vgi.conformance;

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

    /** {@code count} one-row counter batches, then finish ({@code produce_n} and the header producers). */
    static final class Counter implements StreamState {
        private final long count;
        private long current;

        Counter(long count, long current) {
            this.count = count;
            this.current = current;
        }

        @Override
        public void process(VectorSchemaRoot input, BatchMetadata metadata, StreamOutput out) {
            if (current >= count) {
                out.finish();
                return;
            }
            StreamSchemas.emitCounterRows(out, current, 1);
            current++;
        }

        @Override
        public byte[] snapshot() {
            return Snapshots.encode(o -> {
                o.writeLong(count);
                o.writeLong(current);
            });
        }

        static Counter restore(byte[] b) throws IOException {
            return Snapshots.decode(b, in -> new Counter(in.readLong(), in.readLong()));
        }
    }

    /**
     * Reports the {@value #TICK_KEY} metadata of each tick; finishes in the same turn as the
     * {@code count}-th batch rather than on an extra tick.
     */
    static final class TickMetadata implements StreamState {
        private final long count;
        private long current;

        TickMetadata(long count, long current) {
            this.count = count;
            this.current = current;
        }

        @Override
        public void process(VectorSchemaRoot input, BatchMetadata metadata, StreamOutput out) {
            String seen = metadata.get(TICK_KEY);
            VectorSchemaRoot root = out.root();
            ((BigIntVector) root.getVector("index")).setSafe(0, current);
            ((VarCharVector) root.getVector("seen")).setSafe(0, (seen == null ? "" : seen).getBytes(StandardCharsets.UTF_8));
            root.setRowCount(1);
            out.emit(root);
            current++;
            if (current >= count) {
                out.finish();
            }
        }

        @Override
        public byte[] snapshot() {
            return Snapshots.encode(o -> {
                o.writeLong(count);
                o.writeLong(current);
            });
        }

        static TickMetadata restore(byte[] b) throws IOException {
            return Snapshots.decode(b, in -> new TickMetadata(in.readLong(), in.readLong()));
        }
    }

    /** Finishes on the first tick: a stream with zero batches. */
    static final class Empty implements StreamState {
        @Override
        public void process(VectorSchemaRoot input, BatchMetadata metadata, StreamOutput out) {
            out.finish();
        }

        @Override
        public byte[] snapshot() {
            return Snapshots.encode(o -> { });
        }

        static Empty restore(byte[] b) throws IOException {
            return Snapshots.decode(b, in -> new Empty());
        }
    }

    /** Exactly one batch {@code {0, 0}}, then finish. */
    static final class Single implements StreamState {
        private boolean emitted;

        Single(boolean emitted) {
            this.emitted = emitted;
        }

        @Override
        public void process(VectorSchemaRoot input, BatchMetadata metadata, StreamOutput out) {
            if (emitted) {
                out.finish();
                return;
            }
            emitted = true;
            StreamSchemas.emitCounterRows(out, 0, 1);
        }

        @Override
        public byte[] snapshot() {
            return Snapshots.encode(o -> o.writeBoolean(emitted));
        }

        static Single restore(byte[] b) throws IOException {
            return Snapshots.decode(b, in -> new Single(in.readBoolean()));
        }
    }

    /** {@code batchCount} batches of {@code rowsPerBatch} consecutive counter rows. */
    static final class Large implements StreamState {
        private final long rowsPerBatch;
        private final long batchCount;
        private long current;

        Large(long rowsPerBatch, long batchCount, long current) {
            this.rowsPerBatch = rowsPerBatch;
            this.batchCount = batchCount;
            this.current = current;
        }

        @Override
        public void process(VectorSchemaRoot input, BatchMetadata metadata, StreamOutput out) {
            if (current >= batchCount) {
                out.finish();
                return;
            }
            StreamSchemas.emitCounterRows(out, current * rowsPerBatch, Math.toIntExact(rowsPerBatch));
            current++;
        }

        @Override
        public byte[] snapshot() {
            return Snapshots.encode(o -> {
                o.writeLong(rowsPerBatch);
                o.writeLong(batchCount);
                o.writeLong(current);
            });
        }

        static Large restore(byte[] b) throws IOException {
            return Snapshots.decode(b, in -> new Large(in.readLong(), in.readLong(), in.readLong()));
        }
    }

    /**
     * {@code count} batches whose metadata names the batch: the index varies per batch so a client
     * can tell a port that reuses the first turn's metadata from one that sends each emit's own.
     */
    static final class Annotated implements StreamState {
        private final long count;
        private final long rowsPerBatch;
        private long current;

        Annotated(long count, long rowsPerBatch, long current) {
            this.count = count;
            this.rowsPerBatch = rowsPerBatch;
            this.current = current;
        }

        @Override
        public void process(VectorSchemaRoot input, BatchMetadata metadata, StreamOutput out) {
            if (current >= count) {
                out.finish();
                return;
            }
            VectorSchemaRoot root = out.root();
            BigIntVector value = (BigIntVector) root.getVector("value");
            int rows = Math.toIntExact(rowsPerBatch);
            long base = current * 1_000_000L;
            for (int i = 0; i < rows; i++) {
                value.setSafe(i, base + i);
            }
            root.setRowCount(rows);
            Map<String, String> md = new LinkedHashMap<>();
            md.put("conformance.batch_index", Long.toString(current));
            md.put("conformance.batch_total", Long.toString(count));
            md.put("conformance.emit_label", EMIT_LABEL);
            out.emit(root, md);
            current++;
        }

        @Override
        public byte[] snapshot() {
            return Snapshots.encode(o -> {
                o.writeLong(count);
                o.writeLong(rowsPerBatch);
                o.writeLong(current);
            });
        }

        static Annotated restore(byte[] b) throws IOException {
            return Snapshots.decode(b, in -> new Annotated(in.readLong(), in.readLong(), in.readLong()));
        }
    }

    /** One batch of {@code rowsPerBatch} counter rows (sized to overshoot HTTP response caps), then finish. */
    static final class Oversized implements StreamState {
        private final long rowsPerBatch;
        private boolean emitted;

        Oversized(long rowsPerBatch, boolean emitted) {
            this.rowsPerBatch = rowsPerBatch;
            this.emitted = emitted;
        }

        @Override
        public void process(VectorSchemaRoot input, BatchMetadata metadata, StreamOutput out) {
            if (emitted) {
                out.finish();
                return;
            }
            StreamSchemas.emitCounterRows(out, 0, Math.toIntExact(rowsPerBatch));
            emitted = true;
        }

        @Override
        public byte[] snapshot() {
            return Snapshots.encode(o -> {
                o.writeLong(rowsPerBatch);
                o.writeBoolean(emitted);
            });
        }

        static Oversized restore(byte[] b) throws IOException {
            return Snapshots.decode(b, in -> new Oversized(in.readLong(), in.readBoolean()));
        }
    }

    /** Like {@link Counter}, each batch preceded by {@code INFO "producing batch <i>"}. */
    static final class Logging implements StreamState {
        private final long count;
        private long current;

        Logging(long count, long current) {
            this.count = count;
            this.current = current;
        }

        @Override
        public void process(VectorSchemaRoot input, BatchMetadata metadata, StreamOutput out) {
            if (current >= count) {
                out.finish();
                return;
            }
            out.log(LogLevel.INFO, "producing batch " + current);
            StreamSchemas.emitCounterRows(out, current, 1);
            current++;
        }

        @Override
        public byte[] snapshot() {
            return Snapshots.encode(o -> {
                o.writeLong(count);
                o.writeLong(current);
            });
        }

        static Logging restore(byte[] b) throws IOException {
            return Snapshots.decode(b, in -> new Logging(in.readLong(), in.readLong()));
        }
    }

    /** Emits {@code emitBeforeError} batches, then fails the stream with a {@code RuntimeError}. */
    static final class ErrorAfter implements StreamState {
        private final long emitBeforeError;
        private long current;

        ErrorAfter(long emitBeforeError, long current) {
            this.emitBeforeError = emitBeforeError;
            this.current = current;
        }

        @Override
        public void process(VectorSchemaRoot input, BatchMetadata metadata, StreamOutput out) {
            if (current >= emitBeforeError) {
                throw RpcException.runtimeError("intentional error after " + emitBeforeError + " batches");
            }
            StreamSchemas.emitCounterRows(out, current, 1);
            current++;
        }

        @Override
        public byte[] snapshot() {
            return Snapshots.encode(o -> {
                o.writeLong(emitBeforeError);
                o.writeLong(current);
            });
        }

        static ErrorAfter restore(byte[] b) throws IOException {
            return Snapshots.decode(b, in -> new ErrorAfter(in.readLong(), in.readLong()));
        }
    }

    /**
     * {@code count} batches on the per-call schema of {@code produce_dynamic_schema}: row i holds
     * {@code index = i}, {@code label = "row-<i>"}, {@code score = 1.5·i} for the columns present.
     */
    static final class Dynamic implements StreamState {
        private final long count;
        private final boolean includeStrings;
        private final boolean includeFloats;
        private long current;

        Dynamic(long count, boolean includeStrings, boolean includeFloats, long current) {
            this.count = count;
            this.includeStrings = includeStrings;
            this.includeFloats = includeFloats;
            this.current = current;
        }

        @Override
        public void process(VectorSchemaRoot input, BatchMetadata metadata, StreamOutput out) {
            if (current >= count) {
                out.finish();
                return;
            }
            VectorSchemaRoot root = out.root();
            ((BigIntVector) root.getVector("index")).setSafe(0, current);
            if (includeStrings) {
                ((VarCharVector) root.getVector("label")).setSafe(0, ("row-" + current).getBytes(StandardCharsets.UTF_8));
            }
            if (includeFloats) {
                ((Float8Vector) root.getVector("score")).setSafe(0, current * 1.5);
            }
            root.setRowCount(1);
            out.emit(root);
            current++;
        }

        @Override
        public byte[] snapshot() {
            return Snapshots.encode(o -> {
                o.writeLong(count);
                o.writeBoolean(includeStrings);
                o.writeBoolean(includeFloats);
                o.writeLong(current);
            });
        }

        static Dynamic restore(byte[] b) throws IOException {
            return Snapshots.decode(b, in -> new Dynamic(in.readLong(), in.readBoolean(), in.readBoolean(), in.readLong()));
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

    /**
     * Would increment a sticky-session counter {@code count} times. This worker has no sticky
     * sessions, so a turn that needs the counter fails as the reference does without one.
     */
    static final class SessionCounter implements StreamState {
        private final long count;
        private final long current;

        SessionCounter(long count, long current) {
            this.count = count;
            this.current = current;
        }

        @Override
        public void process(VectorSchemaRoot input, BatchMetadata metadata, StreamOutput out) {
            if (current >= count) {
                out.finish();
                return;
            }
            throw RpcException.runtimeError(UnaryMethods.NO_STICKY_COUNTER);
        }

        @Override
        public byte[] snapshot() {
            return Snapshots.encode(o -> {
                o.writeLong(count);
                o.writeLong(current);
            });
        }

        static SessionCounter restore(byte[] b) throws IOException {
            return Snapshots.decode(b, in -> new SessionCounter(in.readLong(), in.readLong()));
        }
    }
}
