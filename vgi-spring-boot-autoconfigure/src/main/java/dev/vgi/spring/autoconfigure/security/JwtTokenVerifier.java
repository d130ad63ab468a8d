package dev.vgi.spring.autoconfigure.security;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.springframework.core.Ordered;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverter;

import dev.vgi.core.rpc.Identity;
import reactor.core.publisher.Mono;

/**
 * Accepts JWTs with the application's OAuth2 resource server: the {@link ReactiveJwtDecoder} bean
 * (built by Spring Boot from {@code spring.security.oauth2.resourceserver.jwt.*} or by the
 * application) checks signature and validity, and the {@link ReactiveJwtAuthenticationConverter}
 * (Boot's, honouring {@code principal-claim-name} and the authority settings, or the default one)
 * names the principal. The caller's identity is {@code jwt}/{@code <principal>} with the token's
 * claims.
 *
 * <p>The decoder is looked up on each call, so it may be defined anywhere and after this verifier.
 * Without one the verifier recognises nothing.
 */
final class JwtTokenVerifier implements VgiTokenVerifier, Ordered {

    /** The identity domain of JWTs. */
    static final String DOMAIN = "jwt";

    private final Supplier<ReactiveJwtDecoder> decoder;
    private final Supplier<ReactiveJwtAuthenticationConverter> converter;

    JwtTokenVerifier(Supplier<ReactiveJwtDecoder> decoder, Supplier<ReactiveJwtAuthenticationConverter> converter) {
        this.decoder = decoder;
        this.converter = converter;
    }

    @Override
    public int getOrder() {
        return JWT_ORDER;
    }

    @Override
    public Mono<VgiAuthentication> verify(String token) {
        ReactiveJwtDecoder jwtDecoder = decoder.get();
        if (jwtDecoder == null) {
            return Mono.empty();
        }
        ReactiveJwtAuthenticationConverter c = converter.get();
        ReactiveJwtAuthenticationConverter jwtConverter = c != null ? c : new ReactiveJwtAuthenticationConverter();
        return jwtDecoder.decode(token)
                .onErrorMap(JwtException.class, JwtTokenVerifier::refusal)
                .flatMap(jwt -> jwtConverter.convert(jwt).map(auth -> authentication(jwt, auth)));
    }

    private static VgiAuthentication authentication(Jwt jwt, AbstractAuthenticationToken converted) {
        Map<String, Object> claims = new LinkedHashMap<>();
        jwt.getClaims().forEach((k, v) -> {
            if (k != null && v != null) {
                claims.put(k, v);
            }
        });
        return new VgiAuthentication(new Identity(DOMAIN, converted.getName(), true, claims), converted.getAuthorities());
    }

    /** What a decoding failure means for the caller; details never echo the token. */
    private static RuntimeException refusal(JwtException e) {
        if (e instanceof JwtValidationException v && expired(v)) {
            return VgiAuthenticationException.expired("Bearer token expired");
        }
        if (e instanceof BadJwtException) {
            return VgiAuthenticationException.invalid("Invalid bearer token");
        }
        // not a verdict on the token: the key set or the issuer could not be reached
        return new AuthenticationServiceException("The token issuer is unavailable", e);
    }

    private static boolean expired(JwtValidationException e) {
        for (OAuth2Error error : e.getErrors()) {
            String d = error.getDescription();
            if (d != null && d.startsWith("Jwt expired")) {
                return true;
            }
        }
        return false;
    }
}
