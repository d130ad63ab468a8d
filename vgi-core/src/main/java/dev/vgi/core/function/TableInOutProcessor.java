package dev.vgi.core.function;

import org.apache.arrow.vector.VectorSchemaRoot;

/** Processes one input stream of a {@link TableInOutFunction}. */
public interface TableInOutProcessor extends AutoCloseable {

    /**
     * Maps one input batch to one output batch.
     *
     * @param input the input batch (the input relation's columns)
     * @param out the output root (bound schema, projected if requested), reset; set its row count (0 is fine)
     */
    void process(VectorSchemaRoot input, VectorSchemaRoot out) throws Exception;

    /**
     * After the input ended: fills the next finalize batch. Called until it returns {@code false};
     * every batch must have at least one row (DuckDB stops at the first empty one).
     */
    default boolean finish(VectorSchemaRoot out) throws Exception {
        return false;
    }

    /**
     * The processor's state for transports that serve each batch as a separate request (HTTP);
     * paired with {@link InOutRequest#resumeFrom()}. {@code null} (the default) means the processor
     * is stateless between batches.
     */
    default byte[] snapshot() {
        return null;
    }

    @Override
    default void close() throws Exception {
    }
}
