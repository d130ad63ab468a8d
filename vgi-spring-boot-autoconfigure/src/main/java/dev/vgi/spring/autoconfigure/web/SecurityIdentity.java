package dev.vgi.spring.autoconfigure.web;

import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.util.ClassUtils;

import dev.vgi.core.rpc.Identity;
import dev.vgi.spring.autoconfigure.security.VgiAuthentication;

/**
 * Turns a Spring Security principal into the core's {@link Identity}. Kept apart from
 * {@link VgiHttpRoutes} so that Spring Security classes are loaded only when they are present.
 *
 * <ul>
 * <li>the starter's own {@link VgiAuthentication}: its identity ({@code bearer} or {@code jwt});
 * <li>an OAuth2 resource server's token from an application's own chain: {@code jwt} (or
 * {@code oauth2} for opaque tokens) with the token's claims;
 * <li>any other authenticated principal: {@code spring-security} with its authorities;
 * <li>anonymous or unauthenticated: none.
 * </ul>
 */
final class SecurityIdentity {

    private static final boolean OAUTH2_PRESENT = ClassUtils.isPresent(
            "org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken",
            SecurityIdentity.class.getClassLoader());

    private SecurityIdentity() {
    }

    /** The identity of {@code principal}, or empty for an anonymous or unauthenticated one. */
    static Optional<Identity> of(Principal principal) {
        if (principal instanceof VgiAuthentication vgi) {
            return Optional.of(vgi.identity());
        }
        if (principal instanceof Authentication auth) {
            if (!auth.isAuthenticated() || auth instanceof AnonymousAuthenticationToken) {
                return Optional.empty();
            }
            if (OAUTH2_PRESENT) {
                Identity oauth2 = OAuth2.identity(auth);
                if (oauth2 != null) {
                    return Optional.of(oauth2);
                }
            }
            var authorities = auth.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList();
            return Optional.of(new Identity("spring-security", auth.getName(), true,
                    Map.of("authorities", authorities)));
        }
        return Optional.of(Identity.authenticated("spring", principal.getName()));
    }

    /** Tokens of the OAuth2 resource server; loaded only when it is on the class path. */
    private static final class OAuth2 {

        static Identity identity(Authentication auth) {
            if (!(auth instanceof AbstractOAuth2TokenAuthenticationToken<?> token)) {
                return null;
            }
            Map<String, Object> claims = new LinkedHashMap<>();
            token.getTokenAttributes().forEach((k, v) -> {
                if (k != null && v != null) {
                    claims.put(k, v);
                }
            });
            String domain = token instanceof JwtAuthenticationToken ? "jwt" : "oauth2";
            return new Identity(domain, token.getName(), true, claims);
        }
    }
}
