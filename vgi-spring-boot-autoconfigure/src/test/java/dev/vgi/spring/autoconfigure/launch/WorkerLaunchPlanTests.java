package dev.vgi.spring.autoconfigure.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

import dev.vgi.spring.autoconfigure.VgiProperties.Transport;

/** The launch rule: flags first, then {@code vgi.transport}, then what stdin is. */
class WorkerLaunchPlanTests {

    private final MockEnvironment env = new MockEnvironment();

    private WorkerLaunchPlan decide(StdinKind stdin, String... args) {
        return WorkerLaunchPlan.decide(args, env, stdin);
    }

    @Test
    void noFlagAndAPipeIsAStdioWorkerWithoutWebServerOrBanner() {
        WorkerLaunchPlan plan = decide(StdinKind.PIPE);
        assertThat(plan.transport()).isEqualTo(Transport.STDIO);
        assertThat(plan.properties()).containsEntry("spring.main.web-application-type", "none")
                .containsEntry("spring.main.banner-mode", "off").containsEntry("spring.main.log-startup-info", "false")
                .containsEntry("vgi.transport", "stdio");
        assertThat(decide(StdinKind.SOCKET).transport()).isEqualTo(Transport.STDIO);
    }

    @Test
    void noFlagAndNoPipeIsAnOrdinaryApplication() {
        for (StdinKind kind : new StdinKind[] { StdinKind.DEVICE, StdinKind.FILE, StdinKind.UNKNOWN }) {
            WorkerLaunchPlan plan = decide(kind);
            assertThat(plan.worker()).as(kind.name()).isFalse();
            assertThat(plan.properties()).isEmpty();
        }
    }

    @Test
    void aConfiguredWebApplicationIsNeverAnAutomaticStdioWorker() {
        env.setProperty("spring.main.web-application-type", "REACTIVE");
        assertThat(decide(StdinKind.PIPE).worker()).isFalse();
        env.setProperty("spring.main.web-application-type", "servlet");
        assertThat(decide(StdinKind.PIPE).worker()).isFalse();
        env.setProperty("spring.main.web-application-type", "none");
        assertThat(decide(StdinKind.PIPE).transport()).isEqualTo(Transport.STDIO);
    }

    @Test
    void aSpringBootTestIsNeverAnAutomaticStdioWorker() {
        // surefire and Gradle pipe the test JVM's stdin: that must not turn test contexts into workers
        env.setProperty(WorkerLaunchPlan.SPRING_BOOT_TEST_MARKER, "true");
        assertThat(decide(StdinKind.PIPE).worker()).isFalse();
    }

    @Test
    void unixFlagsCarryPathAndIdleTimeoutAndWinOverTheConfiguration() {
        env.setProperty("vgi.transport", "none");
        env.setProperty("spring.main.web-application-type", "reactive");
        WorkerLaunchPlan plan = decide(StdinKind.DEVICE, "--unix", "w.sock", "--idle-timeout", "1.5");
        assertThat(plan.transport()).isEqualTo(Transport.UNIX);
        assertThat(plan.properties()).containsEntry("vgi.transport", "unix")
                .containsEntry("vgi.unix.path", Path.of("w.sock").toAbsolutePath().toString())
                .containsEntry("vgi.unix.idle-timeout", "1500ms")
                .containsEntry("spring.main.web-application-type", "none");
        assertThat(decide(StdinKind.PIPE, "--unix=/tmp/x.sock", "--idle-timeout=0").properties())
                .containsEntry("vgi.unix.path", "/tmp/x.sock").containsEntry("vgi.unix.idle-timeout", "0s");
    }

    @Test
    void tcpFlag() {
        WorkerLaunchPlan plan = decide(StdinKind.PIPE, "--tcp", "0.0.0.0:9000", "--server-id", "w1");
        assertThat(plan.transport()).isEqualTo(Transport.TCP);
        assertThat(plan.properties()).containsEntry("vgi.tcp.host", "0.0.0.0").containsEntry("vgi.tcp.port", "9000")
                .containsEntry("vgi.tcp.idle-timeout", "300000ms").containsEntry("vgi.server-id", "w1");
    }

    @Test
    void stdioFlagWinsOverAConfiguredWebApplication() {
        env.setProperty("spring.main.web-application-type", "reactive");
        assertThat(decide(StdinKind.DEVICE, "--stdio").transport()).isEqualTo(Transport.STDIO);
        assertThat(decide(StdinKind.DEVICE, "--pipe").transport()).isEqualTo(Transport.STDIO);
    }

    @Test
    void httpFlagMakesAReactiveApplicationAndKeepsItsOwnPortUnlessGiven() {
        WorkerLaunchPlan plan = decide(StdinKind.PIPE, "--http");
        assertThat(plan.transport()).isEqualTo(Transport.HTTP);
        assertThat(plan.properties()).containsEntry("spring.main.web-application-type", "reactive")
                .containsEntry("spring.main.banner-mode", "off").containsEntry("vgi.transport", "http")
                .doesNotContainKeys("server.port", "server.address", "vgi.http.base-path");
        assertThat(decide(StdinKind.PIPE, "--http", "--port", "0", "--host", "0.0.0.0", "--prefix", "/w",
                "--max-request-bytes", "10").properties())
                .containsEntry("server.port", "0").containsEntry("server.address", "0.0.0.0")
                .containsEntry("vgi.http.base-path", "/w").containsEntry("vgi.http.max-request-size", "10B");
        assertThat(decide(StdinKind.PIPE, "--http", "8123").properties()).containsEntry("server.port", "8123");
        // --port alone selects http, as for plain workers
        assertThat(decide(StdinKind.PIPE, "--port=0").transport()).isEqualTo(Transport.HTTP);
    }

    @Test
    void theHttpLaunchDoesNotLeakTheEmbeddedLaunchersOwnSettings() {
        // SpringHttpTransportProvider's arguments also say vgi.transport=none for its embedded app
        assertThat(decide(StdinKind.PIPE, "--http").properties()).containsEntry("vgi.transport", "http");
    }

    @Test
    void theConfigurationDecidesWithoutAFlag() {
        env.setProperty("vgi.transport", "tcp");
        assertThat(decide(StdinKind.DEVICE).transport()).isEqualTo(Transport.TCP);
        env.setProperty("vgi.transport", "HTTP");
        assertThat(decide(StdinKind.DEVICE).transport()).isEqualTo(Transport.HTTP);
        env.setProperty("vgi.transport", "stdio");
        assertThat(decide(StdinKind.DEVICE).properties()).containsEntry("spring.main.web-application-type", "none");
        env.setProperty("vgi.transport", "none");
        assertThat(decide(StdinKind.PIPE).worker()).isFalse();
        env.setProperty("vgi.transport", "unix");
        env.setProperty("vgi.unix.path", "/tmp/w.sock");
        WorkerLaunchPlan unix = decide(StdinKind.DEVICE);
        assertThat(unix.transport()).isEqualTo(Transport.UNIX);
        // the configured path and timeout stay where they are: the plan only adds what the flags carry
        assertThat(unix.properties()).doesNotContainKeys("vgi.unix.path", "vgi.unix.idle-timeout");
    }

    @Test
    void aUnixTransportWithoutPathIsRefused() {
        env.setProperty("vgi.transport", "unix");
        assertThatIllegalArgumentException().isThrownBy(() -> decide(StdinKind.PIPE)).withMessageContaining("vgi.unix.path");
    }

    @Test
    void malformedFlagsAreRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> decide(StdinKind.PIPE, "--unix"));
        assertThatIllegalArgumentException().isThrownBy(() -> decide(StdinKind.PIPE, "--unix", "a", "--tcp", "1"));
    }

    @Test
    void otherArgumentsAreNotWorkerFlags() {
        assertThat(WorkerLaunchPlan.selectsTransport(new String[] { "--server.port=9", "--debug", "--spring.profiles.active=x" }))
                .isFalse();
        assertThat(WorkerLaunchPlan.selectsTransport(new String[] { "--tcp=1" })).isTrue();
        assertThat(WorkerLaunchPlan.selectsTransport(null)).isFalse();
    }
}
