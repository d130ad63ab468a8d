package dev.vgi.spring.autoconfigure.web;

import java.net.InetSocketAddress;
import java.security.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.util.ClassUtils;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.server.WebHandler;

import dev.vgi.core.rpc.Identity;
import dev.vgi.core.rpc.http.HttpRpcHandler;
import dev.vgi.core.rpc.http.HttpRpcRequest;
import dev.vgi.core.rpc.http.HttpRpcResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The WebFlux adapter over {@link HttpRpcHandler}: every request whose path is the handler's
 * prefix or lies under it, whatever its method, is read into memory (capped at
 * {@link HttpRpcHandler#maxRequestBytes()}), handled on {@link Schedulers#boundedElastic()} and
 * answered with exactly the status, headers and bytes the handler produced.
 *
 * <p>It is a {@link WebFilter} placed last in the filter chain rather than a router function:
 * filters such as Spring Security and observation still run first, but the request never reaches
 * the {@code DispatcherHandler}, whose codecs (256 KiB default limit), content negotiation (406/415
 * of its own) and CORS pre-flight handling would change what the vgi-rpc contract says the worker
 * answers. Requests outside the prefix continue down the chain. It is also a {@link WebHandler}, for
 * applications that want to mount it by hand.
 */
public final class VgiHttpRoutes implements WebFilter, WebHandler, Ordered {

    /** Filter order: after every filter with an explicit order, so they all see VGI requests. */
    public static final int ORDER = Ordered.LOWEST_PRECEDENCE;

    /** The largest body a Java byte array can hold; the cap when none is configured. */
    static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private static final Logger log = LoggerFactory.getLogger(VgiHttpRoutes.class);

    private static final boolean SECURITY_PRESENT = ClassUtils.isPresent(
            "org.springframework.security.core.Authentication", VgiHttpRoutes.class.getClassLoader());

    private final HttpRpcHandler handler;
    private final String prefix;
    private final String health;

    /** Creates the adapter; the prefix is the one in the handler's options. */
    public VgiHttpRoutes(HttpRpcHandler handler) {
        this.handler = handler;
        this.prefix = handler.options().prefix();
        this.health = prefix + "/health";
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    /** Whether {@code path} is the prefix itself or below it (every path when mounted at the root). */
    public boolean matches(String path) {
        return prefix.isEmpty() || path.equals(prefix) || path.startsWith(prefix + "/");
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!matches(exchange.getRequest().getPath().pathWithinApplication().value())) {
            return chain.filter(exchange);
        }
        return handle(exchange);
    }

    /** Answers {@code exchange} with the handler, whatever its path. */
    @Override
    public Mono<Void> handle(ServerWebExchange exchange) {
        ServerHttpRequest request = exchange.getRequest();
        long configured = handler.maxRequestBytes();
        int cap = configured > 0 && configured < MAX_ARRAY ? (int) configured : MAX_ARRAY;
        return exchange.getPrincipal()
                .map(VgiHttpRoutes::identity)
                .defaultIfEmpty(Optional.empty())
                .flatMap(identity -> {
                    Mono<byte[]> body;
                    if (request.getPath().pathWithinApplication().value().equals(health)) {
                        // health is exempt from the size cap (wire spec 6.3) and has no use for a
                        // body: whatever was sent is read and dropped, never buffered
                        body = request.getBody().doOnNext(DataBufferUtils::release).then(Mono.just(new byte[0]));
                    } else if (request.getHeaders().getContentLength() > cap) {
                        // a declared length over the cap is refused before a byte is read
                        return respond(exchange, tooLarge(request, identity));
                    } else {
                        body = DataBufferUtils.join(request.getBody(), cap).map(VgiHttpRoutes::drain);
                    }
                    return body
                            .defaultIfEmpty(new byte[0])
                            .publishOn(Schedulers.boundedElastic())
                            .map(bytes -> handler.handle(toRequest(request, bytes, identity.orElse(null))))
                            .onErrorResume(DataBufferLimitException.class, e -> Mono.fromCallable(
                                    () -> tooLarge(request, identity)).subscribeOn(Schedulers.boundedElastic()))
                            .flatMap(response -> respond(exchange, response));
                });
    }

    private HttpRpcResponse tooLarge(ServerHttpRequest request, Optional<Identity> identity) {
        return handler.requestTooLarge(toRequest(request, new byte[0], identity.orElse(null)));
    }

    private static byte[] drain(DataBuffer buffer) {
        try {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            return bytes;
        } finally {
            DataBufferUtils.release(buffer);
        }
    }

    private static HttpRpcRequest toRequest(ServerHttpRequest request, byte[] body, Identity identity) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        request.getHeaders().forEach((name, values) -> headers.put(name, new ArrayList<>(values)));
        return new HttpRpcRequest(request.getMethod().name(), request.getPath().pathWithinApplication().value(),
                headers, body, remoteAddress(request), identity);
    }

    private static String remoteAddress(ServerHttpRequest request) {
        InetSocketAddress remote = request.getRemoteAddress();
        if (remote == null) {
            return "";
        }
        return remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
    }

    private static Optional<Identity> identity(Principal principal) {
        if (SECURITY_PRESENT) {
            return SecurityIdentity.of(principal);
        }
        return Optional.of(Identity.authenticated("spring", principal.getName()));
    }

    private static Mono<Void> respond(ServerWebExchange exchange, HttpRpcResponse r) {
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(HttpStatusCode.valueOf(r.status()));
        HttpHeaders headers = response.getHeaders();
        r.headers().forEach(headers::set);
        byte[] body = r.body();
        if (r.status() == 204 || r.status() == 304 || r.status() < 200) {
            // these statuses carry neither a body nor a Content-Length
            return response.setComplete();
        }
        // an explicit length also makes HEAD answer the length GET would have had
        headers.setContentLength(body.length);
        if (body.length == 0) {
            return response.setComplete();
        }
        return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(body)))
                .doOnError(e -> log.debug("writing the VGI response failed: {}", e.toString()));
    }
}
