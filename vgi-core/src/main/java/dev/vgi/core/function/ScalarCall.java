package dev.vgi.core.function;

import org.apache.arrow.vector.types.pojo.Field;

/** One bound scalar call, as seen by {@link ScalarFunction#apply}. */
public interface ScalarCall {

    /** The bind context (constant arguments, input schema, settings, caller). */
    BindContext binding();

    /** The output field chosen at bind. */
    Field outputField();
}
