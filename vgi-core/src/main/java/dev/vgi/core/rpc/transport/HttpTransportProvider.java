package dev.vgi.core.rpc.transport;

/**
 * Supplies the HTTP transport for {@code --http}, found with {@link java.util.ServiceLoader}: the
 * core has no web server of its own; the Spring Boot starter registers one.
 */
public interface HttpTransportProvider {

    /** A transport serving HTTP as {@code options} say (host, port, extra flags). */
    WorkerTransport create(WorkerOptions options);
}
