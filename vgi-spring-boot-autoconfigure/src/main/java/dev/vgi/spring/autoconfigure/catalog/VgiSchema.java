package dev.vgi.spring.autoconfigure.catalog;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Places a function, table or view bean in a schema of the catalog the starter assembles from
 * beans; without it a bean lands in the default schema ({@code vgi.catalog.default-schema},
 * {@code main}).
 *
 * <p>Put it on the bean's class or on its {@code @Bean} method; the method wins when both say
 * something. It is read from the bean definition and the bean's target class, so beans behind
 * Spring proxies ({@code @Transactional}, {@code @Cacheable}, {@code @Timed}…) keep their schema.
 *
 * <pre>{@code
 * @Bean
 * @VgiSchema("geo")
 * TableDefinition cities() { ... }
 * }</pre>
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface VgiSchema {

    /** The schema name (DuckDB's {@code catalog.schema}). */
    String value();
}
