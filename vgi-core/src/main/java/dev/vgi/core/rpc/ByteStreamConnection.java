package dev.vgi.core.rpc;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.vgi.core.rpc.ipc.BatchMetadata;
import dev.vgi.core.rpc.ipc.IpcFormatException;
import dev.vgi.core.rpc.ipc.IpcMessageReader;
import dev.vgi.core.rpc.ipc.IpcStreamReader;
import dev.vgi.core.rpc.ipc.IpcStreamWriter;

/**
 * Serves one byte-stream connection (stdio, Unix socket, TCP): reads request streams one after
 * another and answers each, sequentially, until the peer closes its end. A rejected or failing call
 * is answered with a typed error and the connection goes on.
 */
public final class ByteStreamConnection {

    private static final Logger log = LoggerFactory.getLogger(ByteStreamConnection.class);

    private final RpcServer server;
    private final RequestRouter router;
    private final TransportKind transport;
    private final String remoteAddress;
    private final IpcMessageReader messages;
    private final IpcStreamWriter writer;
    private final BufferAllocator allocator;

    /**
     * Creates a connection over buffered {@code in}/{@code out}.
     *
     * @param allocator allocator for this connection's buffers; must be empty again when {@link #serve()} returns
     */
    public ByteStreamConnection(RpcServer server, InputStream in, OutputStream out, TransportKind transport,
            String remoteAddress, BufferAllocator allocator) {
        this.server = server;
        this.router = new RequestRouter(server);
        this.transport = transport;
        this.remoteAddress = remoteAddress == null ? "" : remoteAddress;
        this.messages = new IpcMessageReader(in);
        this.writer = new IpcStreamWriter(out);
        this.allocator = allocator;
    }

    /** Serves requests until the peer closes the connection or it breaks. */
    public void serve() {
        try {
            while (serveOne()) {
                // next request
            }
        } catch (EOFException e) {
            log.debug("connection closed mid-message: {}", e.getMessage());
        } catch (IOException e) {
            log.debug("connection failed: {}", e.toString());
        } finally {
            writer.abandon();
        }
    }

    /** A request stream read ahead while skipping an abandoned stream input. */
    private IpcStreamReader pendingRequest;
    private BatchMetadata pendingMetadata;
    private boolean pendingEof;

    /** Serves one request; returns false when the connection is over. */
    boolean serveOne() throws IOException {
        long start = System.nanoTime();
        String requestId = RpcServer.newRequestId();
        if (pendingEof) {
            return false;
        }
        IpcStreamReader request = pendingRequest;
        BatchMetadata md = pendingMetadata;
        pendingRequest = null;
        pendingMetadata = null;
        if (request == null) {
            try {
                request = IpcStreamReader.open(messages, allocator);
            } catch (IpcFormatException e) {
                writeErrorStream(RpcMethod.EMPTY_SCHEMA, ErrorInfo.of("ArrowInvalid", e.getMessage(), null), requestId);
                return e.onFrameBoundary();
            }
            if (request == null) {
                return false;
            }
        }
        VectorSchemaRoot params = null;
        try (IpcStreamReader open = request) {
            if (md == null) {
                try {
                    md = request.next();
                } catch (IpcFormatException e) {
                    if (!e.onFrameBoundary()) {
                        writeErrorStream(RpcMethod.EMPTY_SCHEMA, ErrorInfo.of("ArrowInvalid", e.getMessage(), null), requestId);
                        return false;
                    }
                    request.drain();
                    writeErrorStream(RpcMethod.EMPTY_SCHEMA, ErrorInfo.of("RpcError", e.getMessage(), null), requestId);
                    return true;
                }
            }
            if (md == null) {
                writeErrorStream(RpcMethod.EMPTY_SCHEMA,
                        ErrorInfo.of("RpcError", "ProtocolError: request stream carried no batch", null), requestId);
                return true;
            }
            int rows = request.root().getRowCount();
            params = Batches.detach(request.root(), request.dictionaries(), allocator);
            request.drain();
            dispatch(request.wireSchema(), md, rows, params, requestId, start);
            return true;
        } finally {
            if (params != null) {
                params.close();
            }
        }
    }

    /**
     * Consumes the input stream a client may send for a stream call that failed before its first
     * turn. Clients differ (the Python client always sends one, the C++ client none), so the next
     * stream is read: if its first batch addresses a method it is a new request and is kept for the
     * next {@link #serveOne()}; otherwise it is the abandoned input and is drained.
     */
    void skipAbandonedStreamInput() throws IOException {
        IpcStreamReader next;
        try {
            next = IpcStreamReader.open(messages, allocator);
        } catch (IpcFormatException e) {
            if (!e.onFrameBoundary()) {
                throw e;
            }
            return;
        }
        if (next == null) {
            pendingEof = true;
            return;
        }
        boolean keep = false;
        try {
            BatchMetadata md = next.next();
            if (md != null && md.has(WireKeys.METHOD) && !md.has(WireKeys.CANCEL)) {
                pendingRequest = next;
                pendingMetadata = md;
                keep = true;
                return;
            }
            next.drain();
        } catch (IpcFormatException e) {
            if (!e.onFrameBoundary()) {
                throw e;
            }
        } finally {
            if (!keep) {
                next.close();
            }
        }
    }

    private void dispatch(Schema wireSchema, BatchMetadata md, int rows, VectorSchemaRoot params, String requestId, long start)
            throws IOException {
        String methodName = "";
        String protocol = "";
        RpcMethod method = null;
        try {
            methodName = router.methodName(md);
            if (WireKeys.TRANSPORT_OPTIONS_METHOD.equals(methodName)) {
                writeTransportOptions();
                return;
            }
            if (RequestRouter.isReserved(methodName)) {
                throw RequestRouter.reserved(methodName, false);
            }
            RpcService service = router.protocol(md, null);
            protocol = service.protocolName();
            method = router.method(service, methodName);
            router.validate(service, method, md, wireSchema, rows);
        } catch (RequestRejected r) {
            writeErrorStream(r.schema(), r.error(), requestId);
            if (method != null && method.isStream()) {
                skipAbandonedStreamInput();
            }
            boolean stream = method != null && method.isStream();
            server.publish(new CallRecord(protocol, methodName, stream, requestId, stream ? RpcServer.randomHex(16) : null, transport,
                    Identity.ANONYMOUS, remoteAddress, System.nanoTime() - start, r.error(), false, 0, 0));
            return;
        }
        CallScope scope = new CallScope(server.serverId(), requestId, methodName, Identity.ANONYMOUS, transport,
                md.entries(), allocator);
        if (method instanceof UnaryMethod unary) {
            ErrorInfo error = UnaryCalls.write(unary, scope, params, writer, allocator);
            writer.flush();
            server.publish(new CallRecord(protocol, methodName, false, requestId, null, transport, Identity.ANONYMOUS,
                    remoteAddress, System.nanoTime() - start, error, false, error == null && !unary.isVoid() ? 1 : 0,
                    error == null && !unary.isVoid() ? 1 : 0));
        } else {
            new ByteStreamCall(this, (StreamMethod) method, scope, protocol, start).run(params);
        }
    }

    private void writeTransportOptions() throws IOException {
        writer.start(RpcMethod.EMPTY_SCHEMA, null, allocator);
        Map<String, String> md = new LinkedHashMap<>();
        md.put(WireKeys.TRANSPORT_SHM, "false");
        md.put(WireKeys.REQUEST_VERSION, WireKeys.REQUEST_VERSION_VALUE);
        md.put(WireKeys.SERVER_ID, server.serverId());
        writer.writeZeroRowBatch(md);
        writer.end();
        writer.flush();
    }

    /** Writes a whole error stream: schema, one EXCEPTION batch, end of stream. */
    void writeErrorStream(Schema schema, ErrorInfo error, String requestId) throws IOException {
        writer.start(schema, null, allocator);
        writer.writeZeroRowBatch(error.toMetadata(server.serverId(), requestId));
        writer.end();
        writer.flush();
    }

    RpcServer server() {
        return server;
    }

    IpcMessageReader messages() {
        return messages;
    }

    IpcStreamWriter writer() {
        return writer;
    }

    BufferAllocator allocator() {
        return allocator;
    }

    TransportKind transport() {
        return transport;
    }

    String remoteAddress() {
        return remoteAddress;
    }

    static void writeLogs(IpcStreamWriter writer, List<LogMessage> logs, String serverId, String requestId) throws IOException {
        for (LogMessage m : logs) {
            writer.writeZeroRowBatch(m.toMetadata(serverId, requestId));
        }
    }
}
