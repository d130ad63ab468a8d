package dev.vgi.core.function;

import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * One running scan of a {@link TableFunction}. The runtime calls {@link #next} once per DuckDB tick
 * with an output root whose schema is the requested (projected) schema, reset and ready to fill.
 */
public interface TableScan extends AutoCloseable {

    /**
     * Fills the next batch.
     *
     * @param out the output root; set its row count (0 rows is allowed and means "nothing yet")
     * @return {@code false} when the scan is exhausted (then {@code out} is ignored)
     */
    boolean next(VectorSchemaRoot out) throws Exception;

    /**
     * The scan's position, for transports that serve each tick as a separate request (HTTP). The
     * default {@code null} lets the runtime resume by re-opening the scan and skipping the batches
     * already sent, which is right for deterministic scans; override for cheaper resumption
     * together with {@link TableFunction#scan} reading {@link ScanRequest#resumeFrom()}.
     */
    default byte[] snapshot() {
        return null;
    }

    @Override
    default void close() throws Exception {
    }
}
