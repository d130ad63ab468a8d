package dev.vgi.spring.autoconfigure.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.reactive.ReactiveOAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.server.WebHandler;

import dev.vgi.core.rpc.RpcService;
import dev.vgi.spring.autoconfigure.VgiAutoConfiguration;
import dev.vgi.spring.autoconfigure.VgiTestCalls;
import dev.vgi.spring.autoconfigure.web.VgiWebFluxAutoConfiguration;
import reactor.core.publisher.Mono;

/**
 * The starter's security over the whole reactive filter chain (Spring Security's own
 * auto-configurations included): who gets in, what a refusal looks like, and who the functions see.
 */
class VgiSecurityWebTests {

    private static final String WHOAMI = "/vgi/Test/whoami";

    private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(VgiAutoConfiguration.class, VgiWebFluxAutoConfiguration.class,
                    VgiSecurityAutoConfiguration.class, ReactiveWebSecurityAutoConfiguration.class,
                    ReactiveUserDetailsServiceAutoConfiguration.class, ReactiveOAuth2ResourceServerAutoConfiguration.class))
            .withUserConfiguration(App.class)
            .withPropertyValues("vgi.security.tokens.alice=s3cret-alice", "vgi.security.tokens.bob=s3cret-bob",
                    "spring.security.user.name=admin", "spring.security.user.password=admin-pw");

    private static WebTestClient client(ApplicationContext context) {
        return WebTestClient.bindToApplicationContext(context).build();
    }

    private void run(Consumer<WebTestClient> test) {
        runner.run(ctx -> {
            assertThat(ctx).hasNotFailed();
            test.accept(client(ctx));
        });
    }

    private static WebTestClient.ResponseSpec call(WebTestClient client, String path, String authorization) {
        var request = client.post().uri(path).header("Content-Type", VgiTestCalls.ARROW);
        if (authorization != null) {
            request = request.header("Authorization", authorization);
        }
        return request.bodyValue(VgiTestCalls.request(path.substring(path.lastIndexOf('/') + 1))).exchange();
    }

    private static void expect401(WebTestClient.ResponseSpec response, String reason) {
        response.expectStatus().isUnauthorized()
                .expectHeader().valueEquals("VGI-Auth-Reason", reason)
                .expectHeader().valueEquals("Cache-Control", "no-store")
                .expectHeader().contentType("application/json")
                // stamped like every VGI response
                .expectHeader().exists("X-Request-ID")
                .expectHeader().exists("VGI-Supported-Encodings")
                .expectBody()
                .jsonPath("$.error").isEqualTo("unauthorized")
                .jsonPath("$.reason").isEqualTo(reason)
                .jsonPath("$.detail").isNotEmpty();
    }

    @Test
    void noTokenIsMissingCredential() {
        run(client -> expect401(call(client, WHOAMI, null), "missing_credential"));
    }

    @Test
    void wrongTokenIsInvalidCredential() {
        run(client -> {
            expect401(call(client, WHOAMI, "Bearer s3cret-carol"), "invalid_credential");
            // a prefix of a real secret is no better
            expect401(call(client, WHOAMI, "Bearer s3cret-alic"), "invalid_credential");
            expect401(call(client, WHOAMI, "Basic " + Base64.getEncoder().encodeToString("a:b".getBytes())),
                    "invalid_credential");
            expect401(call(client, WHOAMI, "Bearer "), "invalid_credential");
        });
    }

    @Test
    void refusalsNeverEchoTheCredential() {
        run(client -> {
            byte[] body = call(client, WHOAMI, "Bearer my-guess-123").expectStatus().isUnauthorized()
                    .expectBody().returnResult().getResponseBody();
            assertThat(new String(body)).doesNotContain("my-guess-123");
        });
    }

    @Test
    void goodTokenReachesTheFunctionAsItsIdentity() {
        run(client -> {
            byte[] body = call(client, WHOAMI, "Bearer s3cret-alice").expectStatus().isOk()
                    .expectHeader().doesNotExist("VGI-Auth-Reason")
                    .expectBody().returnResult().getResponseBody();
            assertThat(VgiTestCalls.firstValue(body)).isEqualTo("bearer:alice");
            byte[] bob = call(client, WHOAMI, "bearer s3cret-bob").expectStatus().isOk()
                    .expectBody().returnResult().getResponseBody();
            assertThat(VgiTestCalls.firstValue(bob)).isEqualTo("bearer:bob");
        });
    }

    @Test
    void healthAndOptionsNeedNoToken() {
        run(client -> {
            client.get().uri("/vgi/health").exchange().expectStatus().isOk()
                    .expectBody().jsonPath("$.status").isEqualTo("ok");
            client.head().uri("/vgi/health").exchange().expectStatus().isOk();
            // health never looks at credentials, not even wrong ones
            client.get().uri("/vgi/health").header("Authorization", "Bearer wrong").exchange().expectStatus().isOk();
            client.options().uri(WHOAMI).exchange().expectStatus().isOk()
                    .expectHeader().valueEquals("Cache-Control", "public, max-age=300");
        });
    }

    @Test
    void unknownMethodsAreRefusedBeforeTheyAreResolved() {
        run(client -> expect401(call(client, "/vgi/Test/no_such_method", null), "missing_credential"));
    }

    @Test
    void atTheRootEveryPathIsVgi() {
        runner.withPropertyValues("vgi.http.base-path=").run(ctx -> {
            WebTestClient client = client(ctx);
            client.get().uri("/health").exchange().expectStatus().isOk();
            expect401(call(client, "/Test/whoami", null), "missing_credential");
            byte[] body = call(client, "/Test/whoami", "Bearer s3cret-bob").expectStatus().isOk()
                    .expectBody().returnResult().getResponseBody();
            assertThat(VgiTestCalls.firstValue(body)).isEqualTo("bearer:bob");
        });
    }

    @Test
    void otherRoutesKeepSpringBootsDefaultSecurity() {
        run(client -> {
            client.get().uri("/other").exchange().expectStatus().isUnauthorized()
                    .expectHeader().doesNotExist("VGI-Auth-Reason");
            // VGI tokens are for VGI routes only
            client.get().uri("/other").header("Authorization", "Bearer s3cret-alice").exchange()
                    .expectStatus().isUnauthorized();
            client.get().uri("/other").headers(h -> h.setBasicAuth("admin", "admin-pw")).exchange()
                    .expectStatus().isNotFound();
        });
    }

    @Test
    void aChainTheApplicationDefinesWins() {
        runner.withUserConfiguration(PermitAll.class).run(ctx -> {
            assertThat(ctx).doesNotHaveBean("vgiSecurityWebFilterChain")
                    .doesNotHaveBean("vgiOtherRoutesSecurityWebFilterChain")
                    .hasSingleBean(SecurityWebFilterChain.class);
            byte[] body = call(client(ctx), WHOAMI, null).expectStatus().isOk()
                    .expectBody().returnResult().getResponseBody();
            // nobody authenticated the caller
            assertThat(VgiTestCalls.firstValue(body)).isEqualTo(":");
        });
    }

    @Test
    void theApplicationsChainCanUseTheStartersBearerSecurity() {
        runner.withUserConfiguration(OwnChainsWithVgi.class).run(ctx -> {
            assertThat(ctx).doesNotHaveBean("vgiSecurityWebFilterChain");
            WebTestClient client = client(ctx);
            expect401(call(client, WHOAMI, null), "missing_credential");
            byte[] body = call(client, WHOAMI, "Bearer s3cret-alice").expectStatus().isOk()
                    .expectBody().returnResult().getResponseBody();
            assertThat(VgiTestCalls.firstValue(body)).isEqualTo("bearer:alice");
            client.get().uri("/vgi/health").exchange().expectStatus().isOk();
            // the application's second chain lets everything else through
            client.get().uri("/other").exchange().expectStatus().isNotFound();
        });
    }

    @Test
    void jwtsAreAcceptedWithTheApplicationsDecoder() {
        runner.withUserConfiguration(JwtDecoderConfig.class).run(ctx -> {
            assertThat(ctx).hasNotFailed().hasBean("vgiSecurityWebFilterChain");
            WebTestClient client = client(ctx);
            byte[] body = call(client, WHOAMI, "Bearer good.jwt").expectStatus().isOk()
                    .expectBody().returnResult().getResponseBody();
            assertThat(VgiTestCalls.firstValue(body)).isEqualTo("jwt:carol");
            // static tokens still work next to JWTs
            byte[] alice = call(client, WHOAMI, "Bearer s3cret-alice").expectStatus().isOk()
                    .expectBody().returnResult().getResponseBody();
            assertThat(VgiTestCalls.firstValue(alice)).isEqualTo("bearer:alice");
            expect401(call(client, WHOAMI, "Bearer forged.jwt"), "invalid_credential");
            expect401(call(client, WHOAMI, "Bearer expired.jwt"), "expired_credential");
            expect401(call(client, WHOAMI, null), "missing_credential");
        });
    }

    @Test
    void anUnreachableIssuerIs503NotA401() {
        runner.withUserConfiguration(JwtDecoderConfig.class).run(ctx -> call(client(ctx), WHOAMI, "Bearer down.jwt")
                .expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                .expectHeader().exists("Retry-After")
                .expectHeader().valueEquals("Cache-Control", "no-store")
                .expectHeader().doesNotExist("VGI-Auth-Reason"));
    }

    @Configuration(proxyBeanMethods = false)
    static class App {
        @Bean
        RpcService testService() {
            return VgiTestCalls.service();
        }

        /** The end of the chain for paths outside the VGI routes. */
        @Bean
        WebHandler webHandler() {
            return exchange -> {
                exchange.getResponse().setStatusCode(HttpStatus.NOT_FOUND);
                return exchange.getResponse().setComplete();
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class PermitAll {
        @Bean
        SecurityWebFilterChain mine(ServerHttpSecurity http) {
            return http.authorizeExchange(e -> e.anyExchange().permitAll())
                    .csrf(ServerHttpSecurity.CsrfSpec::disable)
                    .build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnChainsWithVgi {
        @Bean
        @Order(0)
        SecurityWebFilterChain vgi(ServerHttpSecurity http, VgiBearerSecurity vgi) {
            return vgi.configure(http).build();
        }

        @Bean
        @Order(1)
        SecurityWebFilterChain everythingElse(ServerHttpSecurity http) {
            return http.authorizeExchange(e -> e.anyExchange().permitAll()).build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class JwtDecoderConfig {
        @Bean
        ReactiveJwtDecoder jwtDecoder() {
            return token -> switch (token) {
                case "good.jwt" -> Mono.just(Jwt.withTokenValue(token).header("alg", "RS256").subject("carol")
                        .claim("tenant", "t1").issuedAt(Instant.now()).build());
                case "expired.jwt" -> Mono.error(new JwtValidationException("Jwt expired",
                        List.of(new OAuth2Error("invalid_token", "Jwt expired at 2020-01-01T00:00:00Z", null))));
                case "down.jwt" -> Mono.error(new JwtException("Couldn't retrieve the key set"));
                default -> Mono.error(new BadJwtException("Malformed token"));
            };
        }
    }
}
