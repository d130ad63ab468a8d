package dev.vgi.core.function;

import java.util.List;
import java.util.Map;

/**
 * What a catalog listing says about a function besides its signature: description, examples,
 * categories, tags and a comment. Every field is optional.
 *
 * @param description documentation shown by DuckDB
 * @param examples example calls
 * @param categories free-form categories
 * @param tags key/value tags
 * @param comment the SQL {@code COMMENT}
 */
public record FunctionMetadata(String description, List<Example> examples, List<String> categories,
        Map<String, String> tags, String comment) {

    /** No documentation. */
    public static final FunctionMetadata EMPTY = new FunctionMetadata("", List.of(), List.of(), Map.of(), null);

    /** Normalises nulls to empty values. */
    public FunctionMetadata {
        description = description == null ? "" : description;
        examples = examples == null ? List.of() : List.copyOf(examples);
        categories = categories == null ? List.of() : List.copyOf(categories);
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    /** Metadata with only a description. */
    public static FunctionMetadata describedAs(String description) {
        return new FunctionMetadata(description, List.of(), List.of(), Map.of(), null);
    }

    /** The same metadata with an example added. */
    public FunctionMetadata withExample(String sql, String description, String expectedOutput) {
        List<Example> all = new java.util.ArrayList<>(examples);
        all.add(new Example(sql, description, expectedOutput));
        return new FunctionMetadata(this.description, all, categories, tags, comment);
    }

    /** The same metadata with these categories. */
    public FunctionMetadata withCategories(String... categories) {
        return new FunctionMetadata(description, examples, List.of(categories), tags, comment);
    }

    /** The same metadata with these tags. */
    public FunctionMetadata withTags(Map<String, String> tags) {
        return new FunctionMetadata(description, examples, categories, tags, comment);
    }

    /**
     * An example call.
     *
     * @param sql the SQL text
     * @param description what it shows
     * @param expectedOutput the result as text, or {@code null}
     */
    public record Example(String sql, String description, String expectedOutput) {
    }
}
