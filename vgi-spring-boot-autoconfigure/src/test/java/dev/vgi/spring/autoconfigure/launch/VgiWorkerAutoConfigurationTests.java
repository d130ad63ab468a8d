package dev.vgi.spring.autoconfigure.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.vgi.core.rpc.RpcServer;
import dev.vgi.core.rpc.transport.SocketTransport;
import dev.vgi.core.rpc.transport.StdioTransport;
import dev.vgi.core.rpc.transport.WorkerTransport;
import dev.vgi.spring.autoconfigure.VgiAutoConfiguration;
import dev.vgi.spring.autoconfigure.VgiProperties;

/**
 * Which transport {@code vgi.transport} builds and when the lifecycle serves it. No test here lets
 * a real stdio or socket transport serve: the test JVM's stdin and stdout belong to the test runner.
 */
class VgiWorkerAutoConfigurationTests {

    private static final PrintStream ORIGINAL_OUT = System.out;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(VgiAutoConfiguration.class, VgiWorkerAutoConfiguration.class));

    @AfterEach
    void restoreStdout() {
        System.setOut(ORIGINAL_OUT);
    }

    @Test
    void noWorkerTransportByDefault() {
        runner.run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(WorkerTransport.class)
                .doesNotHaveBean(VgiWorkerLifecycle.class));
        for (String t : new String[] { "auto", "none", "http" }) {
            runner.withPropertyValues("vgi.transport=" + t).run(ctx -> assertThat(ctx).hasNotFailed()
                    .doesNotHaveBean(WorkerTransport.class).doesNotHaveBean(VgiWorkerLifecycle.class));
        }
    }

    @Test
    void stdioBuildsTheStdioTransport() {
        runner.withPropertyValues("vgi.transport=stdio").withUserConfiguration(IdleLifecycle.class)
                .run(ctx -> assertThat(ctx).hasSingleBean(StdioTransport.class));
    }

    @Test
    void unixBuildsASocketTransportFromProperties() {
        runner.withPropertyValues("vgi.transport=unix", "vgi.unix.path=/tmp/vgi-test.sock", "vgi.unix.idle-timeout=2s")
                .withUserConfiguration(IdleLifecycle.class).run(ctx -> {
                    assertThat(ctx).hasSingleBean(SocketTransport.class);
                    VgiProperties.Unix unix = ctx.getBean(VgiProperties.class).getUnix();
                    assertThat(unix.getPath()).hasToString("/tmp/vgi-test.sock");
                    assertThat(unix.getIdleTimeout()).hasSeconds(2);
                    // building the transport does not take stdout; printing its discovery line would
                    assertThat(System.out).isSameAs(ORIGINAL_OUT);
                });
    }

    @Test
    void unixWithoutPathFails() {
        runner.withPropertyValues("vgi.transport=unix").withUserConfiguration(IdleLifecycle.class).run(ctx -> {
            assertThat(ctx).hasFailed();
            assertThat(ctx.getStartupFailure()).rootCause().hasMessageContaining("vgi.unix.path");
        });
    }

    @Test
    void tcpBuildsASocketTransport() {
        runner.withPropertyValues("vgi.transport=tcp", "vgi.tcp.port=0").withUserConfiguration(IdleLifecycle.class)
                .run(ctx -> {
                    assertThat(ctx).hasSingleBean(SocketTransport.class);
                    assertThat(ctx.getBean(VgiProperties.class).getTcp().getHost()).isEqualTo("127.0.0.1");
                });
    }

    @Test
    void theLifecycleServesTheApplicationsOwnTransportUntilTheContextCloses() throws Exception {
        FakeTransport transport = new FakeTransport();
        ConfigurableApplicationContext[] context = new ConfigurableApplicationContext[1];
        runner.withPropertyValues("vgi.transport=stdio").withBean(WorkerTransport.class, () -> transport).run(ctx -> {
            context[0] = ctx;
            assertThat(ctx).hasSingleBean(VgiWorkerLifecycle.class).doesNotHaveBean(StdioTransport.class);
            VgiWorkerLifecycle lifecycle = ctx.getBean(VgiWorkerLifecycle.class);
            assertThat(lifecycle.transport()).isSameAs(transport);
            assertThat(transport.serving.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(transport.served).isSameAs(ctx.getBean(RpcServer.class));
            assertThat(lifecycle.isRunning()).isTrue();
        });
        // closing the context stopped the transport, and nothing called System.exit
        assertThat(transport.stop.getCount()).isZero();
        assertThat(context[0].isActive()).isFalse();
    }

    @Test
    void aUserLifecycleWins() {
        runner.withPropertyValues("vgi.transport=stdio").withUserConfiguration(IdleLifecycle.class)
                .run(ctx -> assertThat(ctx).hasSingleBean(VgiWorkerLifecycle.class).hasBean("myLifecycle"));
    }

    @Test
    void noLifecycleWithoutRpcServer() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(VgiWorkerAutoConfiguration.class))
                .withBean(WorkerTransport.class, FakeTransport::new)
                .run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(VgiWorkerLifecycle.class));
    }

    /** A lifecycle of the application's own, serving a transport that never touches stdio. */
    @Configuration(proxyBeanMethods = false)
    static class IdleLifecycle {
        @Bean
        VgiWorkerLifecycle myLifecycle(RpcServer server, ConfigurableApplicationContext context) {
            return new VgiWorkerLifecycle(server, new FakeTransport(), context, status -> {
                throw new AssertionError("exit " + status);
            });
        }
    }
}
