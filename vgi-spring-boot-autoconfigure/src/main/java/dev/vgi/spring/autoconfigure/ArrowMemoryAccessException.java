package dev.vgi.spring.autoconfigure;

/**
 * Thrown at start-up when Arrow cannot reach the memory of direct buffers because the JVM does not
 * open {@code java.nio} to it; {@link ArrowMemoryFailureAnalyzer} says how to open it. Without
 * this check the worker would start and then fail every call.
 */
public class ArrowMemoryAccessException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public ArrowMemoryAccessException(Throwable cause) {
        super("Arrow cannot access direct buffer memory: java.base/java.nio is not opened to it (" + cause + ")", cause);
    }
}
