package dev.vgi.spring.autoconfigure.web;

import java.security.Principal;
import java.util.Map;
import java.util.Optional;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

import dev.vgi.core.rpc.Identity;

/**
 * Turns a Spring Security principal into the core's {@link Identity}. Kept apart from
 * {@link VgiHttpRoutes} so that Spring Security classes are loaded only when they are present.
 */
final class SecurityIdentity {

    private SecurityIdentity() {
    }

    /** The identity of {@code principal}, or empty for an anonymous or unauthenticated one. */
    static Optional<Identity> of(Principal principal) {
        if (principal instanceof Authentication auth) {
            if (!auth.isAuthenticated() || auth instanceof AnonymousAuthenticationToken) {
                return Optional.empty();
            }
            var authorities = auth.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList();
            return Optional.of(new Identity("spring-security", auth.getName(), true,
                    Map.of("authorities", authorities)));
        }
        return Optional.of(Identity.authenticated("spring", principal.getName()));
    }
}
