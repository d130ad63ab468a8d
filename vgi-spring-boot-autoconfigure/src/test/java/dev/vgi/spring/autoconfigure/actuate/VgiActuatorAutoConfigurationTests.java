package dev.vgi.spring.autoconfigure.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.vgi.spring.autoconfigure.VgiAutoConfiguration;

class VgiActuatorAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
            AutoConfigurations.of(VgiAutoConfiguration.class, VgiEndpointAutoConfiguration.class,
                    VgiHealthContributorAutoConfiguration.class));

    @Test
    void endpointOnlyWhenExposed() {
        runner.run(ctx -> assertThat(ctx).doesNotHaveBean(VgiEndpoint.class));
        runner.withPropertyValues("management.endpoints.web.exposure.include=vgi")
                .run(ctx -> assertThat(ctx).hasSingleBean(VgiEndpoint.class));
        runner.withPropertyValues("management.endpoints.web.exposure.include=*", "management.endpoint.vgi.access=NONE")
                .run(ctx -> assertThat(ctx).doesNotHaveBean(VgiEndpoint.class));
    }

    @Test
    void healthIndicatorByDefaultAndSwitchable() {
        runner.run(ctx -> assertThat(ctx).hasSingleBean(VgiHealthIndicator.class).hasBean("vgiHealthIndicator"));
        runner.withPropertyValues("management.health.vgi.enabled=false")
                .run(ctx -> assertThat(ctx).doesNotHaveBean(VgiHealthIndicator.class));
    }

    @Test
    void backOffWithoutTheActuator() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=vgi")
                .withClassLoader(new FilteredClassLoader(Endpoint.class.getPackageName(), Health.class.getPackageName(),
                        "org.springframework.boot.actuate.autoconfigure"))
                .run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(VgiEndpoint.class)
                        .doesNotHaveBean(VgiHealthIndicator.class));
    }
}
