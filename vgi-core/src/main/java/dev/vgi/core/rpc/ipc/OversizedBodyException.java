package dev.vgi.core.rpc.ipc;

/**
 * A message declared a body this runtime cannot hold in memory (a JVM buffer is capped at
 * {@code Integer.MAX_VALUE} bytes). The reader has already consumed and discarded exactly the
 * declared body, so the connection is still on a message boundary.
 */
public final class OversizedBodyException extends IpcFormatException {

    private final long bodyLength;
    private final long limit;

    /** Creates the exception for a body of {@code bodyLength} bytes over {@code limit}. */
    public OversizedBodyException(long bodyLength, long limit) {
        super("message body of " + bodyLength + " bytes exceeds what this runtime can allocate (limit "
                + limit + " bytes); refused and drained", true);
        this.bodyLength = bodyLength;
        this.limit = limit;
    }

    /** The declared body length. */
    public long bodyLength() {
        return bodyLength;
    }

    /** The largest body this runtime accepts. */
    public long limit() {
        return limit;
    }
}
