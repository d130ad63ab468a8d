package dev.vgi.core.pushdown;

/**
 * Filters DuckDB pushed into a table scan (filter encoding {@code vgi.filters.v2}): the JSON
 * filter document and the literal values it references.
 *
 * @param document the {@code filter_spec} JSON, or {@code null} when nothing was pushed
 * @param encodedBatch the raw filter batch bytes (IPC stream holding the document and its values)
 */
public record PushdownFilters(String document, byte[] encodedBatch) {

    /** No filters. */
    public static final PushdownFilters NONE = new PushdownFilters(null, null);

    /** Whether any filter was pushed. */
    public boolean isEmpty() {
        return document == null;
    }
}
