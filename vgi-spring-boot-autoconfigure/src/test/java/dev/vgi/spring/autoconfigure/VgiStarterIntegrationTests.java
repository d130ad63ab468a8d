package dev.vgi.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.vgi.core.rpc.RpcService;

/**
 * A full application on Reactor Netty with Spring Security, the actuator and Micrometer on the
 * class path, as a user would have it: bearer tokens on the VGI routes, Spring Boot's defaults on
 * the rest, the {@code vgi} endpoint and health contributor, and call metrics.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "vgi.security.tokens.ci=ci-secret",
        "spring.security.user.name=ops", "spring.security.user.password=ops-pw",
        "management.endpoints.web.exposure.include=health,vgi,metrics",
        "management.endpoint.health.show-details=always" })
@AutoConfigureWebTestClient
class VgiStarterIntegrationTests {

    @Autowired
    private WebTestClient client;

    private byte[] whoami(String authorization, int status) {
        return client.post().uri("/vgi/Test/whoami").header("Content-Type", VgiTestCalls.ARROW)
                .header("Authorization", authorization).bodyValue(VgiTestCalls.request("whoami")).exchange()
                .expectStatus().isEqualTo(status).expectBody().returnResult().getResponseBody();
    }

    @Test
    void vgiCallsNeedABearerTokenAndSeeItsName() {
        assertThat(VgiTestCalls.firstValue(whoami("Bearer ci-secret", 200))).isEqualTo("bearer:ci");
        whoami("Bearer nope", 401);
        client.get().uri("/vgi/health").exchange().expectStatus().isOk();
    }

    @Test
    void actuatorHealthIsOpenAndReportsTheWorker() {
        client.get().uri("/actuator/health").exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.components.vgi.status").isEqualTo("UP")
                .jsonPath("$.components.vgi.details.protocols").isEqualTo(2);
    }

    @Test
    void theVgiEndpointListsProtocolsToAuthenticatedOperators() {
        client.get().uri("/actuator/vgi").exchange().expectStatus().isUnauthorized();
        // a VGI token is not an operator's credential
        client.get().uri("/actuator/vgi").header("Authorization", "Bearer ci-secret").exchange()
                .expectStatus().isUnauthorized();
        client.get().uri("/actuator/vgi").headers(h -> h.setBasicAuth("ops", "ops-pw")).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.protocols[0].name").isEqualTo("Test")
                .jsonPath("$.protocols[0].methods[?(@.name == 'whoami')].kind").isEqualTo("unary")
                .jsonPath("$.protocols[1].name").isEqualTo("vgi_rpc.Reflection.v1");
        client.get().uri("/actuator/vgi/Test").headers(h -> h.setBasicAuth("ops", "ops-pw")).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.methods.length()").isEqualTo(2);
    }

    @Test
    void callsAreMeasured() {
        whoami("Bearer ci-secret", 200);
        client.get().uri("/actuator/metrics/rpc.server.duration?tag=rpc.method:whoami&tag=rpc.vgi_rpc.auth.domain:bearer")
                .headers(h -> h.setBasicAuth("ops", "ops-pw")).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.measurements[?(@.statistic == 'COUNT')].value").isNotEmpty();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @Bean
        RpcService testService() {
            return VgiTestCalls.service();
        }
    }
}
