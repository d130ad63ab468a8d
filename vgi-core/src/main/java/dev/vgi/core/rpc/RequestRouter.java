package dev.vgi.core.rpc;

import org.apache.arrow.vector.types.pojo.Schema;

import dev.vgi.core.rpc.ipc.BatchMetadata;

/**
 * Validates a request batch's envelope and resolves the method it addresses, in the reference
 * order: method key, wire version, routing key, method lookup, protocol-version gate, parameter
 * contract. Shared by every transport.
 */
public final class RequestRouter {

    private final RpcServer server;

    public RequestRouter(RpcServer server) {
        this.server = server;
    }

    /** Checks the method and wire-version keys; returns the method name. */
    public String methodName(BatchMetadata md) throws RequestRejected {
        if (md.invalidKeys().contains(WireKeys.METHOD)) {
            throw new RequestRejected("RpcError", "ProtocolError: Invalid 'vgi_rpc.method' in request metadata: not valid UTF-8", null);
        }
        String method = md.get(WireKeys.METHOD);
        if (method == null) {
            throw new RequestRejected("RpcError",
                    "ProtocolError: Missing 'vgi_rpc.method' in request batch custom_metadata. Each request batch must carry a 'vgi_rpc.method' key", null);
        }
        String version = md.get(WireKeys.REQUEST_VERSION);
        if (version == null) {
            throw new RequestRejected("VersionError", "Missing 'vgi_rpc.request_version' in request metadata. Expected version '"
                    + WireKeys.REQUEST_VERSION_VALUE + "'", null);
        }
        if (!WireKeys.REQUEST_VERSION_VALUE.equals(version)) {
            throw new RequestRejected("VersionError", "Unsupported request version '" + version + "', expected '"
                    + WireKeys.REQUEST_VERSION_VALUE + "'", null);
        }
        return method;
    }

    /** Whether {@code name} is a reserved server-level method name ({@code __x__}). */
    public static boolean isReserved(String name) {
        return name.length() > 4 && name.startsWith("__") && name.endsWith("__");
    }

    /** The answer to a reserved name: none is hosted; {@code __describe__} names its replacement. */
    public static RequestRejected reserved(String name, boolean http) {
        String message = !http && WireKeys.DESCRIBE_METHOD.equals(name)
                ? "'__describe__' was retired. Introspection is now the 'vgi_rpc.Reflection.v1' protocol: call 'list_protocols' "
                        + "for what this server hosts, then 'describe' for one protocol's methods."
                : "This server does not implement the reserved method '" + name + "'.";
        return new RequestRejected("MethodNotImplementedError", message, ErrorKind.METHOD_NOT_IMPLEMENTED);
    }

    /**
     * Resolves the protocol named by the routing key (or by {@code pathProtocol} over HTTP, where the
     * key is optional but must agree).
     */
    public RpcService protocol(BatchMetadata md, String pathProtocol) throws RequestRejected {
        String named = md.get(WireKeys.PROTOCOL);
        if (pathProtocol != null) {
            if (named != null && !named.equals(pathProtocol)) {
                throw new RequestRejected("ProtocolNotSupportedError", "Protocol mismatch: the request path resolved to '"
                        + pathProtocol + "' but the Arrow IPC custom_metadata 'vgi_rpc.protocol' says '" + named
                        + "'. These must agree.", ErrorKind.PROTOCOL_NOT_SUPPORTED);
            }
            named = pathProtocol;
        }
        if (md.invalidKeys().contains(WireKeys.PROTOCOL)) {
            throw new RequestRejected("ProtocolNotSpecifiedError", "'vgi_rpc.protocol' is not valid UTF-8.", ErrorKind.PROTOCOL_NOT_SPECIFIED);
        }
        if (named == null || named.isEmpty()) {
            throw new RequestRejected("ProtocolNotSpecifiedError", "Request carries no 'vgi_rpc.protocol' routing key. Every request "
                    + "must name the protocol it addresses. This server hosts: " + hosted() + ".", ErrorKind.PROTOCOL_NOT_SPECIFIED);
        }
        return hostedProtocol(named);
    }

    /** The hosted protocol called {@code name}, or a {@code protocol_not_supported} rejection. */
    public RpcService hostedProtocol(String name) throws RequestRejected {
        if (!RpcService.isProtocolName(name)) {
            throw new RequestRejected("ProtocolNotSupportedError", "'vgi_rpc.protocol' is not a protocol name: " + name,
                    ErrorKind.PROTOCOL_NOT_SUPPORTED);
        }
        RpcService service = server.service(name);
        if (service == null) {
            throw new RequestRejected("ProtocolNotSupportedError", "This server does not host protocol '" + name + "'. Hosted: "
                    + hosted() + ".", ErrorKind.PROTOCOL_NOT_SUPPORTED);
        }
        return service;
    }

    private String hosted() {
        return server.protocolNames().stream().sorted().toList().toString();
    }

    /** Looks up the method in the protocol. */
    public RpcMethod method(RpcService service, String name) throws RequestRejected {
        RpcMethod m = service.method(name);
        if (m == null) {
            throw new RequestRejected("MethodNotImplementedError", "Protocol '" + service.protocolName() + "' has no method '" + name
                    + "'. Available: " + service.methods().stream().map(RpcMethod::name).toList() + ".", ErrorKind.METHOD_NOT_IMPLEMENTED);
        }
        return m;
    }

    /** Applies the protocol-version gate and the strict parameter contract. */
    public void validate(RpcService service, RpcMethod method, BatchMetadata md, Schema wireSchema, int rows) throws RequestRejected {
        Schema errorSchema = method instanceof UnaryMethod u ? u.resultSchema() : RpcMethod.EMPTY_SCHEMA;
        String declared = service.protocolVersion();
        if (declared != null) {
            String client = md.get(WireKeys.PROTOCOL_VERSION);
            if (!compatible(declared, client)) {
                String direction = client == null || !RpcService.isCanonicalSemver(client) ? "client sent no valid protocol version"
                        : compare(client, declared) < 0 ? "upgrade the client" : "upgrade the worker";
                throw new RequestRejected(ErrorInfo.of("ProtocolVersionError",
                        "VGI client/worker protocol_version mismatch for protocol '" + service.protocolName() + "'.\n  Client: "
                                + (client == null ? "<not declared>" : client)
                                + "\n  Server: " + declared + "\n  Direction: " + direction,
                        ErrorKind.PROTOCOL_VERSION_MISMATCH), errorSchema);
            }
        }
        Schema params = method.paramsSchema();
        if (!params.getFields().isEmpty() && rows != 1) {
            throw new RequestRejected(ErrorInfo.of("RpcError", "ProtocolError: Expected 1 row in request batch, got " + rows, null),
                    RpcMethod.EMPTY_SCHEMA);
        }
        if (params.getFields().isEmpty() && rows > 1) {
            throw new RequestRejected(ErrorInfo.of("RpcError", "ProtocolError: Expected 0 or 1 rows for a parameterless request, got " + rows, null),
                    RpcMethod.EMPTY_SCHEMA);
        }
        String problem = SchemaContract.check(params, wireSchema);
        if (problem != null) {
            throw new RequestRejected(ErrorInfo.of("TypeError", "Parameter schema mismatch for method '" + method.name() + "': " + problem, null),
                    errorSchema);
        }
    }

    private static boolean compatible(String declared, String client) {
        if (client == null || !RpcService.isCanonicalSemver(client)) {
            return false;
        }
        String[] d = declared.split("\\.");
        String[] c = client.split("\\.");
        return d[0].equals(c[0]) && d[1].equals(c[1]);
    }

    private static int compare(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < 3; i++) {
            int cmp = Long.compare(Long.parseLong(x[i]), Long.parseLong(y[i]));
            if (cmp != 0) {
                return cmp;
            }
        }
        return 0;
    }
}
