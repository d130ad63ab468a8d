package dev.vgi.spring.autoconfigure.launch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.vgi.core.rpc.transport.HttpTransportProvider;
import dev.vgi.core.rpc.transport.SocketTransport;
import dev.vgi.core.rpc.transport.WorkerOptions;
import dev.vgi.core.rpc.transport.WorkerTransport;

/**
 * Gives plain (non-Spring) workers their {@code --http} transport: found by
 * {@link dev.vgi.core.rpc.transport.WorkerLauncher} through {@link java.util.ServiceLoader}, it
 * serves the worker's {@link dev.vgi.core.rpc.RpcServer} from a minimal reactive Spring Boot
 * application on Reactor Netty, mounted at the root unless {@code --prefix} says otherwise.
 *
 * <p>Worker flags understood besides {@code --host}/{@code --port}: {@code --prefix PATH},
 * {@code --token-key HEX}, {@code --token-ttl SEC}, {@code --max-request-bytes N},
 * {@code --max-response-bytes N} (or env {@code VGI_RPC_MAX_RESPONSE_BYTES}), {@code --strict}
 * (1 MiB caps where none is given), {@code --no-compression} and {@code --no-call-state-cache}.
 */
public final class SpringHttpTransportProvider implements HttpTransportProvider {

    private static final String ONE_MIB = "1048576B";

    /** Creates the provider (called by {@link java.util.ServiceLoader}). */
    public SpringHttpTransportProvider() {
    }

    /**
     * {@inheritDoc}
     *
     * <p>Takes stdout at once, as the byte-stream transports do: from here on {@code System.out}
     * (banner, console logging, stray prints) goes to stderr and the real stdout carries only the
     * {@code PORT:<n>} line. Anything printed before this call is beyond its reach.
     */
    @Override
    public WorkerTransport create(WorkerOptions options) {
        List<String> arguments = arguments(options);
        return new SpringHttpTransport(arguments, options.httpAuthenticator(), SocketTransport.stdoutDiscovery());
    }

    /**
     * The Spring properties that {@code options} imply, as {@code --name=value} arguments: passed
     * on the command line of the embedded application they outrank every other property source.
     */
    static List<String> arguments(WorkerOptions options) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("spring.main.web-application-type", "reactive");
        p.put("spring.main.banner-mode", "off");
        p.put("spring.main.log-startup-info", "false");
        // this embedded application is the transport: it must never become a worker of its own
        p.put("vgi.transport", "none");
        p.put("server.port", Integer.toString(options.port()));
        p.put("server.address", options.host());
        // compression is negotiated per request by the core handler; Netty must never add its own
        p.put("server.compression.enabled", "false");
        // in-flight requests are drained by the graceful shutdown already; Reactor Netty's default
        // 2 s quiet period would only delay the exit after SIGTERM
        p.put("spring.reactor.netty.shutdown-quiet-period", "0s");
        // the conformance suite addresses the worker at the root (wire spec 6.1)
        p.put("vgi.http.base-path", options.extra().getOrDefault("--prefix", ""));
        Map<String, String> extra = options.extra();
        if (extra.containsKey("--token-key")) {
            p.put("vgi.http.token-key", extra.get("--token-key"));
        }
        if (extra.containsKey("--token-ttl")) {
            p.put("vgi.http.token-ttl", millis(extra.get("--token-ttl"), "--token-ttl") + "ms");
        }
        String maxRequest = extra.get("--max-request-bytes");
        String maxResponse = extra.get("--max-response-bytes");
        if (maxResponse == null) {
            String env = System.getenv("VGI_RPC_MAX_RESPONSE_BYTES");
            maxResponse = env == null || env.isBlank() ? null : env.trim();
        }
        if (maxRequest != null) {
            p.put("vgi.http.max-request-size", count(maxRequest, "--max-request-bytes") + "B");
        } else if (extra.containsKey("--strict")) {
            p.put("vgi.http.max-request-size", ONE_MIB);
        }
        if (maxResponse != null) {
            p.put("vgi.http.max-response-size", count(maxResponse, "--max-response-bytes") + "B");
        } else if (extra.containsKey("--strict")) {
            p.put("vgi.http.max-response-size", ONE_MIB);
        }
        if (extra.containsKey("--no-compression")) {
            p.put("vgi.http.compression", "none");
        }
        if (extra.containsKey("--no-call-state-cache")) {
            p.put("vgi.http.call-state-cache-size", "0");
        }
        List<String> args = new ArrayList<>(p.size());
        p.forEach((k, v) -> args.add("--" + k + "=" + v));
        return args;
    }

    private static long count(String v, String flag) {
        try {
            long n = Long.parseLong(v.trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " takes a byte count, got: " + v);
        }
    }

    private static long millis(String v, String flag) {
        try {
            double s = Double.parseDouble(v.trim());
            if (s < 0 || Double.isNaN(s) || Double.isInfinite(s)) {
                throw new NumberFormatException();
            }
            return Math.round(s * 1000);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " takes seconds, got: " + v);
        }
    }
}
