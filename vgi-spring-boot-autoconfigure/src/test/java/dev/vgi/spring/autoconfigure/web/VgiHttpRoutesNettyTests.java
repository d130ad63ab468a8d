package dev.vgi.spring.autoconfigure.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

import dev.vgi.core.rpc.http.HttpOptions;
import dev.vgi.core.rpc.http.HttpRpcHandler;
import dev.vgi.core.rpc.http.HttpRpcRequest;
import dev.vgi.core.rpc.http.HttpRpcResponse;

/**
 * The adapter on a real Reactor Netty server, with Spring's codecs at their defaults: multi-MB
 * bodies pass in both directions, and the cap answers 413.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class VgiHttpRoutesNettyTests {

    static final List<HttpRpcRequest> SEEN = new CopyOnWriteArrayList<>();
    static final byte[] ANSWER = new byte[5 * 1024 * 1024];

    @LocalServerPort
    private int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void largeBodiesPassBothWays() throws Exception {
        byte[] body = new byte[8 * 1024 * 1024];
        new Random(7).nextBytes(body);
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/big"))
                .header("Content-Type", "application/vnd.apache.arrow.stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/vnd.apache.arrow.stream");
        // no framework compression, no re-encoding
        assertThat(r.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(Arrays.equals(r.body(), ANSWER)).isTrue();
        HttpRpcRequest seen = SEEN.stream().filter(s -> s.path().equals("/big")).findFirst().orElseThrow();
        assertThat(Arrays.equals(seen.body(), body)).isTrue();
        assertThat(seen.remoteAddress()).isEqualTo("127.0.0.1");
    }

    @Test
    void overTheCapIs413() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/m"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[17 * 1024 * 1024])).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(413);
    }

    /** Without Spring Security: these tests are about the adapter (security has its own tests). */
    @SpringBootConfiguration
    @EnableAutoConfiguration(excludeName = {
            "org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.actuate.web.reactive.ReactiveManagementWebSecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration",
            "dev.vgi.spring.autoconfigure.security.VgiSecurityAutoConfiguration" })
    static class App {
        @Bean
        HttpRpcHandler recordingHandler() {
            new Random(3).nextBytes(ANSWER);
            HttpRpcHandler h = mock(HttpRpcHandler.class);
            when(h.options()).thenReturn(HttpOptions.builder().prefix("").build());
            when(h.maxRequestBytes()).thenReturn(16L * 1024 * 1024);
            when(h.handle(any())).thenAnswer(inv -> {
                SEEN.add(inv.getArgument(0));
                return new HttpRpcResponse(200, Map.of("Content-Type", "application/vnd.apache.arrow.stream"), ANSWER);
            });
            when(h.requestTooLarge(any())).thenReturn(new HttpRpcResponse(413, Map.of(), new byte[0]));
            return h;
        }
    }
}
