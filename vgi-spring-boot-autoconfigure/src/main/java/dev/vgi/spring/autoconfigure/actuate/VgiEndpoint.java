package dev.vgi.spring.autoconfigure.actuate;

import java.util.List;

import org.apache.arrow.vector.types.pojo.Schema;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

import dev.vgi.core.rpc.RpcMethod;
import dev.vgi.core.rpc.RpcServer;
import dev.vgi.core.rpc.RpcService;
import dev.vgi.core.rpc.StreamMethod;
import dev.vgi.core.rpc.UnaryMethod;

/**
 * The {@code vgi} actuator endpoint: what the worker serves. {@code GET /actuator/vgi} lists every
 * hosted protocol with its methods; {@code GET /actuator/vgi/{protocol}} one protocol (404 when it
 * is not hosted). Schemas are Arrow's text form, e.g. {@code Schema<value: Int(64, true) not null>}.
 * Exposed over the web only when listed in {@code management.endpoints.web.exposure.include}.
 */
@Endpoint(id = "vgi")
public class VgiEndpoint {

    private final RpcServer server;

    /** Creates the endpoint for {@code server}. */
    public VgiEndpoint(RpcServer server) {
        this.server = server;
    }

    /** The server and all its protocols. */
    @ReadOperation
    public WorkerDescriptor worker() {
        return new WorkerDescriptor(server.serverId(), server.services().stream().map(VgiEndpoint::protocol).toList());
    }

    /** One protocol, or {@code null} (404) when the server does not host it. */
    @ReadOperation
    public ProtocolDescriptor protocol(@Selector String protocol) {
        RpcService service = server.service(protocol);
        return service == null ? null : protocol(service);
    }

    static ProtocolDescriptor protocol(RpcService service) {
        return new ProtocolDescriptor(service.protocolName(), service.protocolVersion(),
                service.methods().stream().map(VgiEndpoint::method).toList());
    }

    static MethodDescriptor method(RpcMethod method) {
        if (method instanceof UnaryMethod unary) {
            return new MethodDescriptor(method.name(), "unary", text(method.paramsSchema()), text(unary.resultSchema()), null);
        }
        StreamMethod stream = (StreamMethod) method;
        String kind = switch (stream.kind()) {
            case PRODUCER -> "producer";
            case EXCHANGE -> "exchange";
            case UNKNOWN -> "stream";
        };
        return new MethodDescriptor(method.name(), kind, text(method.paramsSchema()), null, text(stream.headerSchema()));
    }

    private static String text(Schema schema) {
        return schema == null ? null : schema.toString();
    }

    /**
     * The worker.
     *
     * @param serverId the server id stamped on logs, errors and stream tokens
     * @param protocols the hosted protocols, primary first
     */
    public record WorkerDescriptor(String serverId, List<ProtocolDescriptor> protocols) implements OperationResponseBody {
    }

    /**
     * One hosted protocol.
     *
     * @param name the wire name (the {@code vgi_rpc.protocol} routing key)
     * @param version the declared protocol version, or {@code null}
     * @param methods the methods, by name
     */
    public record ProtocolDescriptor(String name, String version, List<MethodDescriptor> methods)
            implements OperationResponseBody {
    }

    /**
     * One method.
     *
     * @param name the method name clients call
     * @param kind {@code unary}, {@code producer}, {@code exchange} or {@code stream} (a stream whose
     *     input kind is not declared)
     * @param paramsSchema the parameter schema
     * @param resultSchema a unary method's result schema (empty for void methods), else {@code null}
     * @param headerSchema a stream's header schema, or {@code null}
     */
    public record MethodDescriptor(String name, String kind, String paramsSchema, String resultSchema,
            String headerSchema) {
    }
}
