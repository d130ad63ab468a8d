package dev.vgi.core.function;

import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A function over an input relation: {@code SELECT * FROM f(args, (SELECT ...))}. Each input batch
 * yields one output batch (any row count); with {@link #hasFinalize()} the function can emit more
 * rows after the input has ended (e.g. aggregates over its input).
 */
public non-sealed interface TableInOutFunction extends VgiFunction {

    /**
     * Resolves the output schema; {@link BindContext#inputSchema()} is the input relation's schema.
     */
    Schema bind(BindContext context) throws Exception;

    /** Starts processing one input stream (one DuckDB pipeline thread). */
    TableInOutProcessor open(InOutRequest request) throws Exception;

    /** Whether the function emits rows after its input ended. */
    default boolean hasFinalize() {
        return false;
    }

    /**
     * Whether the function emits only the columns DuckDB asks for ({@link InOutRequest#projection()}),
     * in its input phase and in its finalize phase alike; {@code false} (the default) means it always
     * emits the whole bound schema.
     */
    default boolean projectionPushdown() {
        return false;
    }

    /**
     * Whether the function accepts filter pushdown ({@code FunctionInfo.filter_pushdown}, as the
     * reference {@code echo} declares it). DuckDB keeps filters above streaming table-in-out
     * operators and never sends them (spec §8.4), but should an {@code INPUT} init carry filters,
     * the runtime applies them to every output batch of both phases, as it does for table
     * functions without {@link TableCapabilities#filtersExact()}; the processor then receives a
     * {@link InOutRequest#projection()} widened by the filter columns it must also emit.
     */
    default boolean filterPushdown() {
        return false;
    }
}
