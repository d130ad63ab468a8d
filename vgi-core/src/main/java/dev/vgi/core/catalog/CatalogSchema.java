package dev.vgi.core.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.vgi.core.function.VgiFunction;

/**
 * One schema of a {@link Catalog}: its path (one component for DuckDB's usual {@code catalog.schema})
 * and the functions, tables and views it holds.
 */
public final class CatalogSchema {

    private final List<String> path;
    private final String comment;
    private final Map<String, String> tags;
    private final List<VgiFunction> functions;
    private final List<TableDefinition> tables;
    private final List<ViewDefinition> views;

    private CatalogSchema(Builder b) {
        this.path = List.copyOf(b.path);
        this.comment = b.comment;
        this.tags = Map.copyOf(b.tags);
        this.functions = List.copyOf(b.functions);
        this.tables = List.copyOf(b.tables);
        this.views = List.copyOf(b.views);
    }

    /** Starts a schema with a one-component path. */
    public static Builder builder(String name) {
        return new Builder(List.of(name));
    }

    /** Starts a schema with a multi-component path. */
    public static Builder builder(List<String> path) {
        return new Builder(path);
    }

    /** The path, outermost first. */
    public List<String> path() {
        return path;
    }

    /** The schema comment, or {@code null}. */
    public String comment() {
        return comment;
    }

    /** Schema tags. */
    public Map<String, String> tags() {
        return tags;
    }

    /** Functions, overloads included. */
    public List<VgiFunction> functions() {
        return functions;
    }

    /** Tables. */
    public List<TableDefinition> tables() {
        return tables;
    }

    /** Views. */
    public List<ViewDefinition> views() {
        return views;
    }

    /** Whether this schema's path equals {@code other}, comparing components case-insensitively. */
    public boolean matches(List<String> other) {
        if (other == null || other.size() != path.size()) {
            return false;
        }
        for (int i = 0; i < path.size(); i++) {
            if (!path.get(i).toLowerCase(Locale.ROOT).equals(other.get(i).toLowerCase(Locale.ROOT))) {
                return false;
            }
        }
        return true;
    }

    /** Functions named {@code name} (case-insensitive): the overloads. */
    public List<VgiFunction> functions(String name) {
        List<VgiFunction> out = new ArrayList<>();
        for (VgiFunction f : functions) {
            if (f.name().equalsIgnoreCase(name)) {
                out.add(f);
            }
        }
        return out;
    }

    /** The table called {@code name} (case-insensitive), or {@code null}. */
    public TableDefinition table(String name) {
        return tables.stream().filter(t -> t.name().equalsIgnoreCase(name)).findFirst().orElse(null);
    }

    /** The view called {@code name} (case-insensitive), or {@code null}. */
    public ViewDefinition view(String name) {
        return views.stream().filter(v -> v.name().equalsIgnoreCase(name)).findFirst().orElse(null);
    }

    /** Builder for {@link CatalogSchema}. */
    public static final class Builder {
        private final List<String> path;
        private String comment;
        private final Map<String, String> tags = new LinkedHashMap<>();
        private final List<VgiFunction> functions = new ArrayList<>();
        private final List<TableDefinition> tables = new ArrayList<>();
        private final List<ViewDefinition> views = new ArrayList<>();

        private Builder(List<String> path) {
            if (path == null || path.isEmpty() || path.stream().anyMatch(p -> p == null || p.isEmpty())) {
                throw new IllegalArgumentException("a schema path needs at least one non-empty component");
            }
            this.path = path;
        }

        /** The schema comment. */
        public Builder comment(String comment) {
            this.comment = comment;
            return this;
        }

        /** Adds a tag. */
        public Builder tag(String key, String value) {
            tags.put(key, value);
            return this;
        }

        /** Adds a function (an overload when the name exists already). */
        public Builder function(VgiFunction function) {
            functions.add(function);
            return this;
        }

        /** Adds a table; names are unique per schema. */
        public Builder table(TableDefinition table) {
            if (tables.stream().anyMatch(t -> t.name().equalsIgnoreCase(table.name()))) {
                throw new IllegalArgumentException("table " + table.name() + " declared twice in schema " + path);
            }
            tables.add(table);
            return this;
        }

        /** Adds a view; names are unique per schema. */
        public Builder view(ViewDefinition view) {
            if (views.stream().anyMatch(v -> v.name().equalsIgnoreCase(view.name()))) {
                throw new IllegalArgumentException("view " + view.name() + " declared twice in schema " + path);
            }
            views.add(view);
            return this;
        }

        /** Builds the schema. */
        public CatalogSchema build() {
            return new CatalogSchema(this);
        }
    }
}
