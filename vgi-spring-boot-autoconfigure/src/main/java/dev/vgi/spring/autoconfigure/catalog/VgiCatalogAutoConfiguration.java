package dev.vgi.spring.autoconfigure.catalog;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;

import dev.vgi.core.catalog.Catalog;
import dev.vgi.core.catalog.TableDefinition;
import dev.vgi.core.catalog.ViewDefinition;
import dev.vgi.core.function.VgiFunction;
import dev.vgi.spring.autoconfigure.VgiAutoConfiguration;
import dev.vgi.spring.autoconfigure.VgiProperties;

/**
 * The catalog assembled from the application's beans: every {@link VgiFunction} (scalar, table,
 * table-in-out), {@link TableDefinition} and {@link ViewDefinition} bean, in bean order, placed in
 * the default schema or the one {@link VgiSchema} names, then adjusted by the
 * {@link VgiCatalogCustomizer} beans. The catalog is a {@link Catalog} bean named
 * {@value #CATALOG_BEAN}; {@link VgiProtocolAutoConfiguration} serves it together with the
 * application's own {@code Catalog} beans.
 *
 * <p>Registered when there is at least one such bean (or a customizer) and
 * {@code vgi.catalog.enabled} is not {@code false}; a bean named {@value #CATALOG_BEAN} of the
 * application's replaces it.
 */
@AutoConfiguration(before = VgiAutoConfiguration.class)
@EnableConfigurationProperties(VgiProperties.class)
public final class VgiCatalogAutoConfiguration {

    /** The name of the catalog bean assembled from beans. */
    public static final String CATALOG_BEAN = "vgiCatalog";

    /** The default catalog name when neither vgi.catalog.name nor spring.application.name is set. */
    public static final String DEFAULT_CATALOG_NAME = "application";

    /** The catalog of the function, table and view beans. */
    @Bean(CATALOG_BEAN)
    @ConditionalOnMissingBean(name = CATALOG_BEAN)
    @ConditionalOnBooleanProperty(name = "vgi.catalog.enabled", matchIfMissing = true)
    @Conditional(OnCatalogContent.class)
    public Catalog vgiCatalog(ConfigurableListableBeanFactory beanFactory, VgiProperties properties, Environment environment,
            ObjectProvider<VgiCatalogCustomizer> customizers) {
        VgiProperties.CatalogProperties settings = properties.getCatalog();
        String name = settings.getName();
        if (name == null || name.isBlank()) {
            name = environment.getProperty("spring.application.name", DEFAULT_CATALOG_NAME);
        }
        if (name.isBlank()) {
            name = DEFAULT_CATALOG_NAME;
        }
        String defaultSchema = settings.getDefaultSchema();
        if (defaultSchema == null || defaultSchema.isBlank()) {
            throw new InvalidVgiCatalogException(java.util.List.of(new InvalidVgiCatalogException.Problem(
                    "vgi.catalog.default-schema is empty.", "Set vgi.catalog.default-schema to a schema name, or remove it for 'main'.")));
        }
        return new BeanCatalogAssembler(beanFactory).assemble(name.trim(), defaultSchema.trim(), settings.getComment(),
                customizers.orderedStream().toList());
    }

    /** Something to put in the catalog: a function, table, view or customizer bean. */
    static final class OnCatalogContent extends AnyNestedCondition {

        OnCatalogContent() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnBean(VgiFunction.class)
        static final class Functions {
        }

        @ConditionalOnBean(TableDefinition.class)
        static final class Tables {
        }

        @ConditionalOnBean(ViewDefinition.class)
        static final class Views {
        }

        @ConditionalOnBean(VgiCatalogCustomizer.class)
        static final class Customizers {
        }
    }
}
