package dev.vgi.core.rpc;

import org.apache.arrow.vector.types.pojo.Schema;

/** A request refused before dispatch: the error and the schema of the error stream that answers it. */
public final class RequestRejected extends Exception {

    private final ErrorInfo error;
    private final Schema schema;

    public RequestRejected(ErrorInfo error, Schema schema) {
        super(error.message(), null, false, false);
        this.error = error;
        this.schema = schema;
    }

    public RequestRejected(String type, String message, String kind) {
        this(ErrorInfo.of(type, message, kind), RpcMethod.EMPTY_SCHEMA);
    }

    public ErrorInfo error() {
        return error;
    }

    public Schema schema() {
        return schema;
    }
}
