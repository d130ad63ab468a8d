package dev.vgi.core.pushdown;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/** SQL-like rendering of values for messages and {@code toString}. */
final class Rendering {

    private Rendering() {
    }

    static String literal(Object value) {
        if (value == null) {
            return "NULL";
        }
        if (value instanceof Boolean b) {
            return b ? "TRUE" : "FALSE";
        }
        if (value instanceof Number) {
            return value.toString();
        }
        if (value instanceof String s) {
            return "'" + s.replace("'", "''") + "'";
        }
        if (value instanceof Bytes b) {
            return "'" + b + "'::BLOB";
        }
        if (value instanceof List<?> list) {
            return list.stream().map(Rendering::literal).collect(Collectors.joining(", ", "[", "]"));
        }
        return "'" + value.toString().replace("'", "''") + "'";
    }

    static List<Object> immutable(List<Object> values) {
        return Collections.unmodifiableList(new ArrayList<>(values));
    }
}
