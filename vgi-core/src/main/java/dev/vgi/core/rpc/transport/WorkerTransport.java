package dev.vgi.core.rpc.transport;

import java.io.IOException;

import dev.vgi.core.rpc.RpcServer;

/** A way of reaching a worker. {@link #serve} blocks until the transport is done serving. */
public interface WorkerTransport {

    /** Serves {@code server} until the transport ends (input closed, idle timeout, shutdown). */
    void serve(RpcServer server) throws IOException;

    /**
     * Asks a running {@link #serve} to end: stop accepting, let in-flight calls finish, return.
     * Called from another thread; safe to call more than once or before serving starts. The
     * default does nothing, for transports that can only end with their input (stdio: a blocked
     * read of stdin cannot be interrupted).
     */
    default void stop() {
    }
}
