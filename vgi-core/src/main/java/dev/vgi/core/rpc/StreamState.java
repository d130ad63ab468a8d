package dev.vgi.core.rpc;

import org.apache.arrow.vector.VectorSchemaRoot;

import dev.vgi.core.rpc.ipc.BatchMetadata;

/**
 * The per-call state of a stream. {@link #process} runs once per turn: for a producer on each
 * tick (an empty batch), for an exchange on each input batch (already coerced to the declared input
 * schema). Each turn emits exactly one data batch, or (producers only) finishes.
 */
public interface StreamState {

    /**
     * Serves one turn.
     *
     * @param input the turn's input batch (zero rows and no columns for producer ticks)
     * @param metadata the input batch's metadata without framework keys
     * @param out where the turn's logs and its one data batch go
     */
    void process(VectorSchemaRoot input, BatchMetadata metadata, StreamOutput out) throws Exception;

    /** Called at most once when the client cancels the stream; exceptions are ignored. */
    default void onCancel(CallContext context) throws Exception {
    }

    /**
     * Releases what the state holds. The runtime calls it exactly once when it is done with this
     * state object: when the stream ends for any reason (finish, end of input, cancel, error) on a
     * byte-stream transport, and after each request on a stateless transport, where every turn
     * works on a state restored from its snapshot. Exceptions are logged and otherwise ignored.
     */
    default void close() throws Exception {
    }

    /**
     * Serialises this state so a stateless transport (HTTP) can resume it on a later request,
     * possibly on another worker instance. Paired with {@link StreamMethod.StateRestorer}.
     */
    default byte[] snapshot() {
        throw new UnsupportedOperationException(getClass().getName() + " cannot be resumed on a stateless transport");
    }
}
