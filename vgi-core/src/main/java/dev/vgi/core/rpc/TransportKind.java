package dev.vgi.core.rpc;

/** The transport a call arrived on. */
public enum TransportKind {
    /** stdin/stdout of a spawned worker. */
    PIPE,
    /** An AF_UNIX stream socket (the launcher contract). */
    UNIX,
    /** A TCP socket. */
    TCP,
    /** HTTP requests. */
    HTTP;

    /** Lower-case name as used in logs and metrics. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
