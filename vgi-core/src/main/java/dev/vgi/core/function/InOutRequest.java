package dev.vgi.core.function;

import java.util.List;

import org.apache.arrow.vector.types.pojo.Schema;

/**
 * How a table-in-out stream starts.
 *
 * @param binding the bound call (its input schema is the input relation's)
 * @param outputSchema the full schema returned by bind
 * @param projection indices into {@code outputSchema} to emit, or {@code null} for all; when filters
 *     were pushed ({@link TableInOutFunction#filterPushdown()}), DuckDB's projection followed by the
 *     filter columns it lacks, which the runtime drops after filtering
 * @param executionId the execution id of this input stream
 * @param resumeFrom a {@link TableInOutProcessor#snapshot()} to resume from, or {@code null}
 */
public record InOutRequest(BindContext binding, Schema outputSchema, List<Integer> projection, byte[] executionId,
        byte[] resumeFrom) {

    /** The schema of emitted batches. */
    public Schema projectedSchema() {
        if (projection == null) {
            return outputSchema;
        }
        return new Schema(projection.stream().map(i -> outputSchema.getFields().get(i)).toList());
    }

    /** The argument values (shortcut). */
    public Arguments arguments() {
        return binding.arguments();
    }
}
