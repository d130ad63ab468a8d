package dev.vgi.core.rpc;

import java.util.Map;

import org.apache.arrow.memory.BufferAllocator;

/**
 * What a method sees of the call it serves: ids, the caller, request metadata, an allocator for
 * the call's Arrow memory and a logger whose records reach the client as log batches.
 */
public interface CallContext {

    /** The worker's server id (12 hex characters). */
    String serverId();

    /** This call's request id. */
    String requestId();

    /** The method being called. */
    String method();

    /** The authenticated caller; {@link Identity#ANONYMOUS} on transports without authentication. */
    Identity identity();

    /** The transport serving the call. */
    TransportKind transport();

    /** Application metadata of the request batch (framework keys included). */
    Map<String, String> requestMetadata();

    /** Allocator for Arrow memory that lives no longer than the call. */
    BufferAllocator allocator();

    /** Sends a log record to the client. */
    void log(LogLevel level, String message, Map<String, ?> extras);

    /** Sends a log record without extras. */
    default void log(LogLevel level, String message) {
        log(level, message, Map.of());
    }
}
