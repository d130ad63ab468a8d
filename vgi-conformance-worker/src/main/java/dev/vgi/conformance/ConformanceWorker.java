package dev.vgi.conformance;

import static dev.vgi.core.arrow.ArrowFields.UTF8;
import static dev.vgi.core.arrow.ArrowFields.required;
import static dev.vgi.core.arrow.ArrowFields.schema;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.apache.arrow.vector.VarCharVector;

import dev.vgi.core.rpc.RpcService;
import dev.vgi.core.rpc.UnaryMethod;
import dev.vgi.core.rpc.http.AuthenticationFailure;
import dev.vgi.core.rpc.http.HttpAuthenticator;
import dev.vgi.core.rpc.transport.WorkerLauncher;

/**
 * Entry point of the conformance worker: serves {@link ConformanceService} on the transport the
 * command line selects (stdin/stdout by default), as {@code vgi-rpc-test --cmd ...} expects.
 *
 * <p>Two flags shape fixture workers for the reference pytest suite, as the other ports' workers
 * have them: {@code --conformance-auth} refuses every HTTP request with 401 (the reason a request
 * names in {@code X-Conformance-Auth-Reason}, when it is one a credential check can produce, else
 * {@code unauthorized}); {@code --transport-kind-probe} also hosts {@code TransportKindProbe},
 * whose {@code report_transport_kind()} answers the transport the call arrived on.
 */
public final class ConformanceWorker {

    /** The request header naming the reason a {@code --conformance-auth} worker refuses with. */
    static final String REASON_HEADER = "X-Conformance-Auth-Reason";

    /**
     * Reasons a request may ask for. {@code proxy_required} is derived from server configuration,
     * never from the request, and {@code unauthorized} is the answer when none is asked for.
     */
    static final Set<String> REQUESTABLE_REASONS = Set.of("missing_credential", "invalid_credential", "expired_credential",
            "insufficient_scope");

    private ConformanceWorker() {
    }

    /** Runs the worker; see {@link WorkerLauncher} for the options. */
    public static void main(String[] args) {
        List<String> flags = Arrays.asList(args);
        List<RpcService> services = new ArrayList<>(List.of(ConformanceService.create()));
        if (flags.contains("--transport-kind-probe")) {
            services.add(transportKindProbe());
        }
        boolean refuseAll = flags.contains("--conformance-auth");
        WorkerLauncher.run(args, services, options -> {
            if (refuseAll) {
                options.httpAuthenticator(refuseAll());
            }
        });
    }

    /** An authenticator that accepts nobody. */
    static HttpAuthenticator refuseAll() {
        return request -> {
            String wanted = request.header(REASON_HEADER);
            String reason = wanted != null && REQUESTABLE_REASONS.contains(wanted.trim()) ? wanted.trim() : "unauthorized";
            throw new AuthenticationFailure(reason, "This conformance worker accepts no credential.");
        };
    }

    /** {@code TransportKindProbe}: one method naming the transport of the call. */
    static RpcService transportKindProbe() {
        return RpcService.builder("TransportKindProbe")
                .method(UnaryMethod.of("report_transport_kind", schema(), required("result", UTF8),
                        (ctx, params, result) -> ((VarCharVector) result.getVector(0)).setSafe(0,
                                ctx.transport().label().getBytes(StandardCharsets.UTF_8))))
                .build();
    }
}
