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
     * After the input ended: fills the next finalize batch. Called until it returns {@code false}.
     * DuckDB stops reading at the first empty finalize batch, so the runtime never sends one: a call
     * that returns {@code true} with zero rows is simply followed by the next call.
     *
     * <p>The processor object itself is kept between the input phase and the finalize phase, in the
     * worker process that ran the input phase (DuckDB sends both on the same connection).
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
