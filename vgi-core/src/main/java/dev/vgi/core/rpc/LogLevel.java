package dev.vgi.core.rpc;

/** Levels of log batches sent to the client. {@code EXCEPTION} is reserved for errors. */
public enum LogLevel {
    /** An error that ends the call; the client raises it. */
    EXCEPTION,
    /** An error the method reports without failing. */
    ERROR,
    /** A warning. */
    WARN,
    /** Information. */
    INFO,
    /** Debugging detail. */
    DEBUG,
    /** Finest detail. */
    TRACE
}
