package dev.vgi.core.pushdown;

import dev.vgi.core.rpc.RpcException;

/**
 * A pushed filter cannot be decoded or evaluated. It is an {@link RpcException} of type
 * {@code ValueError} (what the reference worker reports), so a worker may let it fail the
 * {@code init} (or the scan) as it is: the message names the predicate, node or column at fault.
 */
public final class FilterException extends RpcException {

    private static final long serialVersionUID = 1L;

    /** Why a filter was refused. */
    public enum Reason {
        /** The filter batch or its JSON document breaks the v2 encoding (protocol error). */
        MALFORMED,
        /** An encoding, version, semantic profile or evaluation context this worker does not know. */
        UNSUPPORTED_VERSION,
        /** A reference limit was exceeded (JSON size or depth, nodes, predicates, payload). */
        LIMIT_EXCEEDED,
        /** A column reference does not match the bind schema, or the batch lacks the column. */
        MISSING_COLUMN,
        /** A node, operator, function, cast or type the evaluator cannot evaluate exactly. */
        UNSUPPORTED,
        /** Operand types that do not fit the node (e.g. comparing a string with an integer). */
        TYPE_MISMATCH,
        /** Evaluation failed on a row, as DuckDB would (overflow, out-of-range cast). */
        EVALUATION_ERROR
    }

    private final Reason reason;

    /** A filter failure for {@code reason}. */
    public FilterException(Reason reason, String message) {
        this(reason, message, null);
    }

    /** A filter failure for {@code reason} with a cause. */
    public FilterException(Reason reason, String message, Throwable cause) {
        super("ValueError", message, null, cause);
        this.reason = reason;
    }

    /** Why the filter was refused. */
    public Reason reason() {
        return reason;
    }
}
