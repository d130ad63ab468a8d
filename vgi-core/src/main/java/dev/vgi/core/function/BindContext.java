package dev.vgi.core.function;

import java.util.List;
import java.util.Map;

import org.apache.arrow.vector.types.pojo.Schema;

import dev.vgi.core.rpc.Identity;
import dev.vgi.core.rpc.LogLevel;

/**
 * What a function sees when DuckDB binds a call: its arguments, the input columns' schema (scalar
 * and table-in-out functions), the catalog settings that are set, resolved secrets and the caller.
 */
public interface BindContext {

    /** The SQL name the call used. */
    String functionName();

    /** The schema path the function was found in. */
    List<String> schemaPath();

    /** The argument values (scalar functions: the constant arguments only). */
    Arguments arguments();

    /**
     * The schema of the input columns: a scalar function's non-constant arguments, a table-in-out
     * function's input relation; {@code null} for table functions.
     */
    Schema inputSchema();

    /** Catalog settings that have a value in the DuckDB session, by name. */
    Map<String, Object> settings();

    /** Resolved secrets by secret name; each is a map of the secret's keys. */
    Map<String, Map<String, Object>> secrets();

    /** The caller (anonymous outside authenticated HTTP). */
    Identity identity();

    /** Sends a log record to DuckDB's log. */
    void log(LogLevel level, String message);
}
