package dev.vgi.core.worker;

import dev.vgi.core.rpc.ErrorKind;
import dev.vgi.core.rpc.RpcException;

/**
 * The VGI errors a worker raises, named and coded as the reference SDK names them so both clients
 * render them the same way: {@code NotFoundError} ({@code NOT_FOUND}), {@code InvalidArgumentError}
 * ({@code INVALID_ARGUMENT}) and the refusal of an unknown {@code attach_opaque_data}.
 */
final class WorkerErrors {

    private WorkerErrors() {
    }

    /** A function, catalog, schema or table that does not exist. */
    static RpcException notFound(String message) {
        return new RpcException("NotFoundError", message, null, "NOT_FOUND", null);
    }

    /** Arguments or a call shape the function does not accept. */
    static RpcException invalidArgument(String message) {
        return new RpcException("InvalidArgumentError", message, null, "INVALID_ARGUMENT", null);
    }

    /** An opaque token that fails to open; the one message for every failure mode. */
    static RpcException opaqueDataNotRecognized(String field) {
        return new RpcException("OpaqueDataNotRecognizedError", field + " not recognized", "opaque_data_not_recognized",
                "INVALID_ARGUMENT", null);
    }

    /**
     * A method this worker does not implement, answered so both clients fall back: the DuckDB client
     * tests the kind, the Python client the text ("not implemented").
     */
    static RpcException notImplemented(String method) {
        return new RpcException("MethodNotImplementedError", method + " is not implemented by this worker",
                ErrorKind.METHOD_NOT_IMPLEMENTED, null, null);
    }

    /** A user function failed in a way it signalled as the caller's fault. */
    static RpcException userError(String function, Throwable cause) {
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return new RpcException("InvalidArgumentError", function + ": " + message, null, "INVALID_ARGUMENT", cause);
    }
}
