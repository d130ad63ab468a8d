package dev.vgi.core.function;

import org.apache.arrow.vector.VectorSchemaRoot;

import dev.vgi.core.pushdown.PushdownFilters;

/**
 * One running scan of a {@link TableFunction}. The runtime calls {@link #next} once per DuckDB tick
 * with an output root whose schema is {@link ScanRequest#projectedSchema()}, reset and ready to fill.
 *
 * <p>Unless the function declares {@link TableCapabilities#filtersExact()}, the runtime applies the
 * pushed filters to every batch {@link #next} fills before sending it, so the scan may emit rows
 * that fail them (it may also use the filters to skip work, see {@link ScanRequest#filters()}).
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

    /**
     * The live filters changed during the scan: DuckDB sent a tick-time update (a Top-N bound, spec
     * §9.2.7), already folded into the scan's filters; {@code current} is what applies from now on
     * (the runtime filters the following batches with it). Updates are advisory, so ignoring them is
     * correct. Over HTTP a resumed scan is told again, before its first {@link #next}, when updates
     * arrived earlier in the stream. The default does nothing.
     */
    default void filtersChanged(PushdownFilters current) throws Exception {
    }

    @Override
    default void close() throws Exception {
    }
}
