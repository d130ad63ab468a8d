package dev.vgi.core.function;

import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A function that produces a table: {@code SELECT * FROM f(args)}. Bind decides the output
 * columns from the arguments; each scan then fills batches until it is exhausted. With
 * {@link #capabilities()} a function can accept projection and filter pushdown and allow parallel
 * scans.
 */
public non-sealed interface TableFunction extends VgiFunction {

    /**
     * Resolves the output schema of one call. Throw {@link IllegalArgumentException} with a message
     * a SQL user can act on when the arguments are invalid.
     */
    Schema bind(BindContext context) throws Exception;

    /** Starts one scan of a bound call. */
    TableScan scan(ScanRequest request) throws Exception;

    /** Estimated and maximum row counts of a bound call; unknown by default. */
    default Cardinality cardinality(BindContext context) throws Exception {
        return Cardinality.UNKNOWN;
    }

    /** Pushdown and parallelism this function accepts; none by default. */
    default TableCapabilities capabilities() {
        return TableCapabilities.NONE;
    }

    /**
     * How many parallel scans the execution {@code request} starts may run: DuckDB opens up to
     * this many streams (bounded by its threads), each a {@link #scan} of the same execution, and
     * together they must produce every row exactly once (spec §8.3.4). Asked once per execution, at
     * its primary init, before the primary scan is opened. The default is
     * {@link TableCapabilities#maxWorkers() capabilities().maxWorkers()}; override to decide per
     * call, e.g. no more scans than there are units of work for these arguments.
     *
     * @return at least 1
     */
    default int maxWorkers(ScanRequest request) throws Exception {
        return capabilities().maxWorkers();
    }
}
