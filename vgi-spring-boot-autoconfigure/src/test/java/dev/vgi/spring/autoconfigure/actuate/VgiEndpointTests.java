package dev.vgi.spring.autoconfigure.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.vgi.core.rpc.RpcMethod;
import dev.vgi.core.rpc.RpcServer;
import dev.vgi.core.rpc.RpcService;
import dev.vgi.core.rpc.StreamMethod;
import dev.vgi.core.rpc.StreamSetup;
import dev.vgi.core.rpc.UnaryMethod;
import dev.vgi.spring.autoconfigure.actuate.VgiEndpoint.MethodDescriptor;
import dev.vgi.spring.autoconfigure.actuate.VgiEndpoint.ProtocolDescriptor;
import dev.vgi.spring.autoconfigure.actuate.VgiEndpoint.WorkerDescriptor;

class VgiEndpointTests {

    private static final Field N = new Field("n", FieldType.notNullable(new ArrowType.Int(64, true)), null);

    private final RootAllocator allocator = new RootAllocator();
    private final RpcServer server = RpcServer.withReflection(List.of(RpcService.builder("Calc").version("1.2.0")
            .method(UnaryMethod.of("square", new Schema(List.of(N)), N, (c, p, r) -> { }))
            .method(UnaryMethod.ofVoid("reset", RpcMethod.EMPTY_SCHEMA, (c, p, r) -> { }))
            .method(StreamMethod.builder("count", (c, p) -> StreamSetup.producer(new Schema(List.of(N)), null))
                    .params(new Schema(List.of(N))).build())
            .build()), "srv-1", allocator);
    private final VgiEndpoint endpoint = new VgiEndpoint(server);

    @AfterEach
    void close() {
        allocator.close();
    }

    @Test
    void listsEveryProtocolWithItsMethods() {
        WorkerDescriptor worker = endpoint.worker();
        assertThat(worker.serverId()).isEqualTo("srv-1");
        assertThat(worker.protocols()).extracting(ProtocolDescriptor::name)
                .containsExactly("Calc", "vgi_rpc.Reflection.v1");
        ProtocolDescriptor calc = worker.protocols().get(0);
        assertThat(calc.version()).isEqualTo("1.2.0");
        assertThat(calc.methods()).extracting(MethodDescriptor::name).containsExactly("count", "reset", "square");

        MethodDescriptor square = calc.methods().get(2);
        assertThat(square.kind()).isEqualTo("unary");
        assertThat(square.paramsSchema()).isEqualTo("Schema<n: Int(64, true) not null>");
        assertThat(square.resultSchema()).isEqualTo("Schema<result: Int(64, true) not null>");
        assertThat(calc.methods().get(1).resultSchema()).isEqualTo("Schema<>");

        MethodDescriptor count = calc.methods().get(0);
        assertThat(count.kind()).isIn("producer", "stream");
        assertThat(count.paramsSchema()).contains("n: Int(64, true)");
        assertThat(count.resultSchema()).isNull();
    }

    @Test
    void oneProtocolBySelector() {
        assertThat(endpoint.protocol("Calc").methods()).hasSize(3);
        assertThat(endpoint.protocol("Nope")).isNull();
    }

    @Test
    void healthIsUpWithServerIdAndProtocolCount() {
        var health = new VgiHealthIndicator(server).health();
        assertThat(health.getStatus().getCode()).isEqualTo("UP");
        assertThat(health.getDetails()).containsEntry("serverId", "srv-1").containsEntry("protocols", 2);
    }
}
