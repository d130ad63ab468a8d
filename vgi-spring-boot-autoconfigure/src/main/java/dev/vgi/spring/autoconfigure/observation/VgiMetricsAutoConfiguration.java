package dev.vgi.spring.autoconfigure.observation;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.vgi.core.rpc.RpcServer;
import dev.vgi.spring.autoconfigure.VgiAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Micrometer metrics of every VGI call ({@link VgiMetricsDocumentation}), when the application has
 * a {@link MeterRegistry} (Spring Boot's, with the actuator or {@code spring-boot-micrometer-metrics}).
 * Individual meters are switched off or tuned the Spring Boot way, e.g.
 * {@code management.metrics.enable.rpc.server=false} or
 * {@code management.metrics.distribution.percentiles-histogram.rpc.server.duration=true}.
 */
@AutoConfiguration(after = VgiAutoConfiguration.class, afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ MeterRegistry.class, RpcServer.class })
public final class VgiMetricsAutoConfiguration {

    /** Records the server's calls; registered as its listener. */
    @Bean
    @ConditionalOnMissingBean
    public VgiCallMetrics vgiCallMetrics(MeterRegistry registry, RpcServer server) {
        VgiCallMetrics metrics = new VgiCallMetrics(registry, server);
        server.addListener(metrics);
        return metrics;
    }
}
