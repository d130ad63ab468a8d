package dev.vgi.core.function;

import java.util.List;

import org.apache.arrow.vector.types.pojo.Schema;

import dev.vgi.core.pushdown.PushdownFilters;

/**
 * Everything DuckDB tells a table function when a scan starts: the bound call, the full output
 * schema, the projection to emit, pushed filters and planner hints.
 *
 * @param binding the bound call
 * @param outputSchema the full schema returned by bind
 * @param projection indices into {@code outputSchema} to emit, in emission order; {@code null} = all.
 *     When the runtime applies the pushed filters (filter pushdown without
 *     {@link TableCapabilities#filtersExact()}) this is DuckDB's projection followed by the columns
 *     the filters reference that DuckDB did not project: the runtime needs them to evaluate the
 *     filters and drops them before sending the batch
 * @param filters filters pushed down ({@link PushdownFilters#NONE} when none or not accepted): the
 *     init-time snapshot; tick-time updates reach the scan through {@link TableScan#filtersChanged}
 * @param hints ORDER BY / LIMIT / TABLESAMPLE hints (advisory)
 * @param executionId the execution this scan belongs to (shared by parallel scans)
 * @param primary whether this is the first scan of the execution
 * @param resumeFrom a {@link TableScan#snapshot()} to resume from, or {@code null}
 */
public record ScanRequest(BindContext binding, Schema outputSchema, List<Integer> projection, PushdownFilters filters,
        ScanHints hints, byte[] executionId, boolean primary, byte[] resumeFrom) {

    /** The schema of the batches to emit: {@code outputSchema} projected, in projection order. */
    public Schema projectedSchema() {
        if (projection == null) {
            return outputSchema;
        }
        return new Schema(projection.stream().map(i -> outputSchema.getFields().get(i)).toList());
    }

    /** The argument values (shortcut for {@code binding().arguments()}). */
    public Arguments arguments() {
        return binding.arguments();
    }
}
