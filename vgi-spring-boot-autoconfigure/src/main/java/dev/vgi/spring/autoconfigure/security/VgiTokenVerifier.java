package dev.vgi.spring.autoconfigure.security;

import reactor.core.publisher.Mono;

/**
 * Checks one bearer token for the VGI routes. The starter asks every verifier bean in order
 * ({@link org.springframework.core.annotation.Order @Order}) until one recognises the token: static
 * tokens ({@code vgi.security.tokens}) first, then JWTs when the application has a
 * {@code ReactiveJwtDecoder}. Applications add their own (API keys in a database, say) as beans.
 */
@FunctionalInterface
public interface VgiTokenVerifier {

    /** Order of the static-token verifier. */
    int STATIC_TOKENS_ORDER = 0;

    /** Order of the JWT verifier. */
    int JWT_ORDER = 100;

    /**
     * Verifies {@code token}.
     *
     * @param token the bearer token, never empty
     * @return the authenticated caller; empty when this verifier does not recognise the token (the
     *     next one is asked, and if none does the caller gets {@code invalid_credential}); an error
     *     with a {@link VgiAuthenticationException} to refuse it with a specific reason, or an
     *     {@link org.springframework.security.authentication.AuthenticationServiceException} when
     *     the authority behind it cannot be reached (answered 503)
     */
    Mono<VgiAuthentication> verify(String token);
}
