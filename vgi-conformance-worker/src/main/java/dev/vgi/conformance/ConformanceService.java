package dev.vgi.conformance;

import dev.vgi.core.rpc.RpcService;

/**
 * The vgi-rpc {@code ConformanceService} as declared by the reference implementation (vgi-rpc
 * 0.52.2): the protocol the cross-language conformance suite ({@code vgi-rpc-test} and the pytest
 * suite) drives. Parameter schemas match the reference field for field, because the runtime
 * rejects any request whose schema differs from the declaration.
 *
 * <p>Features this worker does not have are answered as the reference answers without them:
 * sticky-session methods fail with {@code RuntimeError}, and {@code published_string} fails for
 * lack of external storage.
 */
public final class ConformanceService {

    /** The protocol's wire name, the {@code vgi_rpc.protocol} routing key. */
    public static final String PROTOCOL_NAME = "ConformanceService";

    /**
     * The declared application protocol version; requests must carry the same major.minor in
     * {@code vgi_rpc.protocol_version}.
     */
    public static final String PROTOCOL_VERSION = "2.0.0";

    private ConformanceService() {
    }

    /** Builds the service with every method of the reference protocol. */
    public static RpcService create() {
        RpcService.Builder service = RpcService.builder(PROTOCOL_NAME).version(PROTOCOL_VERSION);
        UnaryMethods.register(service);
        StreamMethods.register(service);
        return service.build();
    }
}
