package dev.vgi.core.function;

import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * A row-wise function: DuckDB sends batches of argument columns, the function fills one output
 * column with exactly one value per input row. DuckDB may de-duplicate rows before sending, so the
 * function must be a pure map (no reliance on row order or on seeing every row).
 *
 * <p>For simple cases {@link ScalarFunctions} turns a plain Java method into a scalar function.
 */
public non-sealed interface ScalarFunction extends VgiFunction {

    /** How DuckDB may cache and fold calls. */
    enum Stability {
        /** Same inputs, same output: DuckDB may fold constant calls. */
        CONSISTENT,
        /** May differ on every call. */
        VOLATILE,
        /** Stable within one query. */
        CONSISTENT_WITHIN_QUERY
    }

    /** Whether NULL inputs reach the function. */
    enum NullHandling {
        /** NULL in, NULL out. */
        DEFAULT,
        /** The function sees NULLs and decides. */
        SPECIAL
    }

    /** The declared return type, or {@code null} when it is decided at bind ({@code ANY}). */
    ArrowType returnType();

    /**
     * Resolves the output field for one call; the default returns {@link #returnType()} as a
     * nullable field named {@code result}. Override to validate arguments or derive the type from
     * {@link BindContext#inputSchema()}. Throw {@link IllegalArgumentException} with a message a
     * SQL user can act on when the call is invalid.
     */
    default Field bind(BindContext context) throws Exception {
        ArrowType type = returnType();
        if (type == null) {
            throw new IllegalStateException(name() + " declares its return type at bind but does not override bind()");
        }
        return Field.nullable("result", type);
    }

    /**
     * Computes one batch.
     *
     * @param call the bound call (arguments, output field, logger)
     * @param input the argument columns (constant arguments excluded), possibly zero columns
     * @param output the output vector (type = the bound output field), allocated; set one value per
     *     input row — the runtime sets the value count
     */
    void apply(ScalarCall call, VectorSchemaRoot input, FieldVector output) throws Exception;

    /** Caching behaviour; {@link Stability#CONSISTENT} by default. */
    default Stability stability() {
        return Stability.CONSISTENT;
    }

    /** NULL behaviour; {@link NullHandling#DEFAULT} by default. */
    default NullHandling nullHandling() {
        return NullHandling.DEFAULT;
    }
}
