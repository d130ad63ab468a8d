/**
 * The catalog assembled from beans ({@link dev.vgi.spring.autoconfigure.catalog.VgiSchema},
 * {@link dev.vgi.spring.autoconfigure.catalog.VgiCatalogCustomizer}), the {@code vgi.v2} service
 * serving it and the application's {@code Catalog} beans, and the start-up checks with their
 * failure analysis.
 */
package dev.vgi.spring.autoconfigure.catalog;
