package dev.vgi.spring.autoconfigure.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverter;
import org.springframework.security.web.server.SecurityWebFilterChain;

import dev.vgi.core.rpc.http.HttpRpcHandler;
import dev.vgi.spring.autoconfigure.VgiProperties;
import dev.vgi.spring.autoconfigure.web.VgiWebFluxAutoConfiguration;

/**
 * Bearer-token authentication of the VGI HTTP routes with Spring Security.
 *
 * <p>Always, when Spring Security's reactive web support is present: the token verifiers (static
 * {@code vgi.security.tokens}; JWTs through the application's {@code ReactiveJwtDecoder} when the
 * OAuth2 resource server is on the class path) and {@link VgiBearerSecurity}, which applications
 * use to put the VGI routes into chains of their own.
 *
 * <p>Only when the application defines no {@link SecurityWebFilterChain} (and
 * {@code vgi.security.enabled} is not {@code false}): two chains, one for the VGI routes with
 * bearer tokens and the wire spec's 401 answer, and one for everything else with what Spring Boot
 * would otherwise have configured (every request authenticated, actuator health open). A chain the
 * application defines always wins: then none of the two is registered. This configuration runs
 * before Spring Boot's own security configurations so that it, not their single catch-all chain,
 * decides the VGI routes.
 */
@AutoConfiguration(after = VgiWebFluxAutoConfiguration.class, beforeName = {
        "org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.actuate.web.reactive.ReactiveManagementWebSecurityAutoConfiguration",
        "org.springframework.boot.security.oauth2.server.resource.autoconfigure.reactive.ReactiveOAuth2ResourceServerAutoConfiguration" })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass({ EnableWebFluxSecurity.class, SecurityWebFilterChain.class, ServerHttpSecurity.class })
@ConditionalOnBean(HttpRpcHandler.class)
@EnableConfigurationProperties(VgiProperties.class)
public final class VgiSecurityAutoConfiguration {

    /** Order of the starter's VGI chain: ahead of any catch-all chain. */
    public static final int VGI_CHAIN_ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

    /** Order of the starter's chain for everything else: last. */
    public static final int OTHER_ROUTES_CHAIN_ORDER = Ordered.LOWEST_PRECEDENCE;

    private static final Logger log = LoggerFactory.getLogger(VgiSecurityAutoConfiguration.class);

    /** Named, not referenced: the class needs the OAuth2 resource server on the class path. */
    private static final String JWT_VERIFIER = "dev.vgi.spring.autoconfigure.security.JwtTokenVerifier";

    /** The static tokens of {@code vgi.security.tokens}; recognises nothing when none is configured. */
    @Bean
    @ConditionalOnMissingBean
    public StaticTokenVerifier vgiStaticTokenVerifier(VgiProperties properties) {
        return new StaticTokenVerifier(properties.getSecurity().getTokens());
    }

    /** Bearer authentication of the VGI routes, for the starter's chain and the application's. */
    @Bean
    @ConditionalOnMissingBean
    public VgiBearerSecurity vgiBearerSecurity(HttpRpcHandler handler, ObjectProvider<VgiTokenVerifier> verifiers) {
        return new VgiBearerSecurity(handler.options().prefix(), verifiers.orderedStream().toList(),
                new VgiAuthenticationEntryPoint(handler));
    }

    /** JWTs, with the OAuth2 resource server on the class path. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({ ReactiveJwtDecoder.class, ReactiveJwtAuthenticationConverter.class })
    static class JwtConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "vgiJwtTokenVerifier")
        VgiTokenVerifier vgiJwtTokenVerifier(ObjectProvider<ReactiveJwtDecoder> decoders,
                ObjectProvider<ReactiveJwtAuthenticationConverter> converters) {
            return new JwtTokenVerifier(decoders::getIfUnique, converters::getIfUnique);
        }
    }

    /** The application's security, when it defines none itself. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingBean(SecurityWebFilterChain.class)
    @ConditionalOnBooleanProperty(name = "vgi.security.enabled", matchIfMissing = true)
    static class DefaultChainsConfiguration {

        @Bean
        @Order(VGI_CHAIN_ORDER)
        SecurityWebFilterChain vgiSecurityWebFilterChain(ServerHttpSecurity http, VgiBearerSecurity vgi,
                StaticTokenVerifier staticTokens, ListableBeanFactory beans) {
            boolean custom = vgi.verifiers().stream().anyMatch(v -> !(v instanceof StaticTokenVerifier)
                    && !v.getClass().getName().equals(JWT_VERIFIER));
            if (staticTokens.isEmpty() && !custom && !OtherRoutesSecurity.hasJwtDecoder(beans)) {
                log.warn("The VGI routes are secured but no credential can pass: set vgi.security.tokens.<name>=<secret>, "
                        + "configure an OAuth2 resource server (a ReactiveJwtDecoder), or define a SecurityWebFilterChain. "
                        + "Every request but health and OPTIONS will be answered 401.");
            }
            return vgi.configure(http).build();
        }

        @Bean
        @Order(OTHER_ROUTES_CHAIN_ORDER)
        SecurityWebFilterChain vgiOtherRoutesSecurityWebFilterChain(ServerHttpSecurity http, ListableBeanFactory beans) {
            return OtherRoutesSecurity.configure(http, beans).build();
        }
    }
}
