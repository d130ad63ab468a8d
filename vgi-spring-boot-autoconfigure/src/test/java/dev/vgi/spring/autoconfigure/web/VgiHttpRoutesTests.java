package dev.vgi.spring.autoconfigure.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import java.security.Principal;

import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.web.server.WebFilter;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.server.WebHandler;

import dev.vgi.core.rpc.Identity;
import dev.vgi.core.rpc.http.HttpOptions;
import dev.vgi.core.rpc.http.HttpRpcHandler;
import dev.vgi.core.rpc.http.HttpRpcRequest;
import dev.vgi.core.rpc.http.HttpRpcResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The adapter alone, over a recording stand-in for the core handler. */
class VgiHttpRoutesTests {

    private static final String ARROW = "application/vnd.apache.arrow.stream";

    private final List<HttpRpcRequest> seen = new CopyOnWriteArrayList<>();
    private final List<String> threads = new CopyOnWriteArrayList<>();

    private HttpRpcHandler handler(String prefix, long maxRequestBytes, HttpRpcResponse answer) {
        HttpRpcHandler h = mock(HttpRpcHandler.class);
        when(h.options()).thenReturn(HttpOptions.builder().prefix(prefix).build());
        when(h.maxRequestBytes()).thenReturn(maxRequestBytes);
        when(h.handle(any())).thenAnswer(inv -> {
            seen.add(inv.getArgument(0));
            threads.add(Thread.currentThread().getName());
            return answer;
        });
        when(h.requestTooLarge(any())).thenAnswer(inv -> {
            seen.add(inv.getArgument(0));
            return new HttpRpcResponse(413, Map.of("Content-Type", "application/json", "Connection", "close"),
                    "{\"error\":\"too large\"}".getBytes(StandardCharsets.UTF_8));
        });
        return h;
    }

    private static WebTestClient client(HttpRpcHandler handler) {
        WebHandler notFound = exchange -> {
            exchange.getResponse().setStatusCode(HttpStatus.NOT_FOUND);
            return exchange.getResponse().setComplete();
        };
        return WebTestClient.bindToWebHandler(notFound).webFilter(new VgiHttpRoutes(handler)).build();
    }

    @Test
    void bodyHeadersAndPathReachTheHandlerAndTheAnswerIsWrittenVerbatim() {
        byte[] body = new byte[3 * 1024 * 1024 + 17];
        new Random(1).nextBytes(body);
        byte[] answer = "arrow-bytes".getBytes(StandardCharsets.US_ASCII);
        HttpRpcHandler h = handler("/vgi", 0, new HttpRpcResponse(200,
                Map.of("Content-Type", ARROW, "X-Request-ID", "abc", "VGI-Supported-Encodings", ""), answer));

        byte[] got = client(h).post().uri("/vgi/echo?ignored=1").header("Content-Type", ARROW)
                .header("Content-Encoding", "zstd").header("X-Request-ID", "abc").bodyValue(body)
                .exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("Content-Type", ARROW)
                .expectHeader().valueEquals("X-Request-ID", "abc")
                .expectHeader().valueEquals("VGI-Supported-Encodings", "")
                .expectHeader().contentLength(answer.length)
                .expectBody().returnResult().getResponseBody();

        assertThat(got).isEqualTo(answer);
        HttpRpcRequest r = seen.get(0);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/vgi/echo");
        assertThat(r.header("content-encoding")).isEqualTo("zstd");
        assertThat(r.header("Content-Type")).isEqualTo(ARROW);
        assertThat(r.body()).isEqualTo(body);
        assertThat(r.identity()).isNull();
        // blocking work never runs on the event loop
        assertThat(threads.get(0)).startsWith("boundedElastic");
    }

    @Test
    void chunkedBodyIsAccumulated() {
        HttpRpcHandler h = handler("", 0, new HttpRpcResponse(200, Map.of(), new byte[0]));
        Flux<DataBuffer> chunks = Flux.range(0, 64)
                .map(i -> DefaultDataBufferFactory.sharedInstance.wrap(new byte[] { i.byteValue(), i.byteValue() }));
        client(h).post().uri("/m").body(chunks, DataBuffer.class).exchange().expectStatus().isOk();
        assertThat(seen.get(0).body()).hasSize(128);
        assertThat((int) seen.get(0).body()[127]).isEqualTo(63);
    }

    @Test
    void pathsOutsideThePrefixAreLeftAlone() {
        HttpRpcHandler h = handler("/vgi", 0, new HttpRpcResponse(200, Map.of(), new byte[0]));
        client(h).get().uri("/vgiother/health").exchange().expectStatus().isNotFound();
        client(h).get().uri("/health").exchange().expectStatus().isNotFound();
        verify(h, never()).handle(any());
    }

    @Test
    void thePrefixItselfAndEverythingBelowItIsRouted() {
        HttpRpcHandler h = handler("/vgi", 0, new HttpRpcResponse(404, Map.of(), new byte[0]));
        client(h).get().uri("/vgi").exchange().expectStatus().isNotFound();
        client(h).post().uri("/vgi/a/b/c").exchange().expectStatus().isNotFound();
        assertThat(seen).extracting(HttpRpcRequest::path).containsExactly("/vgi", "/vgi/a/b/c");
    }

    @Test
    void declaredLengthOverTheCapIsRefusedWithoutCallingTheHandler() {
        HttpRpcHandler h = handler("", 1000, new HttpRpcResponse(200, Map.of(), new byte[0]));
        client(h).post().uri("/m").bodyValue(new byte[1001]).exchange()
                .expectStatus().isEqualTo(413)
                .expectHeader().valueEquals("Connection", "close")
                .expectBody(String.class).isEqualTo("{\"error\":\"too large\"}");
        verify(h, never()).handle(any());
    }

    @Test
    void streamedBodyOverTheCapIsRefusedWhileReading() {
        HttpRpcHandler h = handler("", 1000, new HttpRpcResponse(200, Map.of(), new byte[0]));
        Flux<DataBuffer> chunks = Flux.range(0, 20)
                .map(i -> DefaultDataBufferFactory.sharedInstance.wrap(new byte[100]));
        client(h).post().uri("/m").body(chunks, DataBuffer.class).exchange().expectStatus().isEqualTo(413);
        verify(h, never()).handle(any());
    }

    @Test
    void healthIsExemptFromTheCapAndGetsNoBody() {
        HttpRpcHandler h = handler("/vgi", 10, new HttpRpcResponse(200, Map.of(), new byte[0]));
        client(h).post().uri("/vgi/health").bodyValue(new byte[100]).exchange().expectStatus().isOk();
        assertThat(seen.get(0).body()).isEmpty();
        verify(h, never()).requestTooLarge(any());
    }

    @Test
    void bodyAtTheCapIsAccepted() {
        HttpRpcHandler h = handler("", 1000, new HttpRpcResponse(200, Map.of(), new byte[0]));
        client(h).post().uri("/m").bodyValue(new byte[1000]).exchange().expectStatus().isOk();
        assertThat(seen.get(0).body()).hasSize(1000);
    }

    @Test
    void headAnswersTheLengthWithoutABody() {
        byte[] json = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
        HttpRpcHandler h = handler("", 0, new HttpRpcResponse(200, Map.of("Content-Type", "application/json"), json));
        client(h).head().uri("/health").exchange()
                .expectStatus().isOk()
                .expectHeader().contentLength(json.length)
                .expectBody().isEmpty();
        assertThat(seen.get(0).method()).isEqualTo("HEAD");
    }

    @Test
    void optionsAndCorsPreflightReachTheHandler() {
        HttpRpcHandler h = handler("/vgi", 0, new HttpRpcResponse(204, Map.of("Cache-Control", "public, max-age=300"),
                new byte[0]));
        client(h).options().uri("/vgi/health").exchange()
                .expectStatus().isNoContent()
                .expectHeader().valueEquals("Cache-Control", "public, max-age=300")
                .expectHeader().doesNotExist("Content-Length");
        client(h).method(HttpMethod.OPTIONS).uri("/vgi/echo").header("Origin", "https://example.org")
                .header("Access-Control-Request-Method", "POST").exchange()
                .expectStatus().isNoContent();
        assertThat(seen).extracting(HttpRpcRequest::method).containsExactly("OPTIONS", "OPTIONS");
    }

    @Test
    void aPrincipalEstablishedBySpringSecurityBecomesTheIdentity() {
        HttpRpcHandler h = handler("", 0, new HttpRpcResponse(200, Map.of(), new byte[0]));
        var user = UsernamePasswordAuthenticationToken.authenticated("alice", null,
                List.of(new SimpleGrantedAuthority("ROLE_WORKER")));
        var anonymous = new AnonymousAuthenticationToken("key", "anonymousUser",
                List.of(new SimpleGrantedAuthority("ROLE_ANONYMOUS")));
        for (Principal p : List.<Principal>of(user, anonymous)) {
            WebFilter authenticate = (exchange, chain) -> chain.filter(exchange.mutate().principal(Mono.just(p)).build());
            WebTestClient.bindToWebHandler(exchange -> Mono.empty()).webFilter(authenticate, new VgiHttpRoutes(h))
                    .build().post().uri("/m").exchange().expectStatus().isOk();
        }
        assertThat(seen.get(0).identity()).isEqualTo(new Identity("spring-security", "alice", true,
                Map.of("authorities", List.of("ROLE_WORKER"))));
        // anonymous is no identity: the core's own authenticator still decides
        assertThat(seen.get(1).identity()).isNull();
    }

    @Test
    void anyStatusIsPassedThrough() {
        HttpRpcHandler h = handler("", 0, new HttpRpcResponse(415, Map.of("Content-Type", ARROW), new byte[] { 1, 2 }));
        client(h).put().uri("/m").exchange().expectStatus().isEqualTo(415).expectBody().consumeWith(
                r -> assertThat(r.getResponseBody()).containsExactly(1, 2));
        assertThat(seen.get(0).method()).isEqualTo("PUT");
    }
}
