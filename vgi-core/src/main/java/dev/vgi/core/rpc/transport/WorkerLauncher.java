package dev.vgi.core.rpc.transport;

import java.util.List;
import java.util.function.Consumer;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.vgi.core.rpc.AccessLog;
import dev.vgi.core.rpc.RpcServer;
import dev.vgi.core.rpc.RpcService;

/**
 * Runs a plain (non-Spring) worker from its command line: parses {@link WorkerOptions}, serves the
 * given protocols on the selected byte-stream transport and exits when it is done. HTTP needs a web
 * server and is offered by the Spring Boot starter; callers that handle {@code --http} themselves
 * check {@link WorkerOptions#mode()} first.
 */
public final class WorkerLauncher {

    private static final Logger log = LoggerFactory.getLogger(WorkerLauncher.class);

    private WorkerLauncher() {
    }

    /** Parses {@code args}, serves {@code services} and exits the JVM with 0 on a clean end. */
    public static void run(String[] args, List<RpcService> services) {
        run(args, services, null);
    }

    /**
     * Like {@link #run(String[], List)}, letting {@code customize} adjust the parsed options first
     * (for what no flag expresses, such as {@link WorkerOptions#httpAuthenticator(dev.vgi.core.rpc.http.HttpAuthenticator)}).
     *
     * @param customize called with the parsed options before the transport is created; may be {@code null}
     */
    public static void run(String[] args, List<RpcService> services, Consumer<WorkerOptions> customize) {
        int status = 0;
        try {
            WorkerOptions options = WorkerOptions.parse(args);
            if (customize != null) {
                customize.accept(options);
            }
            serve(options, services, null);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            status = 2;
        } catch (Exception e) {
            log.error("worker failed", e);
            status = 1;
        }
        System.exit(status);
    }

    /**
     * Serves {@code services} on the byte-stream transport {@code options} selects and returns when
     * it ends.
     *
     * @param configure called with the server before serving (listeners, access log); may be {@code null}
     */
    public static void serve(WorkerOptions options, List<RpcService> services, Consumer<RpcServer> configure) throws Exception {
        // the transport claims stdout before anything (Arrow's allocator logs on creation) can print
        WorkerTransport transport = transport(options);
        try (BufferAllocator root = new RootAllocator()) {
            RpcServer server = RpcServer.withReflection(services, options.extra().get("--server-id"), root);
            if (configure != null) {
                configure.accept(server);
            }
            AccessLog accessLog = options.accessLog() == null ? null : new AccessLog(server, options.accessLog());
            if (accessLog != null) {
                server.addListener(accessLog);
            }
            try {
                transport.serve(server);
            } finally {
                if (accessLog != null) {
                    accessLog.close();
                }
            }
        }
    }

    /** The byte-stream transport selected by {@code options}. */
    public static WorkerTransport transport(WorkerOptions options) {
        return switch (options.mode()) {
            case STDIO -> new StdioTransport();
            case UNIX -> SocketTransport.unix(options.unixPath(), options.idleTimeoutSeconds(), SocketTransport.stdoutDiscovery());
            case TCP -> SocketTransport.tcp(options.host(), options.port(), options.idleTimeoutSeconds(), SocketTransport.stdoutDiscovery());
            case HTTP -> java.util.ServiceLoader.load(HttpTransportProvider.class).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("--http needs an HTTP transport on the class path (vgi-spring-boot-autoconfigure with WebFlux)"))
                    .create(options);
        };
    }
}
