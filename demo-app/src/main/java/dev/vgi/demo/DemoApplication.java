package dev.vgi.demo;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A VGI worker written the Spring Boot way: the functions, tables and views are beans, and
 * {@code vgi-spring-boot-starter} serves them as the catalog {@code demo}
 * ({@code spring.application.name}).
 *
 * <pre>{@code
 * ATTACH 'demo' AS demo (TYPE vgi, LOCATION 'java -jar demo-app.jar');
 * SELECT demo.greet('duck');
 * SELECT * FROM demo.numbers(5);
 * }</pre>
 */
@SpringBootApplication
public class DemoApplication {

    /** Starts the worker; the command line decides the transport (none: stdin/stdout when spawned). */
    public static void main(String[] args) {
        SpringApplication.run(DemoApplication.class, args);
    }
}
