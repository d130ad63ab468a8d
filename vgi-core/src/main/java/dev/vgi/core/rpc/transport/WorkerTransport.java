package dev.vgi.core.rpc.transport;

import java.io.IOException;

import dev.vgi.core.rpc.RpcServer;

/** A way of reaching a worker. {@link #serve} blocks until the transport is done serving. */
public interface WorkerTransport {

    /** Serves {@code server} until the transport ends (input closed, idle timeout, shutdown). */
    void serve(RpcServer server) throws IOException;
}
