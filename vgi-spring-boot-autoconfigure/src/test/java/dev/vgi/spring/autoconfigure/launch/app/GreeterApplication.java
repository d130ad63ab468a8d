package dev.vgi.spring.autoconfigure.launch.app;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

import dev.vgi.core.rpc.RpcService;
import dev.vgi.core.rpc.UnaryMethod;

/**
 * A tiny Spring Boot application using the starter the way a user would, started as a child JVM
 * by the launch tests: one protocol, {@code Greeter.greet(name: str) -> str}, and a bean that
 * misbehaves at start-up by printing to {@code System.out} and logging at DEBUG, as libraries do.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class GreeterApplication {

    /** What the noisy bean prints on {@code System.out}. */
    public static final String STRAY_PRINT = "stray print from a bean";

    /** What the noisy bean logs at DEBUG. */
    public static final String DEBUG_LINE = "debug line from a bean";

    static final Field NAME = new Field("name", FieldType.notNullable(ArrowType.Utf8.INSTANCE), null);
    static final Field RESULT = new Field("result", FieldType.notNullable(ArrowType.Utf8.INSTANCE), null);

    /** The protocol served. */
    @Bean
    RpcService greeter() {
        return RpcService.builder("Greeter")
                .method(UnaryMethod.of("greet", new Schema(List.of(NAME)), RESULT, (ctx, params, result) -> {
                    String name = new String(((VarCharVector) params.getVector(0)).get(0), StandardCharsets.UTF_8);
                    ((VarCharVector) result.getVector(0)).setSafe(0, ("hello, " + name).getBytes(StandardCharsets.UTF_8));
                }))
                .build();
    }

    /** Prints where it should not, like a library with {@code show-sql} switched on. */
    @Bean
    Object noisyBean() {
        System.out.println(STRAY_PRINT);
        System.out.flush();
        LogFactory.getLog(GreeterApplication.class).debug(DEBUG_LINE);
        return new Object();
    }

    /** Runs the application. */
    public static void main(String[] args) {
        SpringApplication.run(GreeterApplication.class, args);
    }
}
