package dev.vgi.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Arrow without {@code java.nio} opened. The test JVM opens it (Surefire's argLine), so the
 * failures are Arrow's own, thrown by beans as Arrow throws them; the real thing (a JVM without the
 * flag) is exercised by the demo application's {@code DemoWorkerIT}.
 */
class ArrowMemoryFailureAnalyzerTests {

    /** Arrow 19's message when {@code DirectByteBuffer(long, int)} is not accessible. */
    static final String ARROW_19 = "sun.misc.Unsafe or java.nio.DirectByteBuffer.<init>(long, int) not available";

    /** Older Arrow's message from MemoryUtil's static initializer. */
    static final String ARROW_OLD = "Failed to initialize MemoryUtil. You must start Java with "
            + "`--add-opens=java.base/java.nio=org.apache.arrow.memory.core,ALL-UNNAMED` (See https://arrow.apache.org/docs/java/install.html)";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(VgiAutoConfiguration.class));

    @Test
    void starterProbeFailureIsExplained() {
        runner.withUserConfiguration(ProbeFails.class).run(ctx -> {
            assertThat(ctx).hasFailed();
            FailureAnalysis analysis = new ArrowMemoryFailureAnalyzer().analyze(ctx.getStartupFailure());
            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription()).contains("java.nio").contains(ARROW_19);
            assertThat(analysis.getAction()).contains("--add-opens=java.base/java.nio=ALL-UNNAMED")
                    .contains("Add-Opens: java.base/java.nio").contains("java -jar");
        });
    }

    @Test
    void arrowStaticInitializerFailureIsExplained() {
        runner.withUserConfiguration(InitializerFails.class).run(ctx -> {
            assertThat(ctx).hasFailed();
            FailureAnalysis analysis = new ArrowMemoryFailureAnalyzer().analyze(ctx.getStartupFailure());
            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription()).contains("Failed to initialize MemoryUtil");
        });
    }

    @Test
    void otherFailuresAreLeftToOtherAnalyzers() {
        assertThat(new ArrowMemoryFailureAnalyzer().analyze(new IllegalStateException("something else"))).isNull();
    }

    @Test
    void allocatorPassesTheProbeWhenJavaNioIsOpen() {
        runner.run(ctx -> assertThat(ctx).hasNotFailed().hasSingleBean(RootAllocator.class));
    }

    @Configuration(proxyBeanMethods = false)
    static class ProbeFails {
        @Bean
        Object needsArrow() {
            throw new ArrowMemoryAccessException(new UnsupportedOperationException(ARROW_19));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class InitializerFails {
        @Bean
        Object needsArrow() {
            throw new ExceptionInInitializerError(new RuntimeException(ARROW_OLD));
        }
    }
}
