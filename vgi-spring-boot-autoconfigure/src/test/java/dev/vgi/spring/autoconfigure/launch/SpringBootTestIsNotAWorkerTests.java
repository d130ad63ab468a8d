package dev.vgi.spring.autoconfigure.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import dev.vgi.core.rpc.RpcServer;
import dev.vgi.spring.autoconfigure.VgiAutoConfiguration;

/**
 * A {@code @SpringBootTest} without a web environment, run by a test runner that pipes the JVM's
 * stdin (surefire does): the launch must not take it for a spawned stdio worker, which would read
 * the runner's stdin and hide its stdout.
 */
@SpringBootTest(webEnvironment = WebEnvironment.NONE, classes = SpringBootTestIsNotAWorkerTests.App.class)
class SpringBootTestIsNotAWorkerTests {

    private static final PrintStream OUT_BEFORE = System.out;

    @Autowired
    ApplicationContext context;

    @Autowired
    Environment environment;

    @Test
    void noWorkerTransportAndStdoutUntouched() {
        assertThat(context.getBeansOfType(VgiWorkerLifecycle.class)).isEmpty();
        assertThat(context.getBeansOfType(RpcServer.class)).hasSize(1);
        assertThat(environment.getProperty("vgi.transport", "auto")).isEqualTo("auto");
        assertThat(System.out).isSameAs(OUT_BEFORE);
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({ VgiAutoConfiguration.class, VgiWorkerAutoConfiguration.class })
    static class App {
    }
}
