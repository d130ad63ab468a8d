package dev.vgi.spring.autoconfigure.security;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.CredentialsExpiredException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.WebFilterExchange;
import org.springframework.security.web.server.authentication.ServerAuthenticationFailureHandler;
import org.springframework.web.server.ServerWebExchange;

import dev.vgi.core.rpc.http.AuthenticationFailure;
import dev.vgi.core.rpc.http.HttpRpcHandler;
import dev.vgi.core.rpc.http.HttpRpcRequest;
import dev.vgi.core.rpc.http.HttpRpcResponse;
import reactor.core.publisher.Mono;

/**
 * Answers refused VGI requests as the wire spec requires (6.10), with the headers and body the
 * core handler produces for its own authenticator: {@code 401}, {@code Content-Type:
 * application/json}, body {@code {"error":"unauthorized","reason":…,"detail":…}},
 * {@code VGI-Auth-Reason}, {@code Cache-Control: no-store}, plus {@code X-Request-ID} and the
 * capability headers every VGI response carries. An authority that could not be reached
 * ({@link AuthenticationServiceException}) is a {@code 503} with {@code Retry-After} instead.
 *
 * <p>Reasons: no credential ({@link AuthenticationCredentialsNotFoundException}) is
 * {@code missing_credential}; a {@link VgiAuthenticationException} carries its own;
 * {@link CredentialsExpiredException} is {@code expired_credential}; every other refusal is
 * {@code invalid_credential}. Details are fixed texts that never echo what the caller sent.
 *
 * <p>It is also a {@link ServerAuthenticationFailureHandler}, so one instance serves both the
 * authentication filter (bad credentials) and exception handling (none at all).
 */
public final class VgiAuthenticationEntryPoint implements ServerAuthenticationEntryPoint, ServerAuthenticationFailureHandler {

    /** The {@code Retry-After} seconds of a 503. */
    static final long RETRY_AFTER_SECONDS = 5;

    private final HttpRpcHandler handler;

    /** Creates the entry point answering with {@code handler}'s headers. */
    public VgiAuthenticationEntryPoint(HttpRpcHandler handler) {
        this.handler = handler;
    }

    @Override
    public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException ex) {
        HttpRpcRequest request = request(exchange.getRequest());
        HttpRpcResponse response = ex instanceof AuthenticationServiceException
                ? handler.authenticationUnavailable(request, RETRY_AFTER_SECONDS)
                : handler.unauthorized(request, failure(ex));
        return write(exchange.getResponse(), response);
    }

    @Override
    public Mono<Void> onAuthenticationFailure(WebFilterExchange webFilterExchange, AuthenticationException exception) {
        return commence(webFilterExchange.getExchange(), exception);
    }

    /** The {@code VGI-Auth-Reason} and detail for {@code ex}. */
    public static AuthenticationFailure failure(AuthenticationException ex) {
        if (ex instanceof VgiAuthenticationException v) {
            return new AuthenticationFailure(v.reason(), v.getMessage());
        }
        if (ex instanceof AuthenticationCredentialsNotFoundException) {
            return AuthenticationFailure.missing();
        }
        if (ex instanceof CredentialsExpiredException) {
            return new AuthenticationFailure("expired_credential", "Credential expired");
        }
        return new AuthenticationFailure("invalid_credential", "Invalid credential");
    }

    private static HttpRpcRequest request(ServerHttpRequest request) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        request.getHeaders().forEach((name, values) -> headers.put(name, new ArrayList<>(values)));
        InetSocketAddress remote = request.getRemoteAddress();
        String address = remote == null ? "" : remote.getHostString();
        return new HttpRpcRequest(request.getMethod().name(), request.getPath().pathWithinApplication().value(),
                headers, new byte[0], address, null);
    }

    private static Mono<Void> write(ServerHttpResponse response, HttpRpcResponse r) {
        if (response.isCommitted()) {
            return Mono.empty();
        }
        response.setStatusCode(HttpStatusCode.valueOf(r.status()));
        HttpHeaders headers = response.getHeaders();
        r.headers().forEach(headers::set);
        byte[] body = r.body();
        headers.setContentLength(body.length);
        return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(body)));
    }
}
