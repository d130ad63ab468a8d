package dev.vgi.core.rpc;

import org.apache.arrow.vector.types.pojo.Schema;

import dev.vgi.core.rpc.ipc.BatchMetadata;

/**
 * Validates a request batch's envelope and resolves the method it addresses, in the reference
 * order: method key, wire version, routing key, method lookup, protocol-version gate, parameter
 * contract. Shared by every transport.
 */
final class RequestRouter {

    private final RpcServer server;

    RequestRouter(RpcServer server) {
        this.server = server;
    }

    /** Checks the method and wire-version keys; returns the method name. */
    String methodName(BatchMetadata md) throws RequestRejected {
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

    /**
     * Resolves the protocol named by the routing key (or by {@code pathProtocol} over HTTP, where the
     * key is optional but must agree).
     */
    RpcService protocol(BatchMetadata md, String pathProtocol) throws RequestRejected {
        String named = md.get(WireKeys.PROTOCOL);
        if (pathProtocol != null) {
            if (named != null && !named.equals(pathProtocol)) {
                throw new RequestRejected("RpcError", "Protocol mismatch: URL names '" + pathProtocol
                        + "' but the request names '" + named + "'", ErrorKind.PROTOCOL_NOT_SUPPORTED);
            }
            named = pathProtocol;
        }
        if (named == null) {
            throw new RequestRejected("RpcError", "Missing 'vgi_rpc.protocol' in request metadata; this server hosts "
                    + server.protocolNames(), ErrorKind.PROTOCOL_NOT_SPECIFIED);
        }
        RpcService service = server.service(named);
        if (service == null) {
            throw new RequestRejected("RpcError", "Protocol '" + named + "' is not supported by this server; it hosts "
                    + server.protocolNames(), ErrorKind.PROTOCOL_NOT_SUPPORTED);
        }
        return service;
    }

    /** Looks up the method in the protocol. */
    RpcMethod method(RpcService service, String name) throws RequestRejected {
        RpcMethod m = service.method(name);
        if (m == null) {
            throw new RequestRejected("MethodNotImplementedError", "Unknown method: '" + name + "'. Available methods: "
                    + service.methods().stream().map(RpcMethod::name).toList(), ErrorKind.METHOD_NOT_IMPLEMENTED);
        }
        return m;
    }

    /** Applies the protocol-version gate and the strict parameter contract. */
    void validate(RpcService service, RpcMethod method, BatchMetadata md, Schema wireSchema, int rows) throws RequestRejected {
        Schema errorSchema = method instanceof UnaryMethod u ? u.resultSchema() : RpcMethod.EMPTY_SCHEMA;
        String declared = service.protocolVersion();
        if (declared != null) {
            String client = md.get(WireKeys.PROTOCOL_VERSION);
            if (!compatible(declared, client)) {
                String direction = client == null || !RpcService.isCanonicalSemver(client) ? "client sent no valid protocol version"
                        : compare(client, declared) < 0 ? "upgrade the client" : "upgrade the worker";
                throw new RequestRejected(ErrorInfo.of("ProtocolVersionError",
                        "VGI client/worker protocol_version mismatch.\n  Client: " + (client == null ? "<missing>" : client)
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
