package dev.vgi.core.rpc;

/**
 * An error with an explicit wire identity: the exception type the client reports
 * ({@code RpcError.error_type} in the Python client) and an optional stable {@link ErrorKind}.
 * Throw it from a method to choose both; any other exception is mapped by {@link ErrorInfo}.
 */
public class RpcException extends RuntimeException {

    private final String errorType;
    private final String errorKind;
    private final String errorCode;

    /** An error reported to the client as {@code errorType} with {@code message}. */
    public RpcException(String errorType, String message) {
        this(errorType, message, null, null);
    }

    /** An error with a type, message, optional kind and optional cause. */
    public RpcException(String errorType, String message, String errorKind, Throwable cause) {
        this(errorType, message, errorKind, null, cause);
    }

    /**
     * An error with a type, message, optional kind, optional gRPC-style code name (such as
     * {@code NOT_FOUND}; {@code null} derives it from the kind) and optional cause.
     */
    public RpcException(String errorType, String message, String errorKind, String errorCode, Throwable cause) {
        super(message, cause);
        this.errorType = errorType;
        this.errorKind = errorKind;
        this.errorCode = errorCode;
    }

    /** The exception type name the client sees. */
    public String errorType() {
        return errorType;
    }

    /** The stable error kind, or {@code null}. */
    public String errorKind() {
        return errorKind;
    }

    /** The explicit error code ({@code vgi_rpc.error_code}), or {@code null} to derive it from the kind. */
    public String errorCode() {
        return errorCode;
    }

    /** A {@code ValueError}. */
    public static RpcException valueError(String message) {
        return new RpcException("ValueError", message);
    }

    /** A {@code TypeError}. */
    public static RpcException typeError(String message) {
        return new RpcException("TypeError", message);
    }

    /** A {@code RuntimeError}. */
    public static RpcException runtimeError(String message) {
        return new RpcException("RuntimeError", message);
    }

    /** A protocol-level {@code RpcError}. */
    public static RpcException protocolError(String message) {
        return new RpcException("RpcError", "ProtocolError: " + message);
    }
}
