package dev.vgi.spring.autoconfigure.security;

import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reading and checking bearer tokens (wire spec 6.10): no {@code Authorization} header means no
 * credential (the request goes on unauthenticated and is refused {@code missing_credential}); one
 * that is not {@code Bearer <token>} is {@code invalid_credential}; the token is then offered to
 * each {@link VgiTokenVerifier} in turn and is {@code invalid_credential} if none recognises it.
 */
final class BearerTokenAuthentication {

    private static final String SCHEME = "Bearer ";

    private BearerTokenAuthentication() {
    }

    /** The presented token, before verification; its string form never shows the token. */
    static final class Credential extends AbstractAuthenticationToken {

        private static final long serialVersionUID = 1L;

        private final String token;

        Credential(String token) {
            super(List.of());
            this.token = token;
        }

        @Override
        public Object getCredentials() {
            return token;
        }

        @Override
        public Object getPrincipal() {
            return "";
        }

        @Override
        public String toString() {
            return "BearerTokenAuthentication.Credential[PROTECTED]";
        }
    }

    /** Extracts the token from the {@code Authorization} header. */
    static ServerAuthenticationConverter converter() {
        return BearerTokenAuthentication::convert;
    }

    static Mono<Authentication> convert(ServerWebExchange exchange) {
        String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (header == null || header.isBlank()) {
            return Mono.empty();
        }
        if (!header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return Mono.error(VgiAuthenticationException.invalid("Authorization is not a bearer token"));
        }
        String token = header.substring(SCHEME.length()).trim();
        if (token.isEmpty()) {
            return Mono.error(VgiAuthenticationException.invalid("Empty bearer token"));
        }
        return Mono.just(new Credential(token));
    }

    /** Asks the verifiers in order; the first that recognises the token wins. */
    static ReactiveAuthenticationManager manager(List<VgiTokenVerifier> verifiers) {
        List<VgiTokenVerifier> ordered = List.copyOf(verifiers);
        return authentication -> {
            if (!(authentication instanceof Credential credential)) {
                return Mono.empty();
            }
            return Flux.fromIterable(ordered)
                    .concatMap(v -> v.verify(credential.token))
                    .next()
                    .cast(Authentication.class)
                    .switchIfEmpty(Mono.error(() -> VgiAuthenticationException.invalid("Unknown bearer token")));
        };
    }
}
