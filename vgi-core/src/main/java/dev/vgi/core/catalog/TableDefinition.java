package dev.vgi.core.catalog;

import java.util.List;
import java.util.Map;

import org.apache.arrow.vector.types.pojo.Schema;

import dev.vgi.core.function.TableFunction;

/**
 * A catalog table whose rows come from a table function: {@code SELECT * FROM schema.name} scans
 * {@link #scanFunction()} called with {@link #scanArguments()}.
 *
 * @param name the table name
 * @param columns the column schema (must equal what the scan function binds to)
 * @param scanFunction the table function that produces the rows
 * @param scanArguments positional arguments passed to the scan function
 * @param comment the table comment, or {@code null}
 * @param tags table tags
 */
public record TableDefinition(String name, Schema columns, TableFunction scanFunction, List<Object> scanArguments,
        String comment, Map<String, String> tags) {

    /** Normalises optional parts. */
    public TableDefinition {
        scanArguments = scanArguments == null ? List.of() : List.copyOf(scanArguments);
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    /** A table scanned by {@code function} called with {@code arguments}. */
    public static TableDefinition scannedBy(String name, Schema columns, TableFunction function, Object... arguments) {
        return new TableDefinition(name, columns, function, List.of(arguments), null, Map.of());
    }

    /** The same table with a comment. */
    public TableDefinition withComment(String text) {
        return new TableDefinition(name, columns, scanFunction, scanArguments, text, tags);
    }
}
