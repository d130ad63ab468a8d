package dev.vgi.core.rpc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

import dev.vgi.core.rpc.ipc.BatchMetadata;

/**
 * Collects what one {@link StreamState#process} call emits and enforces the turn rules: exactly one
 * data batch unless the producer finishes, {@code finish()} only for producers.
 */
public final class TurnCollector implements StreamOutput {

    private final CallScope context;
    private final VectorSchemaRoot root;
    private final boolean producer;
    private final List<LogMessage> logs = new ArrayList<>();
    private VectorSchemaRoot data;
    private Map<String, String> dataMetadata = Map.of();
    private boolean finished;

    public TurnCollector(CallScope context, VectorSchemaRoot root, boolean producer) {
        this.context = context;
        this.root = root;
        this.producer = producer;
    }

    /** Runs one turn of {@code state}; exceptions propagate. */
    public void run(StreamState state, VectorSchemaRoot input, BatchMetadata metadata) throws Exception {
        for (FieldVector v : root.getFieldVectors()) {
            v.reset();
        }
        root.setRowCount(0);
        state.process(input, metadata, this);
        if (data == null && !finished) {
            throw RpcException.runtimeError("No data batch was emitted");
        }
    }

    @Override
    public VectorSchemaRoot root() {
        return root;
    }

    @Override
    public void emit(VectorSchemaRoot batch, Map<String, String> metadata) {
        if (data != null) {
            throw RpcException.runtimeError("Only one data batch may be emitted per call");
        }
        if (finished) {
            throw RpcException.runtimeError("Cannot emit a batch after finish()");
        }
        if (metadata != null && (metadata.containsKey(WireKeys.LOG_LEVEL) || metadata.containsKey(WireKeys.LOG_MESSAGE))) {
            throw new IllegalArgumentException("batch metadata must not carry log keys");
        }
        data = batch;
        dataMetadata = metadata == null ? Map.of() : metadata;
    }

    @Override
    public void finish() {
        if (!producer) {
            throw RpcException.runtimeError("finish() is only allowed on producer streams");
        }
        finished = true;
    }

    @Override
    public void log(LogLevel level, String message, Map<String, ?> extras) {
        logs.add(new LogMessage(level, message, extras));
    }

    @Override
    public CallContext context() {
        return context;
    }

    public List<LogMessage> logs() {
        List<LogMessage> all = new ArrayList<>(context.takeLogs());
        all.addAll(logs);
        return all;
    }

    public VectorSchemaRoot data() {
        return data;
    }

    public Map<String, String> dataMetadata() {
        return dataMetadata;
    }

    public boolean finished() {
        return finished;
    }
}
