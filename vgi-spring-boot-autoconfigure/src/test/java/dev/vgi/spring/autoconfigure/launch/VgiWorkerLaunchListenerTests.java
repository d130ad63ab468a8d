package dev.vgi.spring.autoconfigure.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.io.PrintStream;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.bootstrap.DefaultBootstrapContext;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationStartingEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.boot.support.EnvironmentPostProcessorApplicationListener;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.context.ApplicationListener;
import org.springframework.mock.env.MockEnvironment;

import dev.vgi.spring.autoconfigure.VgiProperties.Transport;

/** The listener's events, fed by hand: it must never be run for real in this JVM, whose stdio belongs to the test runner. */
class VgiWorkerLaunchListenerTests {

    private static final PrintStream ORIGINAL_OUT = System.out;

    private final SpringApplication application = new SpringApplication();
    private final MockEnvironment env = new MockEnvironment();

    @AfterEach
    void restoreStdout() {
        System.setOut(ORIGINAL_OUT);
    }

    private static VgiWorkerLaunchListener listener(StdinKind stdin) {
        return new VgiWorkerLaunchListener(() -> stdin);
    }

    private void prepare(VgiWorkerLaunchListener listener, String... args) {
        listener.onApplicationEvent(new ApplicationEnvironmentPreparedEvent(new DefaultBootstrapContext(), application, args, env));
    }

    @Test
    void runsAfterConfigurationIsLoadedAndBeforeLoggingStarts() {
        assertThat(VgiWorkerLaunchListener.ORDER).isGreaterThan(EnvironmentPostProcessorApplicationListener.DEFAULT_ORDER)
                .isLessThan(LoggingApplicationListener.DEFAULT_ORDER);
    }

    @Test
    void isRegisteredInSpringFactories() {
        assertThat(SpringFactoriesLoader.forDefaultResourceLocation().load(ApplicationListener.class))
                .anyMatch(VgiWorkerLaunchListener.class::isInstance);
    }

    @Test
    void workerFlagsTakeStdoutWhenTheApplicationStarts() {
        VgiWorkerLaunchListener listener = listener(StdinKind.DEVICE);
        listener.onApplicationEvent(new ApplicationStartingEvent(new DefaultBootstrapContext(), application, new String[] { "--server.port=1" }));
        assertThat(System.out).isSameAs(ORIGINAL_OUT);
        listener.onApplicationEvent(new ApplicationStartingEvent(new DefaultBootstrapContext(), application,
                new String[] { "--unix", "/tmp/x.sock" }));
        assertThat(System.out).isNotSameAs(ORIGINAL_OUT);
    }

    @Test
    void aWorkerGetsItsPropertiesFirstAndStdoutIsTaken() {
        env.setProperty("spring.main.banner-mode", "console");
        VgiWorkerLaunchListener listener = listener(StdinKind.DEVICE);
        prepare(listener, "--tcp", "127.0.0.1:0");
        assertThat(listener.plan().transport()).isEqualTo(Transport.TCP);
        assertThat(env.getPropertySources().iterator().next().getName()).isEqualTo(VgiWorkerLaunchListener.PROPERTY_SOURCE_NAME);
        assertThat(env.getProperty("spring.main.banner-mode")).isEqualTo("off");
        assertThat(env.getProperty("spring.main.web-application-type")).isEqualTo("none");
        assertThat(env.getProperty("vgi.transport")).isEqualTo("tcp");
        assertThat(System.out).isNotSameAs(ORIGINAL_OUT);
    }

    @Test
    void anOrdinaryApplicationIsLeftAlone() {
        VgiWorkerLaunchListener listener = listener(StdinKind.DEVICE);
        prepare(listener);
        assertThat(listener.plan().worker()).isFalse();
        assertThat(env.getPropertySources().contains(VgiWorkerLaunchListener.PROPERTY_SOURCE_NAME)).isFalse();
        assertThat(System.out).isSameAs(ORIGINAL_OUT);
    }

    @Test
    void aWorkerThatCannotStartReportsOnStderr() {
        env.setProperty("vgi.transport", "unix");
        VgiWorkerLaunchListener listener = listener(StdinKind.PIPE);
        assertThatIllegalStateException().isThrownBy(() -> prepare(listener)).withMessageContaining("vgi.unix.path");
        assertThat(System.out).isNotSameAs(ORIGINAL_OUT);
    }

    @Test
    void handlesOnlyTheApplicationEvents() {
        VgiWorkerLaunchListener listener = listener(StdinKind.DEVICE);
        for (Class<?> type : List.of(ApplicationStartingEvent.class, ApplicationEnvironmentPreparedEvent.class)) {
            assertThat(listener.supportsEventType(type.asSubclass(org.springframework.context.ApplicationEvent.class))).isTrue();
        }
        assertThat(listener.supportsEventType(org.springframework.context.event.ContextRefreshedEvent.class)).isFalse();
    }
}
