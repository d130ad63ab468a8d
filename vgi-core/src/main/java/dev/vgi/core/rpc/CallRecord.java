package dev.vgi.core.rpc;

/**
 * A completed call (or HTTP stream turn) as reported to {@link CallListener}s: the basis of the
 * access log and of metrics.
 *
 * @param protocol protocol wire name ({@code ""} when the request never resolved one)
 * @param method method name ({@code ""} when unknown)
 * @param stream whether the method is a stream
 * @param requestId the request id
 * @param streamId the stream id (32 hex) for streams, else {@code null}
 * @param transport the transport
 * @param identity the caller
 * @param remoteAddress the peer address, {@code ""} on pipes and Unix sockets
 * @param durationNanos wall time
 * @param error the error, or {@code null} on success
 * @param cancelled whether the client cancelled the stream
 * @param outputBatches data batches written
 * @param outputRows rows written
 */
public record CallRecord(String protocol, String method, boolean stream, String requestId, String streamId,
        TransportKind transport, Identity identity, String remoteAddress, long durationNanos, ErrorInfo error,
        boolean cancelled, long outputBatches, long outputRows) {

    /** Whether the call succeeded. */
    public boolean ok() {
        return error == null;
    }
}
