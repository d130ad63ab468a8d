package dev.vgi.spring.autoconfigure.actuate;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.context.annotation.Bean;

import dev.vgi.core.rpc.RpcServer;
import dev.vgi.spring.autoconfigure.VgiAutoConfiguration;

/**
 * The {@code vgi} health contributor ({@link VgiHealthIndicator}), with Spring Boot's health
 * support on the class path; off with {@code management.health.vgi.enabled=false}.
 */
@AutoConfiguration(after = VgiAutoConfiguration.class,
        beforeName = "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnClass({ Health.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(RpcServer.class)
public final class VgiHealthContributorAutoConfiguration {

    /**
     * The indicator, contributed as {@code vgi}. The switch is a condition on the method so that
     * the class-level condition on Spring Boot's health support rules first.
     */
    @Bean
    @ConditionalOnMissingBean(name = "vgiHealthIndicator")
    @ConditionalOnEnabledHealthIndicator("vgi")
    public VgiHealthIndicator vgiHealthIndicator(RpcServer server) {
        return new VgiHealthIndicator(server);
    }
}
