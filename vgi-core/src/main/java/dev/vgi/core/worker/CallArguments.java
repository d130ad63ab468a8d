package dev.vgi.core.worker;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.arrow.vector.types.pojo.Field;

/**
 * The argument values of one call as they arrived, before they are matched against a declaration:
 * the {@code positional_N} children of {@code BindRequest.arguments} in index order and the
 * {@code named_X} children by name, each with its Arrow type (which drives overload selection).
 *
 * @param positional positional values, index = position
 * @param named named values by the name the caller wrote, in arrival order
 */
record CallArguments(List<Value> positional, Map<String, Value> named) {

    /** No arguments. */
    static final CallArguments NONE = new CallArguments(List.of(), Map.of());

    /**
     * One value.
     *
     * @param value the value in the {@link dev.vgi.core.arrow.ArrowValues} model ({@code null} = SQL NULL)
     * @param field the column it came in: its Arrow type, children included (Arrow {@code null} for an
     *     untyped NULL)
     */
    record Value(Object value, Field field) {
    }

    CallArguments {
        positional = Collections.unmodifiableList(new ArrayList<>(positional));
        named = Collections.unmodifiableMap(new LinkedHashMap<>(named));
    }


    /** A short rendering for error messages: {@code (int64, utf8, batch_size := int64)}. */
    String describe() {
        List<String> parts = new ArrayList<>();
        positional.forEach(v -> parts.add(ArgumentSpecs.typeName(v.field())));
        named.forEach((k, v) -> parts.add(k + " := " + ArgumentSpecs.typeName(v.field())));
        return "(" + String.join(", ", parts) + ")";
    }
}
