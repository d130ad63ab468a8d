package dev.vgi.spring.autoconfigure.catalog;

import java.util.List;

import dev.vgi.core.catalog.Catalog;
import dev.vgi.core.catalog.CatalogSchema;

/**
 * Adjusts the catalog the starter assembles from beans before it is built. Customizer beans run in
 * their {@link org.springframework.core.Ordered order}: first {@link #customizeSchema} for every
 * schema that beans were placed in (the default schema always exists), then {@link #customize}
 * with the catalog, which holds those schemas already built.
 *
 * <pre>{@code
 * @Bean
 * VgiCatalogCustomizer catalogTags() {
 *     return catalog -> catalog.tag("team", "data").version(2);
 * }
 * }</pre>
 *
 * Catalogs defined as {@link Catalog} beans of their own are served as they are, without
 * customizers.
 */
@FunctionalInterface
public interface VgiCatalogCustomizer {

    /**
     * Customizes the catalog: comment, tags, version, default schema, more schemas
     * ({@link Catalog.Builder#schema}; a path may appear once).
     */
    void customize(Catalog.Builder catalog);

    /**
     * Customizes one schema built from beans before it is built: comment, tags, more functions,
     * tables or views. Does nothing by default.
     *
     * @param path the schema path (one component: the schema name)
     * @param schema the schema's builder, holding the beans placed in it
     */
    default void customizeSchema(List<String> path, CatalogSchema.Builder schema) {
    }
}
