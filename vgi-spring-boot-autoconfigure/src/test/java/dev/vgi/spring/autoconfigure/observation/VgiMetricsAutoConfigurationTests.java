package dev.vgi.spring.autoconfigure.observation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.vgi.core.rpc.CallRecord;
import dev.vgi.core.rpc.Identity;
import dev.vgi.core.rpc.RpcServer;
import dev.vgi.core.rpc.RpcService;
import dev.vgi.core.rpc.TransportKind;
import dev.vgi.spring.autoconfigure.VgiAutoConfiguration;
import dev.vgi.spring.autoconfigure.VgiTestCalls;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class VgiMetricsAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(VgiAutoConfiguration.class, VgiMetricsAutoConfiguration.class))
            .withUserConfiguration(Service.class);

    private static void call(RpcServer server) {
        server.publish(new CallRecord("Test", "whoami", false, "r", null, TransportKind.PIPE, Identity.ANONYMOUS, "", 5,
                null, false, 1, 1));
    }

    @Test
    void registersAListenerWithTheServer() {
        runner.withUserConfiguration(Registry.class).run(ctx -> {
            assertThat(ctx).hasSingleBean(VgiCallMetrics.class);
            call(ctx.getBean(RpcServer.class));
            assertThat(ctx.getBean(MeterRegistry.class).get("rpc.server.duration").timer().count()).isEqualTo(1);
        });
    }

    @Test
    void worksWithSpringBootsMeterRegistry() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(VgiAutoConfiguration.class, VgiMetricsAutoConfiguration.class,
                        MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
                        SimpleMetricsExportAutoConfiguration.class))
                .withUserConfiguration(Service.class)
                .run(ctx -> {
                    assertThat(ctx).hasSingleBean(VgiCallMetrics.class);
                    call(ctx.getBean(RpcServer.class));
                    assertThat(ctx.getBean(MeterRegistry.class).get("rpc.server.requests").counter().count()).isEqualTo(1);
                });
    }

    @Test
    void backsOffWithoutAMeterRegistry() {
        runner.run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(VgiCallMetrics.class));
    }

    @Test
    void backsOffWithoutMicrometer() {
        runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
                .run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(VgiCallMetrics.class));
    }

    @Configuration(proxyBeanMethods = false)
    static class Service {
        @Bean
        RpcService testService() {
            return VgiTestCalls.service();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Registry {
        @Bean
        SimpleMeterRegistry registry() {
            return new SimpleMeterRegistry();
        }
    }
}
