package dev.vgi.core.catalog;

import java.util.Map;

/**
 * A catalog view: a SQL query DuckDB expands when the view is referenced.
 *
 * @param name the view name
 * @param sql the defining query
 * @param comment the view comment, or {@code null}
 * @param columnComments comments per output column
 * @param tags view tags
 */
public record ViewDefinition(String name, String sql, String comment, Map<String, String> columnComments,
        Map<String, String> tags) {

    /** Normalises optional parts. */
    public ViewDefinition {
        columnComments = columnComments == null ? Map.of() : Map.copyOf(columnComments);
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    /** A view defined by {@code sql}. */
    public static ViewDefinition of(String name, String sql) {
        return new ViewDefinition(name, sql, null, Map.of(), Map.of());
    }
}
