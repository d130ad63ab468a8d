package dev.vgi.core.rpc;

import java.io.IOException;
import java.util.Map;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

import dev.vgi.core.rpc.ipc.BatchMetadata;
import dev.vgi.core.rpc.ipc.IpcFormatException;
import dev.vgi.core.rpc.ipc.IpcStreamReader;
import dev.vgi.core.rpc.ipc.IpcStreamWriter;

/**
 * One stream call on a byte-stream connection: open the stream, send the header, then run lockstep
 * turns (one input batch in, logs and one data batch out) until the producer finishes, the client
 * ends or cancels, or a turn fails.
 */
final class ByteStreamCall {

    private final ByteStreamConnection connection;
    private final StreamMethod method;
    private final CallScope scope;
    private final String protocol;
    private final long start;
    private final String streamId = RpcServer.randomHex(16);
    private long outputBatches;
    private long outputRows;
    private StreamState state;
    private boolean stateClosed;

    ByteStreamCall(ByteStreamConnection connection, StreamMethod method, CallScope scope, String protocol, long start) {
        this.connection = connection;
        this.method = method;
        this.scope = scope;
        this.protocol = protocol;
        this.start = start;
    }

    void run(VectorSchemaRoot params) throws IOException {
        IpcStreamWriter writer = connection.writer();
        BufferAllocator allocator = connection.allocator();
        StreamSetup setup;
        try {
            setup = method.open(scope, params);
            state = setup.state();
        } catch (Exception e) {
            ErrorInfo error = ErrorInfo.from(e);
            connection.writeErrorStream(RpcMethod.EMPTY_SCHEMA, error, scope.requestId());
            connection.skipAbandonedStreamInput();
            finish(error, false);
            return;
        }
        try {
            if (method.headerSchema() != null) {
                if (!writeHeader(setup)) {
                    return;
                }
            }
            try (VectorSchemaRoot outputRoot = VectorSchemaRoot.create(setup.outputSchema(), allocator)) {
                runTurns(setup, outputRoot);
            }
        } finally {
            closeStateOnce();
        }
    }

    /** Runs the state's {@link StreamState#close()} hook; its failure is logged, not reported. */
    static void closeState(StreamState state) {
        if (state == null) {
            return;
        }
        try {
            state.close();
        } catch (Exception | StackOverflowError e) {
            org.slf4j.LoggerFactory.getLogger(ByteStreamCall.class).warn("closing stream state failed", e);
        }
    }

    private boolean writeHeader(StreamSetup setup) throws IOException {
        IpcStreamWriter writer = connection.writer();
        try (VectorSchemaRoot header = VectorSchemaRoot.create(method.headerSchema(), connection.allocator())) {
            try {
                header.allocateNew();
                setup.header().write(header);
                header.setRowCount(1);
            } catch (Exception e) {
                ErrorInfo error = ErrorInfo.from(e);
                connection.writeErrorStream(RpcMethod.EMPTY_SCHEMA, error, scope.requestId());
                connection.skipAbandonedStreamInput();
                finish(error, false);
                return false;
            }
            writer.start(method.headerSchema(), null, connection.allocator());
            ByteStreamConnection.writeLogs(writer, scope.takeLogs(), scope.serverId(), scope.requestId());
            writer.writeBatch(header, Map.of());
            writer.end();
            writer.flush();
            return true;
        }
    }

    private void runTurns(StreamSetup setup, VectorSchemaRoot outputRoot) throws IOException {
        IpcStreamWriter writer = connection.writer();
        BufferAllocator allocator = connection.allocator();
        IpcStreamReader input;
        try {
            input = IpcStreamReader.open(connection.messages(), allocator);
        } catch (IpcFormatException e) {
            if (!e.onFrameBoundary()) {
                throw e;
            }
            writer.start(setup.outputSchema(), null, allocator);
            writer.writeZeroRowBatch(ErrorInfo.of("ArrowInvalid", e.getMessage(), null).toMetadata(scope.serverId(), scope.requestId()));
            writer.end();
            writer.flush();
            finish(ErrorInfo.of("ArrowInvalid", e.getMessage(), null), false);
            return;
        }
        if (input == null) {
            throw new java.io.EOFException("connection closed during a stream");
        }
        try (input) {
            writer.start(setup.outputSchema(), null, allocator);
            ByteStreamConnection.writeLogs(writer, scope.takeLogs(), scope.serverId(), scope.requestId());
            boolean producer = setup.isProducer();
            while (true) {
                BatchMetadata md;
                try {
                    md = input.next();
                } catch (IpcFormatException e) {
                    if (!e.onFrameBoundary()) {
                        throw e;
                    }
                    endWithError(ErrorInfo.of("ArrowInvalid", e.getMessage(), null), input);
                    return;
                }
                if (md == null) {
                    endOutput();
                    finish(null, false);
                    return;
                }
                if (md.has(WireKeys.CANCEL) || md.invalidKeys().contains(WireKeys.CANCEL)) {
                    try {
                        setup.state().onCancel(scope);
                    } catch (Exception | StackOverflowError ignored) {
                        // a cancel is not an error; the hook's failure is not reported
                    }
                    endOutput();
                    input.drain();
                    finish(null, true);
                    return;
                }
                VectorSchemaRoot turnInput = null;
                TurnCollector turn = new TurnCollector(scope, outputRoot, producer);
                try {
                    turnInput = producer ? input.root() : Batches.coerce(input.root(), setup.inputSchema(), allocator);
                    turn.run(setup.state(), turnInput, applicationMetadata(md));
                    VectorSchemaRoot data = turn.data();
                    if (data != null && !Batches.sameFields(setup.outputSchema(), data.getSchema())) {
                        throw RpcException.typeError("emitted batch schema " + data.getSchema()
                                + " does not match the stream's output schema " + setup.outputSchema());
                    }
                } catch (Exception | StackOverflowError e) {
                    ByteStreamConnection.writeLogs(writer, turn.logs(), scope.serverId(), null);
                    endWithError(ErrorInfo.from(e), input);
                    return;
                } finally {
                    if (turnInput != null && turnInput != input.root()) {
                        turnInput.close();
                    }
                }
                ByteStreamConnection.writeLogs(writer, turn.logs(), scope.serverId(), null);
                if (turn.data() != null) {
                    writer.writeBatch(turn.data(), turn.dataMetadata());
                    outputBatches++;
                    outputRows += turn.data().getRowCount();
                }
                if (turn.finished()) {
                    endOutput();
                    input.drain();
                    finish(null, false);
                    return;
                }
                writer.flush();
            }
        }
    }

    private void endWithError(ErrorInfo error, IpcStreamReader input) throws IOException {
        IpcStreamWriter writer = connection.writer();
        writer.writeZeroRowBatch(error.toMetadata(scope.serverId(), scope.requestId()));
        endOutput();
        input.drain();
        finish(error, false);
    }

    /**
     * Releases the state, then ends the output stream: a client that has read the end of the stream
     * can rely on the state's resources being released.
     */
    private void endOutput() throws IOException {
        closeStateOnce();
        IpcStreamWriter writer = connection.writer();
        writer.end();
        writer.flush();
    }

    private void closeStateOnce() {
        if (!stateClosed) {
            stateClosed = true;
            closeState(state);
        }
    }

    static BatchMetadata applicationMetadata(BatchMetadata md) {
        if (md.isEmpty()) {
            return md;
        }
        Map<String, String> app = new java.util.LinkedHashMap<>(md.entries());
        app.remove(WireKeys.STREAM_STATE);
        app.remove(WireKeys.CALL_STATE);
        return BatchMetadata.of(app);
    }

    private void finish(ErrorInfo error, boolean cancelled) {
        connection.server().publish(new CallRecord(protocol, method.name(), true, scope.requestId(), streamId,
                connection.transport(), Identity.ANONYMOUS, connection.remoteAddress(), System.nanoTime() - start, error,
                cancelled, outputBatches, outputRows));
    }
}
