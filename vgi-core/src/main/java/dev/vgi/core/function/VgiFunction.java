package dev.vgi.core.function;

import java.util.List;

/**
 * A function a worker serves to DuckDB. Every kind has a SQL name, documentation and a declared
 * argument list; the kind-specific interfaces ({@link ScalarFunction}, {@link TableFunction},
 * {@link TableInOutFunction}) add how it binds and runs.
 */
public sealed interface VgiFunction permits ScalarFunction, TableFunction, TableInOutFunction {

    /** The SQL name DuckDB calls. Overloads share a name and differ in {@link #arguments()}. */
    String name();

    /** The declared arguments, positional ones first in call order. */
    List<Argument> arguments();

    /** Documentation and planner hints shown in the catalog. */
    default FunctionMetadata metadata() {
        return FunctionMetadata.EMPTY;
    }
}
