package dev.vgi.spring.autoconfigure.observation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.vgi.core.rpc.CallRecord;
import dev.vgi.core.rpc.ErrorInfo;
import dev.vgi.core.rpc.Identity;
import dev.vgi.core.rpc.RpcServer;
import dev.vgi.core.rpc.TransportKind;
import dev.vgi.core.rpc.http.HttpOptions;
import dev.vgi.core.rpc.http.HttpRpcHandler;
import dev.vgi.core.rpc.http.HttpRpcRequest;
import dev.vgi.spring.autoconfigure.VgiTestCalls;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class VgiCallMetricsTests {

    private final RootAllocator allocator = new RootAllocator();
    private final RpcServer server = RpcServer.withReflection(List.of(VgiTestCalls.service()), "s1", allocator);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final VgiCallMetrics metrics = new VgiCallMetrics(registry, server);

    @AfterEach
    void close() {
        allocator.close();
    }

    private static CallRecord record(String protocol, String method, boolean stream, TransportKind transport,
            Identity identity, long nanos, ErrorInfo error, boolean cancelled, long batches, long rows) {
        return new CallRecord(protocol, method, stream, "r1", stream ? "0".repeat(32) : null, transport, identity,
                "127.0.0.1", nanos, error, cancelled, batches, rows);
    }

    @Test
    void recordsDurationCountAndOutputWithTheReferenceNames() {
        metrics.onCall(record("Test", "whoami", false, TransportKind.PIPE, Identity.ANONYMOUS,
                TimeUnit.MILLISECONDS.toNanos(7), null, false, 1, 1));
        metrics.onCall(record("Test", "whoami", false, TransportKind.PIPE, Identity.ANONYMOUS,
                TimeUnit.MILLISECONDS.toNanos(3), null, false, 1, 1));

        Timer timer = registry.get("rpc.server.duration").tag("rpc.method", "whoami").timer();
        assertThat(timer.count()).isEqualTo(2);
        assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(10.0);
        assertThat(tags(timer)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "rpc.system", "vgi_rpc",
                "rpc.service", "Test",
                "rpc.method", "whoami",
                "rpc.vgi_rpc.method_type", "unary",
                "rpc.vgi_rpc.transport", "pipe",
                "status", "ok",
                "error.type", "none",
                "rpc.vgi_rpc.cancelled", "false",
                "rpc.vgi_rpc.auth.domain", "none"));
        assertThat(registry.get("rpc.server.requests").counter().count()).isEqualTo(2);
        assertThat(registry.get("rpc.server.output.rows").counter().count()).isEqualTo(2);
        assertThat(registry.get("rpc.server.output.batches").counter().count()).isEqualTo(2);
    }

    @Test
    void errorsAreTaggedWithTheirTypeAndThePrincipalNever() {
        Identity alice = new Identity("bearer", "alice", true, Map.of("tenant", "t1"));
        metrics.onCall(record("Test", "fail", false, TransportKind.HTTP, alice, 1000,
                ErrorInfo.of("ValueError", "bad value", null), false, 0, 0));

        Timer timer = registry.get("rpc.server.duration").tag("status", "error").timer();
        assertThat(tags(timer)).containsEntry("error.type", "ValueError")
                .containsEntry("rpc.vgi_rpc.auth.domain", "bearer")
                .containsEntry("rpc.vgi_rpc.transport", "http");
        for (Meter meter : registry.getMeters()) {
            assertThat(meter.getId().getTags()).extracting(Tag::getValue).doesNotContain("alice", "t1");
        }
        // nothing written, no output counters
        assertThat(registry.find("rpc.server.output.rows").counters()).isEmpty();
    }

    @Test
    void namesClientsMakeUpDoNotBecomeTags() {
        for (int i = 0; i < 50; i++) {
            metrics.onCall(record("Test", "guess_" + i, false, TransportKind.TCP, Identity.ANONYMOUS, 10,
                    ErrorInfo.of("AttributeError", "no such method", "method_not_implemented"), false, 0, 0));
            metrics.onCall(record("Nope" + i, "whoami", false, TransportKind.TCP, Identity.ANONYMOUS, 10,
                    ErrorInfo.of("ProtocolNotSupportedError", "", "protocol_not_supported"), false, 0, 0));
            metrics.onCall(record("Test", "__custom_" + i + "__", false, TransportKind.TCP, Identity.ANONYMOUS, 10,
                    ErrorInfo.of("AttributeError", "", null), false, 0, 0));
        }
        assertThat(registry.find("rpc.server.duration").timers()).hasSize(2);
        assertThat(registry.get("rpc.server.duration").tag("rpc.method", "unknown").tag("rpc.service", "Test")
                .timer().count()).isEqualTo(100);
        assertThat(registry.get("rpc.server.duration").tag("rpc.service", "unknown").timer().count()).isEqualTo(50);
    }

    @Test
    void streamsAndCancellations() {
        metrics.onCall(record("vgi_rpc.Reflection.v1", "describe", false, TransportKind.UNIX, Identity.ANONYMOUS, 5, null,
                false, 1, 1));
        metrics.onCall(record("Test", "whoami", true, TransportKind.UNIX, Identity.ANONYMOUS, 5, null, true, 3, 30));
        assertThat(registry.get("rpc.server.duration").tag("rpc.vgi_rpc.cancelled", "true").timer().count()).isEqualTo(1);
        Counter rows = registry.get("rpc.server.output.rows").tag("rpc.vgi_rpc.method_type", "stream").counter();
        assertThat(rows.count()).isEqualTo(30);
        assertThat(registry.get("rpc.server.requests").tag("rpc.service", "vgi_rpc.Reflection.v1").counter().count())
                .isEqualTo(1);
    }

    @Test
    void realHttpCallsAreRecordedOnceRegistered() {
        server.addListener(metrics);
        HttpRpcHandler handler = new HttpRpcHandler(server, HttpOptions.builder().prefix("/vgi").build());
        Map<String, List<String>> headers = Map.of("Content-Type", List.of(VgiTestCalls.ARROW));
        Identity bob = Identity.authenticated("jwt", "bob");
        var ok = handler.handle(new HttpRpcRequest("POST", "/vgi/Test/whoami", headers, VgiTestCalls.request("whoami"),
                "127.0.0.1", bob));
        assertThat(VgiTestCalls.firstValue(ok.body())).isEqualTo("jwt:bob");
        handler.handle(new HttpRpcRequest("POST", "/vgi/Test/fail", headers, VgiTestCalls.request("fail"), "127.0.0.1",
                bob));

        assertThat(registry.get("rpc.server.duration").tag("rpc.method", "whoami").tag("status", "ok")
                .tag("rpc.vgi_rpc.auth.domain", "jwt").tag("rpc.vgi_rpc.transport", "http").timer().count()).isEqualTo(1);
        assertThat(registry.get("rpc.server.duration").tag("rpc.method", "fail").tag("error.type", "ValueError")
                .timer().count()).isEqualTo(1);
        assertThat(registry.get("rpc.server.output.rows").tag("rpc.method", "whoami").counter().count()).isEqualTo(1);
    }

    @Test
    void theDocumentationListsWhatIsRecorded() {
        assertThat(VgiMetricsDocumentation.RPC_SERVER_DURATION.getName()).isEqualTo("rpc.server.duration");
        assertThat(VgiMetricsDocumentation.RPC_SERVER_REQUESTS.getName()).isEqualTo("rpc.server.requests");
        metrics.onCall(record("Test", "whoami", false, TransportKind.PIPE, Identity.ANONYMOUS, 1, null, false, 1, 1));
        for (VgiMetricsDocumentation doc : VgiMetricsDocumentation.values()) {
            Meter meter = registry.get(doc.getName()).meter();
            assertThat(meter.getId().getType()).isEqualTo(doc.getType());
            assertThat(meter.getId().getTags()).extracting(Tag::getKey).containsExactlyInAnyOrder(
                    java.util.Arrays.stream(doc.getKeyNames()).map(k -> k.asString()).toArray(String[]::new));
        }
    }

    private static Map<String, String> tags(Meter meter) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        meter.getId().getTags().forEach(t -> m.put(t.getKey(), t.getValue()));
        return m;
    }
}
