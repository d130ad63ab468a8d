package dev.vgi.core.rpc.http;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.vgi.core.rpc.Batches;
import dev.vgi.core.rpc.CallRecord;
import dev.vgi.core.rpc.CallScope;
import dev.vgi.core.rpc.ErrorInfo;
import dev.vgi.core.rpc.ErrorKind;
import dev.vgi.core.rpc.Identity;
import dev.vgi.core.rpc.RequestRejected;
import dev.vgi.core.rpc.RequestRouter;
import dev.vgi.core.rpc.RpcMethod;
import dev.vgi.core.rpc.RpcServer;
import dev.vgi.core.rpc.RpcService;
import dev.vgi.core.rpc.StreamMethod;
import dev.vgi.core.rpc.TransportKind;
import dev.vgi.core.rpc.UnaryCalls;
import dev.vgi.core.rpc.UnaryMethod;
import dev.vgi.core.rpc.WireKeys;
import dev.vgi.core.rpc.ipc.BatchMetadata;
import dev.vgi.core.rpc.ipc.IpcFormatException;
import dev.vgi.core.rpc.ipc.IpcMessageReader;
import dev.vgi.core.rpc.ipc.IpcStreamReader;
import dev.vgi.core.rpc.ipc.IpcStreamWriter;
import dev.vgi.core.util.Json;

/**
 * The vgi-rpc HTTP transport without a web framework: routing, status mapping, content-encoding
 * negotiation, size caps, capability headers, authentication hook and sealed stream tokens. A web
 * adapter reads the body (honouring {@link #maxRequestBytes()}), calls {@link #handle} off its event
 * loop and writes the response as is.
 *
 * <p>Routes under the prefix: {@code POST /{protocol}/{method}} (unary), {@code .../init} and
 * {@code .../exchange} (streams), {@code GET|HEAD /health}, {@code OPTIONS} anywhere.
 */
public final class HttpRpcHandler {

    private static final Logger log = LoggerFactory.getLogger(HttpRpcHandler.class);
    /** The client's default accepted response size when it sends none (256 MiB). */
    private static final long MIN_ACCEPTED_RESPONSE_BYTES = 65_536;
    private static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

    private final RpcServer server;
    private final HttpOptions options;
    private final RequestRouter router;
    private final HttpStreamCalls streams;

    /** Creates the handler for {@code server}. */
    public HttpRpcHandler(RpcServer server, HttpOptions options) {
        this.server = server;
        this.options = options;
        this.router = new RequestRouter(server);
        this.streams = new HttpStreamCalls(server, options);
    }

    /** The options. */
    public HttpOptions options() {
        return options;
    }

    /** The request-body cap the adapter must enforce while reading (0 = none). */
    public long maxRequestBytes() {
        return options.maxRequestBytes();
    }

    /** Handles one request. Blocking: call it on a worker thread, never on an event loop. */
    public HttpRpcResponse handle(HttpRpcRequest request) {
        String requestId = requestId(request);
        Map<String, String> headers = baseHeaders(requestId);
        try {
            return route(request, requestId, headers);
        } catch (RuntimeException | OutOfMemoryError e) {
            log.warn("HTTP request failed", e);
            return arrowError(200, headers, RpcMethod.EMPTY_SCHEMA, ErrorInfo.from(e), requestId, true, request);
        }
    }

    /** The 413 answer for a body that exceeded {@link #maxRequestBytes()} while being read. */
    public HttpRpcResponse requestTooLarge(HttpRpcRequest request) {
        Map<String, String> headers = baseHeaders(requestId(request));
        return json(413, headers, Map.of("title", "Request body exceeds max_request_bytes",
                "description", "Request body exceeds max_request_bytes (" + options.maxRequestBytes() + ")"));
    }

    /**
     * The 401 answer (wire spec 6.10) for a request that a web framework refused before it reached
     * {@link #handle}: JSON {@code {"error":"unauthorized","reason":…,"detail":…}} with
     * {@code VGI-Auth-Reason}, {@code Cache-Control: no-store}, {@code X-Request-ID} and the
     * capability headers, exactly as the handler's own authenticator hook answers.
     */
    public HttpRpcResponse unauthorized(HttpRpcRequest request, AuthenticationFailure failure) {
        return unauthorized(baseHeaders(requestId(request)), failure);
    }

    /**
     * The 503 answer (wire spec 6.10) for a request whose credential could not be checked because
     * the authority (e.g. an identity provider's key set) was unreachable: never a 401, so clients
     * retry rather than drop the credential. Carries {@code Retry-After} and
     * {@code Cache-Control: no-store}.
     *
     * @param retryAfterSeconds the {@code Retry-After} value, at least 1
     */
    public HttpRpcResponse authenticationUnavailable(HttpRpcRequest request, long retryAfterSeconds) {
        Map<String, String> headers = baseHeaders(requestId(request));
        headers.put("Retry-After", Long.toString(Math.max(1, retryAfterSeconds)));
        headers.put("Cache-Control", "no-store");
        return json(503, headers, Map.of("title", "Service Unavailable",
                "description", "The authentication service is unavailable; retry later"));
    }

    private HttpRpcResponse route(HttpRpcRequest req, String requestId, Map<String, String> headers) {
        String path = req.path();
        String prefix = options.prefix();
        if (!path.startsWith(prefix) || (path.length() > prefix.length() && path.charAt(prefix.length()) != '/')) {
            return notFound(headers);
        }
        String rel = path.substring(prefix.length());
        if (req.method().equals("OPTIONS")) {
            headers.put("Cache-Control", "public, max-age=300");
            return new HttpRpcResponse(200, headers, new byte[0]);
        }
        if (rel.equals("/health")) {
            if (!req.method().equals("GET") && !req.method().equals("HEAD")) {
                headers.put("Allow", "GET, HEAD, OPTIONS");
                return json(405, headers, Map.of("title", "405 Method Not Allowed"));
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", "ok");
            body.put("server_id", server.serverId());
            body.put("protocol", server.protocolNames().isEmpty() ? "" : server.protocolNames().get(0));
            // HEAD gets the GET body too: the web layer sends its length and drops the bytes
            return jsonCompact(200, headers, body);
        }
        if (rel.equals("/__introspect_token__")) {
            headers.put("Cache-Control", "no-store");
            return json(404, headers, Map.of("error", "not_enabled"));
        }
        if (rel.isEmpty() || rel.equals("/")) {
            return notFound(headers);
        }
        byte[] body = req.body();
        if (options.maxRequestBytes() > 0 && body.length > options.maxRequestBytes()) {
            return requestTooLarge(req);
        }
        String coding = req.header("Content-Encoding");
        if (coding != null && !coding.isBlank()) {
            String c = coding.trim().toLowerCase(java.util.Locale.ROOT);
            if (!ContentCodings.canDecode(c)) {
                return json(415, headers, Map.of("title", "Unsupported Content-Encoding",
                        "description", "Content-Encoding '" + c + "' is not supported; supported: zstd, gzip"));
            }
            try {
                body = ContentCodings.decode(c, body, options.maxRequestBytes());
            } catch (ContentCodings.TooLarge e) {
                return requestTooLarge(req);
            } catch (IOException e) {
                return json(400, headers, Map.of("title", "Decompression Error", "description", e.getMessage()));
            }
        }
        Identity identity = req.identity();
        if (identity == null) {
            identity = Identity.ANONYMOUS;
            if (options.authenticator() != null) {
                try {
                    identity = options.authenticator().authenticate(req);
                } catch (AuthenticationFailure f) {
                    return unauthorized(headers, f);
                }
            }
        }
        long budget;
        try {
            budget = responseBudget(req.header("VGI-Accept-Max-Response-Bytes"));
        } catch (IllegalArgumentException e) {
            return arrowError(400, headers, RpcMethod.EMPTY_SCHEMA, ErrorInfo.of("ValueError", e.getMessage(), null), requestId, false, req);
        }
        String[] segments = rel.substring(1).split("/", -1);
        if (segments.length == 1) {
            if (RequestRouter.isReserved(segments[0]) && req.method().equals("POST")) {
                return rejected(404, headers, RequestRouter.reserved(segments[0], true), requestId, req);
            }
            return notFound(headers);
        }
        if (segments.length > 3 || (segments.length == 3 && !segments[2].equals("init") && !segments[2].equals("exchange"))) {
            return notFound(headers);
        }
        String protocolName = segments[0];
        String methodName = segments[1];
        RpcService service;
        RpcMethod method;
        try {
            if (protocolName.contains("%")) {
                throw new RequestRejected("ProtocolNotSpecifiedError", "The protocol path segment must not be percent-encoded.",
                        ErrorKind.PROTOCOL_NOT_SPECIFIED);
            }
            service = router.hostedProtocol(protocolName);
            method = router.method(service, methodName);
        } catch (RequestRejected r) {
            return rejected(404, headers, r, requestId, req);
        }
        if (!req.method().equals("POST")) {
            headers.put("Allow", "POST");
            return json(405, headers, Map.of("title", "405 Method Not Allowed"));
        }
        String contentType = req.header("Content-Type");
        if (contentType == null || !contentType.split(";")[0].trim().equalsIgnoreCase(WireKeys.ARROW_MEDIA_TYPE)) {
            return arrowError(415, headers, RpcMethod.EMPTY_SCHEMA, ErrorInfo.of("TypeError",
                    "Content-Type must be " + WireKeys.ARROW_MEDIA_TYPE, null), requestId, false, req);
        }
        String endpoint = segments.length == 3 ? segments[2] : "";
        if (method instanceof StreamMethod && endpoint.isEmpty()) {
            return arrowError(400, headers, RpcMethod.EMPTY_SCHEMA, ErrorInfo.of("TypeError",
                    "Stream method '" + methodName + "' requires /init and /exchange endpoints", null), requestId, false, req);
        }
        if (method instanceof UnaryMethod && endpoint.equals("init")) {
            return arrowError(400, headers, RpcMethod.EMPTY_SCHEMA, ErrorInfo.of("TypeError",
                    "Method '" + methodName + "' is not a stream", null), requestId, false, req);
        }
        if (method instanceof UnaryMethod && endpoint.equals("exchange")) {
            return arrowError(400, headers, RpcMethod.EMPTY_SCHEMA, ErrorInfo.of("TypeError",
                    "Method '" + methodName + "' does not support /exchange", null), requestId, false, req);
        }
        long start = System.nanoTime();
        HttpCall call = new HttpCall(service, method, identity, requestId, budget, start, req.remoteAddress());
        HttpRpcResponse response;
        try (BufferAllocator allocator = server.allocator().newChildAllocator("http-" + requestId, 0, Long.MAX_VALUE)) {
            if (endpoint.equals("exchange")) {
                response = streams.exchange(call, body, headers, allocator);
            } else {
                response = dispatchNew(call, body, headers, allocator, endpoint.equals("init"));
            }
        }
        return compress(req, response);
    }

    private HttpRpcResponse dispatchNew(HttpCall call, byte[] body, Map<String, String> headers, BufferAllocator allocator,
            boolean init) {
        IpcStreamReader reader = null;
        VectorSchemaRoot params = null;
        try {
            BatchMetadata md;
            Schema wireSchema;
            int rows;
            try {
                reader = IpcStreamReader.open(new IpcMessageReader(new ByteArrayInputStream(body)), allocator);
                if (reader == null) {
                    throw new IpcFormatException("empty request body", true);
                }
                md = reader.next();
                if (md == null) {
                    throw new IpcFormatException("request stream carried no batch", true);
                }
                wireSchema = reader.wireSchema();
                rows = reader.root().getRowCount();
                params = Batches.detach(reader.root(), reader.dictionaries(), allocator);
                reader.drain();
            } catch (IOException e) {
                return arrowError(400, headers, RpcMethod.EMPTY_SCHEMA, ErrorInfo.of("ArrowInvalid", e.getMessage(), null), call.requestId(), false, null);
            }
            try {
                String named = router.methodName(md);
                if (!named.equals(call.method().name())) {
                    throw new RequestRejected("TypeError", "Method name mismatch: URL path has '" + call.method().name()
                            + "' but Arrow IPC custom_metadata 'vgi_rpc.method' has '" + named + "'. These must match.", null);
                }
                router.protocol(md, call.service().protocolName());
                router.validate(call.service(), call.method(), md, wireSchema, rows);
            } catch (RequestRejected r) {
                publish(call, r.error(), false, 0, 0);
                return arrowError(400, headers, RpcMethod.EMPTY_SCHEMA, r.error(), call.requestId(), false, null);
            }
            CallScope scope = new CallScope(server.serverId(), call.requestId(), call.method().name(), call.identity(),
                    TransportKind.HTTP, md.entries(), allocator);
            if (init) {
                return streams.init(call, (StreamMethod) call.method(), scope, params, md, headers, allocator);
            }
            UnaryMethod unary = (UnaryMethod) call.method();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            IpcStreamWriter writer = new IpcStreamWriter(out);
            ErrorInfo error;
            try {
                error = UnaryCalls.write(unary, scope, params, writer, allocator);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            publish(call, error, false, error == null ? 1 : 0, error == null && !unary.isVoid() ? 1 : 0);
            if (error == null && out.size() > call.budget()) {
                return responseTooLarge(headers, unary.resultSchema(), out.size(), call, allocator);
            }
            return arrow(200, headers, out.toByteArray(), error != null);
        } finally {
            if (params != null) {
                params.close();
            }
            if (reader != null) {
                reader.close();
            }
        }
    }

    HttpRpcResponse responseTooLarge(Map<String, String> headers, Schema schema, long actual, HttpCall call, BufferAllocator allocator) {
        ErrorInfo error = ErrorInfo.of("ResponseTooLargeError", "HTTP body exceeds max_response_bytes (" + actual + " > "
                + call.budget() + ") for method '" + call.method().name() + "'", null);
        return arrow(200, headers, errorStream(schema, error, call.requestId(), allocator), true);
    }

    private void publish(HttpCall call, ErrorInfo error, boolean cancelled, long batches, long rows) {
        server.publish(new CallRecord(call.service().protocolName(), call.method().name(), call.method().isStream(),
                call.requestId(), null, TransportKind.HTTP, call.identity(), call.remoteAddress(), System.nanoTime() - call.start(),
                error, cancelled, batches, rows));
    }

    private long responseBudget(String header) {
        long serverCap = options.maxResponseBytes() > 0 ? options.maxResponseBytes() : Long.MAX_VALUE;
        if (header == null) {
            return serverCap;
        }
        String v = header.trim();
        if (!v.matches("[1-9][0-9]{0,18}")) {
            throw new IllegalArgumentException("VGI-Accept-Max-Response-Bytes must be one canonical positive decimal integer");
        }
        long client = Long.parseLong(v);
        if (client < MIN_ACCEPTED_RESPONSE_BYTES) {
            throw new IllegalArgumentException("VGI-Accept-Max-Response-Bytes must be at least " + MIN_ACCEPTED_RESPONSE_BYTES);
        }
        if (client > MAX_SAFE_INTEGER) {
            throw new IllegalArgumentException("VGI-Accept-Max-Response-Bytes must be at most " + MAX_SAFE_INTEGER);
        }
        return Math.min(serverCap, client);
    }

    private String requestId(HttpRpcRequest request) {
        String id = request.header("X-Request-ID");
        if (id == null || id.isBlank() || id.length() > 128) {
            return RpcServer.newRequestId();
        }
        return id;
    }

    private Map<String, String> baseHeaders(String requestId) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("X-Request-ID", requestId);
        h.put("VGI-Accept-Max-Response-Bytes-Support", "true");
        h.put("VGI-Supported-Encodings", String.join(", ", options.encodings()));
        h.put("VGI-Externalization-Enabled", "false");
        if (options.maxRequestBytes() > 0) {
            h.put("VGI-Max-Request-Bytes", Long.toString(options.maxRequestBytes()));
        }
        if (options.maxResponseBytes() > 0) {
            h.put("VGI-Max-Response-Bytes", Long.toString(options.maxResponseBytes()));
        }
        return h;
    }

    private HttpRpcResponse compress(HttpRpcRequest req, HttpRpcResponse response) {
        if (response.body().length == 0) {
            return response;
        }
        ContentCodings.Choice choice = ContentCodings.negotiate(req.header("X-VGI-Accept-Encoding"), req.header("Accept-Encoding"),
                options.encodings());
        if (choice == null) {
            return response;
        }
        Map<String, String> h = new LinkedHashMap<>(response.headers());
        h.put(choice.header(), choice.coding());
        return new HttpRpcResponse(response.status(), h, ContentCodings.encode(choice.coding(), response.body()));
    }

    private HttpRpcResponse unauthorized(Map<String, String> headers, AuthenticationFailure f) {
        headers.put("VGI-Auth-Reason", f.reason());
        headers.put("Cache-Control", "no-store");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", "unauthorized");
        body.put("reason", f.reason());
        body.put("detail", f.detail());
        return json(401, headers, body);
    }

    private HttpRpcResponse rejected(int status, Map<String, String> headers, RequestRejected r, String requestId, HttpRpcRequest req) {
        return arrowError(status, headers, RpcMethod.EMPTY_SCHEMA, r.error(), requestId, false, req);
    }

    private HttpRpcResponse arrowError(int status, Map<String, String> headers, Schema schema, ErrorInfo error, String requestId,
            boolean flag, HttpRpcRequest req) {
        try (BufferAllocator allocator = server.allocator().newChildAllocator("http-error", 0, Long.MAX_VALUE)) {
            HttpRpcResponse r = arrow(status, headers, errorStream(schema, error, requestId, allocator), flag);
            return req == null ? r : compress(req, r);
        }
    }

    byte[] errorStream(Schema schema, ErrorInfo error, String requestId, BufferAllocator allocator) {
        return HttpBodies.errorStream(server.serverId(), schema, error, requestId, allocator);
    }

    static HttpRpcResponse arrow(int status, Map<String, String> headers, byte[] body, boolean error) {
        return HttpBodies.arrow(status, headers, body, error);
    }

    private static HttpRpcResponse notFound(Map<String, String> headers) {
        return json(404, headers, Map.of("title", "404 Not Found"));
    }

    private static HttpRpcResponse json(int status, Map<String, String> headers, Map<String, ?> body) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put("Content-Type", "application/json");
        return new HttpRpcResponse(status, h, Json.write(body).getBytes(StandardCharsets.UTF_8));
    }

    private static HttpRpcResponse jsonCompact(int status, Map<String, String> headers, Map<String, ?> body) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put("Content-Type", "application/json");
        return new HttpRpcResponse(status, h, Json.writeCompact(body).getBytes(StandardCharsets.UTF_8));
    }

    /** One routed RPC request: what it addresses and who asks. */
    record HttpCall(RpcService service, RpcMethod method, Identity identity, String requestId, long budget, long start,
            String remoteAddress) {
    }
}
