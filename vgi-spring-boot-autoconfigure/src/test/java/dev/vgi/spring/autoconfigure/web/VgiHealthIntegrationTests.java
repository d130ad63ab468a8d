package dev.vgi.spring.autoconfigure.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.vgi.core.rpc.http.HttpRpcHandler;

/** A full application on Reactor Netty: {@code GET /vgi/health} reaches the core handler. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class VgiHealthIntegrationTests {

    @Autowired
    private WebTestClient client;

    @Autowired
    private HttpRpcHandler handler;

    @Test
    void healthReachesTheHandler() {
        assertThat(handler.options().prefix()).isEqualTo("/vgi");
        EntityExchangeResult<byte[]> result = client.get().uri("/vgi/health").exchange()
                .expectStatus().isOk()
                .expectHeader().exists("VGI-Supported-Encodings")
                .expectBody().returnResult();
        assertThat(result.getResponseHeaders().getContentType().toString()).contains("json");
        assertThat(new String(result.getResponseBody(), StandardCharsets.UTF_8)).contains("\"status\"");
    }

    @Test
    void headOnHealthReachesTheHandler() {
        client.head().uri("/vgi/health").exchange().expectStatus().isOk().expectBody().isEmpty();
    }

    @Test
    void pathsOutsideTheBasePathAreNotVgi() {
        client.get().uri("/health").exchange().expectStatus().isNotFound();
    }

    /** Without Spring Security: these tests are about the adapter (security has its own tests). */
    @SpringBootConfiguration
    @EnableAutoConfiguration(excludeName = {
            "org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.actuate.web.reactive.ReactiveManagementWebSecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration",
            "dev.vgi.spring.autoconfigure.security.VgiSecurityAutoConfiguration" })
    static class App {
    }
}
