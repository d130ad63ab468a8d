package dev.vgi.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.vgi.core.rpc.RpcService;
import dev.vgi.core.rpc.UnaryMethod;
import dev.vgi.core.rpc.http.AuthenticationFailure;
import dev.vgi.core.rpc.http.HttpAuthenticator;
import dev.vgi.core.rpc.http.HttpRpcRequest;

/** The fixture-worker flags: {@code --conformance-auth} and {@code --transport-kind-probe}. */
class ConformanceWorkerTest {

    private static String refusal(String requested) {
        HttpAuthenticator auth = ConformanceWorker.refuseAll();
        Map<String, List<String>> headers = requested == null ? Map.of() : Map.of("x-conformance-auth-reason", List.of(requested));
        HttpRpcRequest request = new HttpRpcRequest("POST", "/ConformanceService/echo_int", headers, new byte[0], "", null);
        return assertThrows(AuthenticationFailure.class, () -> auth.authenticate(request)).reason();
    }

    @Test
    void refusesEveryRequestWithTheRequestedReason() {
        assertEquals("unauthorized", refusal(null));
        for (String reason : List.of("missing_credential", "invalid_credential", "expired_credential", "insufficient_scope")) {
            assertEquals(reason, refusal(reason));
        }
        // derived from configuration, never from the request
        assertEquals("unauthorized", refusal("proxy_required"));
        assertEquals("unauthorized", refusal("no_such_reason"));
    }

    @Test
    void theProbeReportsTheTransport() {
        RpcService probe = ConformanceWorker.transportKindProbe();
        assertEquals("TransportKindProbe", probe.protocolName());
        UnaryMethod m = (UnaryMethod) probe.method("report_transport_kind");
        assertEquals(0, m.paramsSchema().getFields().size());
        assertEquals("Utf8", m.resultSchema().getFields().get(0).getType().getTypeID().name());
    }
}
