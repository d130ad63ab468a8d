package dev.vgi.core.rpc.http;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

import dev.vgi.core.rpc.Batches;
import dev.vgi.core.rpc.CallRecord;
import dev.vgi.core.rpc.CallScope;
import dev.vgi.core.rpc.ErrorInfo;
import dev.vgi.core.rpc.LogMessage;
import dev.vgi.core.rpc.RpcException;
import dev.vgi.core.rpc.RpcMethod;
import dev.vgi.core.rpc.RpcServer;
import dev.vgi.core.rpc.StreamMethod;
import dev.vgi.core.rpc.StreamSetup;
import dev.vgi.core.rpc.StreamState;
import dev.vgi.core.rpc.TransportKind;
import dev.vgi.core.rpc.TurnCollector;
import dev.vgi.core.rpc.WireKeys;
import dev.vgi.core.rpc.ipc.BatchMetadata;
import dev.vgi.core.rpc.ipc.IpcMessageReader;
import dev.vgi.core.rpc.ipc.IpcStreamReader;
import dev.vgi.core.rpc.ipc.IpcStreamWriter;

/**
 * Streams over stateless HTTP: {@code /init} opens the stream and (for producers) runs the first
 * turn; each {@code /exchange} request resumes the state from the sealed cursor, runs one turn and
 * answers with the next cursor. Nothing is held between requests except an optional cache of the
 * call token's contents, so any replica sharing the token key can serve any turn.
 */
final class HttpStreamCalls {

    private static final HexFormat HEX = HexFormat.of();

    private final RpcServer server;
    private final StreamTokens tokens;
    private final Map<String, StreamTokens.Call> callCache;

    HttpStreamCalls(RpcServer server, HttpOptions options) {
        this.server = server;
        this.tokens = new StreamTokens(options.tokenKey(), options.tokenTtl());
        int size = options.callStateCacheSize();
        this.callCache = size <= 0 ? null : Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, StreamTokens.Call> eldest) {
                return size() > size;
            }
        });
    }

    HttpRpcResponse init(HttpRpcHandler.HttpCall call, StreamMethod method, CallScope scope, VectorSchemaRoot params,
            BatchMetadata requestMetadata, Map<String, String> headers, BufferAllocator allocator) {
        StreamTokens.Binding binding = new StreamTokens.Binding(call.identity(), call.service().protocolName(), method.name());
        StreamSetup setup;
        try {
            setup = method.open(scope, params);
        } catch (Exception e) {
            return failed(call, headers, RpcMethod.EMPTY_SCHEMA, ErrorInfo.from(e), allocator);
        }
        try {
            return initOpened(call, method, scope, setup, requestMetadata, headers, allocator, binding);
        } finally {
            closeState(setup.state());
        }
    }

    private HttpRpcResponse initOpened(HttpRpcHandler.HttpCall call, StreamMethod method, CallScope scope, StreamSetup setup,
            BatchMetadata requestMetadata, Map<String, String> headers, BufferAllocator allocator, StreamTokens.Binding binding) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        IpcStreamWriter writer = new IpcStreamWriter(out);
        byte[] callId = new byte[16];
        new java.security.SecureRandom().nextBytes(callId);
        String streamId = RpcServer.randomHex(16);
        try {
            if (method.headerSchema() != null) {
                try (VectorSchemaRoot header = VectorSchemaRoot.create(method.headerSchema(), allocator)) {
                    header.allocateNew();
                    try {
                        setup.header().write(header);
                    } catch (Exception e) {
                        return failed(call, headers, RpcMethod.EMPTY_SCHEMA, ErrorInfo.from(e), allocator);
                    }
                    header.setRowCount(1);
                    writer.start(method.headerSchema(), null, allocator);
                    writeLogs(writer, scope.takeLogs(), scope.requestId());
                    writer.writeBatch(header, Map.of());
                    writer.end();
                }
            }
            String callToken = tokens.sealCall(callId, setup.outputSchema(), setup.inputSchema(), streamId, binding);
            writer.start(setup.outputSchema(), null, allocator);
            writeLogs(writer, scope.takeLogs(), scope.requestId());
            ErrorInfo error = null;
            long batches = 0;
            if (setup.isProducer()) {
                try (VectorSchemaRoot output = VectorSchemaRoot.create(setup.outputSchema(), allocator);
                        VectorSchemaRoot tick = VectorSchemaRoot.create(RpcMethod.EMPTY_SCHEMA, allocator)) {
                    TurnCollector turn = new TurnCollector(scope, output, true);
                    try {
                        turn.run(setup.state(), tick, tickMetadata(requestMetadata));
                        checkOutput(setup.outputSchema(), turn);
                        writeLogs(writer, turn.logs(), null);
                        if (turn.data() != null) {
                            writer.writeBatch(turn.data(), turn.dataMetadata());
                            batches++;
                        }
                        if (!turn.finished()) {
                            Map<String, String> sentinel = new LinkedHashMap<>();
                            sentinel.put(WireKeys.STREAM_STATE, tokens.sealCursor(callId, setup.state().snapshot(), binding));
                            sentinel.put(WireKeys.CALL_STATE, callToken);
                            writer.writeZeroRowBatch(sentinel);
                        }
                    } catch (Exception | StackOverflowError e) {
                        writeLogs(writer, turn.logs(), null);
                        error = ErrorInfo.from(e);
                        writer.writeZeroRowBatch(error.toMetadata(server.serverId(), scope.requestId()));
                    }
                }
            } else {
                try {
                    Map<String, String> sentinel = new LinkedHashMap<>();
                    sentinel.put(WireKeys.STREAM_STATE, tokens.sealCursor(callId, setup.state().snapshot(), binding));
                    sentinel.put(WireKeys.CALL_STATE, callToken);
                    writer.writeZeroRowBatch(sentinel);
                } catch (RuntimeException e) {
                    error = ErrorInfo.from(e);
                    writer.writeZeroRowBatch(error.toMetadata(server.serverId(), scope.requestId()));
                }
            }
            writer.end();
            cache(callId, binding, new StreamTokens.Call(callId, setup.outputSchema(), setup.inputSchema(), streamId));
            publish(call, streamId, error, false, batches);
            if (error == null && out.size() > call.budget()) {
                return tooLarge(call, headers, RpcMethod.EMPTY_SCHEMA, out.size(), allocator);
            }
            return HttpBodies.arrow(200, headers, out.toByteArray(), error != null);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    HttpRpcResponse exchange(HttpRpcHandler.HttpCall call, byte[] body, Map<String, String> headers, BufferAllocator allocator) {
        StreamMethod method = (StreamMethod) call.method();
        StreamTokens.Binding binding = new StreamTokens.Binding(call.identity(), call.service().protocolName(), method.name());
        try (IpcStreamReader reader = IpcStreamReader.open(new IpcMessageReader(new ByteArrayInputStream(body)), allocator)) {
            if (reader == null) {
                return badRequest(call, headers, "Empty exchange request", allocator);
            }
            BatchMetadata md = reader.next();
            if (md == null) {
                return badRequest(call, headers, "Exchange request carried no batch", allocator);
            }
            String cursorText = md.get(WireKeys.STREAM_STATE);
            if (cursorText == null) {
                return badRequest(call, headers, "Missing state token in exchange request", allocator);
            }
            StreamTokens.Cursor cursor;
            StreamTokens.Call info;
            try {
                cursor = tokens.openCursor(cursorText, binding);
                info = cached(cursor.callId(), binding);
                if (info == null) {
                    String callText = md.get(WireKeys.CALL_STATE);
                    if (callText == null) {
                        return badRequest(call, headers, "Missing call token in exchange request", allocator);
                    }
                    info = tokens.openCall(callText, binding);
                    if (!java.util.Arrays.equals(info.callId(), cursor.callId())) {
                        throw new StreamTokens.InvalidToken("Malformed state token");
                    }
                    cache(cursor.callId(), binding, info);
                }
            } catch (StreamTokens.InvalidToken e) {
                return badRequest(call, headers, e.getMessage(), allocator);
            }
            if (method.restorer() == null) {
                return badRequest(call, headers, "Failed to deserialize state: stream method '" + method.name() + "' cannot be resumed", allocator);
            }
            StreamState state;
            try {
                state = method.restorer().restore(cursor.state());
            } catch (Exception e) {
                return badRequest(call, headers, "Failed to deserialize state: " + e.getMessage(), allocator);
            }
            try {
                return exchangeRestored(call, method, state, cursor, info, reader, md, headers, allocator, binding);
            } finally {
                closeState(state);
            }
        } catch (IOException e) {
            return HttpBodies.arrow(400, headers, HttpBodies.errorStream(server.serverId(), RpcMethod.EMPTY_SCHEMA,
                    ErrorInfo.of("ArrowInvalid", e.getMessage(), null), call.requestId(), allocator), false);
        }
    }

    private HttpRpcResponse exchangeRestored(HttpRpcHandler.HttpCall call, StreamMethod method, StreamState state,
            StreamTokens.Cursor cursor, StreamTokens.Call info, IpcStreamReader reader, BatchMetadata md,
            Map<String, String> headers, BufferAllocator allocator, StreamTokens.Binding binding) throws IOException {
        CallScope scope = new CallScope(server.serverId(), call.requestId(), method.name(), call.identity(), TransportKind.HTTP,
                md.entries(), allocator);
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        IpcStreamWriter writer = new IpcStreamWriter(out);
        if (md.has(WireKeys.CANCEL)) {
            try {
                state.onCancel(scope);
            } catch (Exception | StackOverflowError ignored) {
                // a cancel is not an error
            }
            reader.drain();
            writer.start(info.output(), null, allocator);
            writeLogs(writer, scope.takeLogs(), scope.requestId());
            writer.end();
            publish(call, info.streamId(), null, true, 0);
            return HttpBodies.arrow(200, headers, out.toByteArray(), false);
        }
        boolean producer = info.input().getFields().isEmpty();
        ErrorInfo error = null;
        long batches = 0;
        VectorSchemaRoot input = null;
        try (VectorSchemaRoot output = VectorSchemaRoot.create(info.output(), allocator)) {
            writer.start(info.output(), null, allocator);
            TurnCollector turn = new TurnCollector(scope, output, producer);
            try {
                input = producer ? reader.root() : Batches.coerce(reader.root(), info.input(), allocator);
                turn.run(state, input, tickMetadata(md));
                checkOutput(info.output(), turn);
                writeLogs(writer, turn.logs(), null);
                String next = turn.finished() ? null : tokens.sealCursor(cursor.callId(), state.snapshot(), binding);
                if (turn.data() != null) {
                    Map<String, String> dataMd = new LinkedHashMap<>(turn.dataMetadata());
                    if (next != null && !producer) {
                        dataMd.put(WireKeys.STREAM_STATE, next);
                    }
                    writer.writeBatch(turn.data(), dataMd);
                    batches++;
                }
                if (next != null && producer) {
                    writer.writeZeroRowBatch(Map.of(WireKeys.STREAM_STATE, next));
                }
            } catch (Exception | StackOverflowError e) {
                error = ErrorInfo.from(e);
                if (!producer) {
                    publish(call, info.streamId(), error, false, 0);
                    return HttpBodies.arrow(200, headers,
                            HttpBodies.errorStream(server.serverId(), info.output(), error, call.requestId(), allocator), true);
                }
                writeLogs(writer, turn.logs(), null);
                writer.writeZeroRowBatch(error.toMetadata(server.serverId(), call.requestId()));
            }
            writer.end();
        } finally {
            if (input != null && input != reader.root()) {
                input.close();
            }
        }
        reader.drain();
        publish(call, info.streamId(), error, false, batches);
        if (error == null && out.size() > call.budget()) {
            return tooLarge(call, headers, producer ? RpcMethod.EMPTY_SCHEMA : info.output(), out.size(), allocator);
        }
        return HttpBodies.arrow(200, headers, out.toByteArray(), error != null);
    }

    /** Runs the state's {@link StreamState#close()} hook once the request is done with it. */
    private static void closeState(StreamState state) {
        if (state == null) {
            return;
        }
        try {
            state.close();
        } catch (Exception | StackOverflowError e) {
            org.slf4j.LoggerFactory.getLogger(HttpStreamCalls.class).warn("closing stream state failed", e);
        }
    }

    private static void checkOutput(Schema declared, TurnCollector turn) {
        if (turn.data() != null && !Batches.sameFields(declared, turn.data().getSchema())) {
            throw RpcException.typeError("emitted batch schema " + turn.data().getSchema()
                    + " does not match the stream's output schema " + declared);
        }
    }

    /** Input metadata for {@code process()}: the request's keys without the stream-token and cancel keys. */
    private static BatchMetadata tickMetadata(BatchMetadata md) {
        if (md.isEmpty()) {
            return md;
        }
        Map<String, String> app = new LinkedHashMap<>(md.entries());
        app.remove(WireKeys.STREAM_STATE);
        app.remove(WireKeys.CALL_STATE);
        app.remove(WireKeys.CANCEL);
        return BatchMetadata.of(app);
    }

    private void writeLogs(IpcStreamWriter writer, List<LogMessage> logs, String requestId) throws IOException {
        for (LogMessage m : logs) {
            writer.writeZeroRowBatch(m.toMetadata(server.serverId(), requestId));
        }
    }

    private HttpRpcResponse failed(HttpRpcHandler.HttpCall call, Map<String, String> headers, Schema schema, ErrorInfo error,
            BufferAllocator allocator) {
        publish(call, null, error, false, 0);
        return HttpBodies.arrow(200, headers, HttpBodies.errorStream(server.serverId(), schema, error, call.requestId(), allocator), true);
    }

    private HttpRpcResponse badRequest(HttpRpcHandler.HttpCall call, Map<String, String> headers, String message, BufferAllocator allocator) {
        ErrorInfo error = ErrorInfo.of("RpcError", message, null);
        publish(call, null, error, false, 0);
        return HttpBodies.arrow(400, headers, HttpBodies.errorStream(server.serverId(), RpcMethod.EMPTY_SCHEMA, error, call.requestId(), allocator), false);
    }

    private HttpRpcResponse tooLarge(HttpRpcHandler.HttpCall call, Map<String, String> headers, Schema schema, long actual,
            BufferAllocator allocator) {
        ErrorInfo error = ErrorInfo.of("ResponseTooLargeError", "HTTP body exceeds max_response_bytes (" + actual + " > "
                + call.budget() + ") for method '" + call.method().name() + "'", null);
        return HttpBodies.arrow(200, headers, HttpBodies.errorStream(server.serverId(), schema, error, call.requestId(), allocator), true);
    }

    private void publish(HttpRpcHandler.HttpCall call, String streamId, ErrorInfo error, boolean cancelled, long batches) {
        server.publish(new CallRecord(call.service().protocolName(), call.method().name(), true, call.requestId(),
                streamId == null ? RpcServer.randomHex(16) : streamId, TransportKind.HTTP, call.identity(), call.remoteAddress(),
                System.nanoTime() - call.start(), error, cancelled, batches, 0));
    }

    private String cacheKey(byte[] callId, StreamTokens.Binding binding) {
        return HEX.formatHex(callId) + "\0" + binding.identity().domain() + "\0" + binding.identity().principal() + "\0"
                + binding.protocol() + "\0" + binding.method();
    }

    private void cache(byte[] callId, StreamTokens.Binding binding, StreamTokens.Call info) {
        if (callCache != null) {
            callCache.put(cacheKey(callId, binding), info);
        }
    }

    private StreamTokens.Call cached(byte[] callId, StreamTokens.Binding binding) {
        return callCache == null ? null : callCache.get(cacheKey(callId, binding));
    }
}
