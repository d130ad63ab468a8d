package dev.vgi.spring.autoconfigure.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.actuate.web.reactive.ReactiveManagementWebSecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.reactive.ReactiveOAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.web.cors.reactive.PreFlightRequestHandler;

import dev.vgi.spring.autoconfigure.VgiAutoConfiguration;
import dev.vgi.spring.autoconfigure.web.VgiWebFluxAutoConfiguration;
import reactor.core.publisher.Mono;

/** When the starter contributes security, and when it keeps out of the way. */
class VgiSecurityAutoConfigurationTests {

    private static final AutoConfigurations CONFIGURATIONS = AutoConfigurations.of(VgiAutoConfiguration.class,
            VgiWebFluxAutoConfiguration.class, VgiSecurityAutoConfiguration.class,
            ReactiveWebSecurityAutoConfiguration.class, ReactiveUserDetailsServiceAutoConfiguration.class,
            ReactiveOAuth2ResourceServerAutoConfiguration.class, ReactiveManagementWebSecurityAutoConfiguration.class);

    private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
            .withConfiguration(CONFIGURATIONS)
            .withUserConfiguration(WebFluxParts.class)
            .withPropertyValues("vgi.security.tokens.ci=ci-secret");

    @Test
    void contributesTheVgiChainAndOneForEverythingElse() {
        runner.run(ctx -> {
            assertThat(ctx).hasNotFailed()
                    .hasSingleBean(VgiBearerSecurity.class)
                    .hasSingleBean(StaticTokenVerifier.class)
                    .hasBean("vgiJwtTokenVerifier")
                    .hasBean("vgiSecurityWebFilterChain")
                    .hasBean("vgiOtherRoutesSecurityWebFilterChain");
            // Spring Boot's own catch-all chains backed off
            assertThat(ctx.getBeansOfType(SecurityWebFilterChain.class)).containsOnlyKeys("vgiSecurityWebFilterChain",
                    "vgiOtherRoutesSecurityWebFilterChain");
            assertThat(ctx.getBean(VgiBearerSecurity.class).verifiers()).hasSize(2)
                    .first().isInstanceOf(StaticTokenVerifier.class);
        });
    }

    @Test
    void theStartersChainWinsOverBootsResourceServerChain() {
        runner.withUserConfiguration(Decoder.class).run(ctx -> assertThat(ctx.getBeansOfType(SecurityWebFilterChain.class))
                .containsOnlyKeys("vgiSecurityWebFilterChain", "vgiOtherRoutesSecurityWebFilterChain"));
    }

    @Test
    void aUserDefinedChainReplacesBothButKeepsTheBuildingBlocks() {
        runner.withUserConfiguration(UserChain.class).run(ctx -> {
            assertThat(ctx).hasNotFailed().hasSingleBean(SecurityWebFilterChain.class).hasBean("userChain")
                    .hasSingleBean(VgiBearerSecurity.class);
        });
    }

    @Test
    void canBeSwitchedOff() {
        runner.withPropertyValues("vgi.security.enabled=false").run(ctx -> assertThat(ctx).hasNotFailed()
                .doesNotHaveBean("vgiSecurityWebFilterChain").doesNotHaveBean("vgiOtherRoutesSecurityWebFilterChain")
                // Spring Boot's default applies instead
                .hasBean("springSecurityFilterChain"));
    }

    @Test
    void noSecurityBeansWithoutSpringSecurity() {
        runner.withClassLoader(new FilteredClassLoader("org.springframework.security"))
                .run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(VgiBearerSecurity.class)
                        .doesNotHaveBean(StaticTokenVerifier.class).doesNotHaveBean(SecurityWebFilterChain.class));
        // spring-security-core alone (no web support) is not enough either
        runner.withClassLoader(new FilteredClassLoader(SecurityWebFilterChain.class, ServerHttpSecurity.class))
                .run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(VgiBearerSecurity.class));
    }

    @Test
    void withoutTheResourceServerOnlyStaticTokens() {
        runner.withClassLoader(new FilteredClassLoader(ReactiveJwtDecoder.class)).run(ctx -> {
            assertThat(ctx).hasNotFailed().doesNotHaveBean("vgiJwtTokenVerifier").hasBean("vgiSecurityWebFilterChain");
            assertThat(ctx.getBean(VgiBearerSecurity.class).verifiers()).singleElement()
                    .isInstanceOf(StaticTokenVerifier.class);
        });
    }

    @Test
    void notInAServletOrPlainApplication() {
        new ApplicationContextRunner().withConfiguration(CONFIGURATIONS)
                .run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(VgiBearerSecurity.class));
    }

    @Test
    void notWithoutTheVgiHttpHandler() {
        // no VgiAutoConfiguration: no RpcServer, so no HTTP handler to guard
        new ReactiveWebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(VgiWebFluxAutoConfiguration.class,
                        VgiSecurityAutoConfiguration.class, ReactiveWebSecurityAutoConfiguration.class,
                        ReactiveUserDetailsServiceAutoConfiguration.class))
                .run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(VgiBearerSecurity.class)
                        .doesNotHaveBean("vgiSecurityWebFilterChain"));
    }

    @Test
    void blankSecretsFailTheStart() {
        runner.withPropertyValues("vgi.security.tokens.empty= ").run(ctx -> {
            assertThat(ctx).hasFailed();
            assertThat(ctx.getStartupFailure()).rootCause().hasMessageContaining("vgi.security.tokens.empty");
        });
    }

    @Test
    void secretsDoNotShowInTheProperties() {
        runner.run(ctx -> assertThat(ctx.getBean(dev.vgi.spring.autoconfigure.VgiProperties.class).getSecurity())
                .hasToString("Security[enabled=true, tokens=[ci]]"));
    }

    /** What WebFlux's auto-configuration would contribute and Spring Boot's actuator chain needs. */
    @Configuration(proxyBeanMethods = false)
    static class WebFluxParts {
        @Bean
        PreFlightRequestHandler preFlightRequestHandler() {
            return exchange -> Mono.empty();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserChain {
        @Bean
        SecurityWebFilterChain userChain(ServerHttpSecurity http) {
            return http.authorizeExchange(e -> e.anyExchange().permitAll()).build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Decoder {
        @Bean
        ReactiveJwtDecoder jwtDecoder() {
            return token -> Mono.empty();
        }
    }
}
