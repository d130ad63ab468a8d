package dev.vgi.core.rpc.ipc;

import java.io.IOException;

/**
 * The bytes on a connection are not a well-formed Arrow IPC stream. Whether the connection can go on
 * depends on {@link #onFrameBoundary()}: when the reader is still aligned on a message boundary, the
 * server can answer and continue.
 */
public class IpcFormatException extends IOException {

    private final boolean onFrameBoundary;

    /** Creates the exception. */
    public IpcFormatException(String message, boolean onFrameBoundary) {
        super(message);
        this.onFrameBoundary = onFrameBoundary;
    }

    /** Creates the exception with a cause. */
    public IpcFormatException(String message, boolean onFrameBoundary, Throwable cause) {
        super(message, cause);
        this.onFrameBoundary = onFrameBoundary;
    }

    /** True when the reader is still positioned on a message boundary, so framing can be trusted. */
    public boolean onFrameBoundary() {
        return onFrameBoundary;
    }
}
