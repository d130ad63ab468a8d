package dev.vgi.core.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a worker serves to one {@code ATTACH}: a named catalog of schemas holding functions, tables
 * and views. Immutable; build it with {@link #builder(String)}.
 */
public final class Catalog {

    private final String name;
    private final String comment;
    private final Map<String, String> tags;
    private final String defaultSchema;
    private final List<CatalogSchema> schemas;
    private final long version;

    private Catalog(Builder b) {
        this.name = b.name;
        this.comment = b.comment;
        this.tags = Map.copyOf(b.tags);
        this.schemas = List.copyOf(b.schemas.values());
        this.defaultSchema = b.defaultSchema != null ? b.defaultSchema
                : schemas.isEmpty() ? "main" : String.join(".", schemas.get(0).path());
        this.version = b.version;
    }

    /** Starts a catalog called {@code name}. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** The catalog name (what {@code ATTACH 'name'} names). */
    public String name() {
        return name;
    }

    /** The catalog comment, or {@code null}. */
    public String comment() {
        return comment;
    }

    /** Catalog tags. */
    public Map<String, String> tags() {
        return tags;
    }

    /** The schema DuckDB uses when a name is not qualified. */
    public String defaultSchema() {
        return defaultSchema;
    }

    /** The schemas, parents before children. */
    public List<CatalogSchema> schemas() {
        return schemas;
    }

    /** The catalog version; DuckDB reloads cached contents when it changes. */
    public long version() {
        return version;
    }

    /** The schema at {@code path} (case-insensitive per component), or {@code null}. */
    public CatalogSchema schema(List<String> path) {
        for (CatalogSchema s : schemas) {
            if (s.matches(path)) {
                return s;
            }
        }
        return null;
    }

    /** Builder for {@link Catalog}. */
    public static final class Builder {
        private final String name;
        private String comment;
        private final Map<String, String> tags = new LinkedHashMap<>();
        private String defaultSchema;
        private final Map<List<String>, CatalogSchema> schemas = new LinkedHashMap<>();
        private long version = 1;

        private Builder(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a catalog needs a name");
            }
            this.name = name;
        }

        /** The catalog comment. */
        public Builder comment(String comment) {
            this.comment = comment;
            return this;
        }

        /** Adds a tag. */
        public Builder tag(String key, String value) {
            tags.put(key, value);
            return this;
        }

        /** The default schema name. */
        public Builder defaultSchema(String schema) {
            this.defaultSchema = schema;
            return this;
        }

        /** The catalog version. */
        public Builder version(long version) {
            this.version = version;
            return this;
        }

        /** Adds a schema; a path may appear once. */
        public Builder schema(CatalogSchema schema) {
            List<String> key = new ArrayList<>();
            schema.path().forEach(p -> key.add(p.toLowerCase(java.util.Locale.ROOT)));
            if (schemas.putIfAbsent(key, schema) != null) {
                throw new IllegalArgumentException("schema " + schema.path() + " declared twice in catalog " + name);
            }
            return this;
        }

        /** Builds the catalog. */
        public Catalog build() {
            return new Catalog(this);
        }
    }
}
