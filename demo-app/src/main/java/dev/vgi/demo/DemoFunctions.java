package dev.vgi.demo;

import java.util.List;

import org.apache.arrow.vector.types.pojo.ArrowType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.vgi.core.catalog.ViewDefinition;
import dev.vgi.core.function.Argument;
import dev.vgi.core.function.ScalarFunction;
import dev.vgi.core.function.ScalarFunctions;
import dev.vgi.spring.autoconfigure.catalog.VgiCatalogCustomizer;

/** Small functions declared as {@code @Bean} methods. */
@Configuration(proxyBeanMethods = false)
public class DemoFunctions {

    /** {@code greet(name VARCHAR) -> VARCHAR}: a plain Java lambda, one row at a time. */
    @Bean
    ScalarFunction greet() {
        return ScalarFunctions.ofRows("greet", List.of(Argument.of("name", ArrowType.Utf8.INSTANCE)), ArrowType.Utf8.INSTANCE,
                args -> "Hello, " + args.get(0) + "!");
    }

    /** A view over the {@code numbers} table function: {@code SELECT * FROM demo.first_squares}. */
    @Bean
    ViewDefinition firstSquares() {
        return new ViewDefinition("first_squares", "SELECT n, square FROM numbers(10)", "The first ten squares", null, null);
    }

    /** Catalog-wide settings no bean carries. */
    @Bean
    VgiCatalogCustomizer demoCatalogTags() {
        return catalog -> catalog.tag("example", "true");
    }
}
