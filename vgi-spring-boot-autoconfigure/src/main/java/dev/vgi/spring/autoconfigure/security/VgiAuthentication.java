package dev.vgi.spring.autoconfigure.security;

import java.util.Collection;
import java.util.List;
import java.util.Objects;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;

import dev.vgi.core.rpc.Identity;

/**
 * An authenticated VGI caller: the Spring Security form of the {@link Identity} that functions see
 * as {@code CallContext.identity()}. {@link #getName()} is the identity's principal; the credential
 * it was established from is not kept.
 *
 * <p>Instances live only for one request (the starter's chain stores no security context); they
 * are not meant to be serialised.
 */
public final class VgiAuthentication extends AbstractAuthenticationToken {

    private static final long serialVersionUID = 1L;

    @SuppressWarnings("serial") // request-scoped, never serialised
    private final Identity identity;

    /**
     * Creates an authenticated token.
     *
     * @param identity the caller; must be {@link Identity#authenticated() authenticated}
     * @param authorities what the caller may do, for applications' own authorization rules
     */
    public VgiAuthentication(Identity identity, Collection<? extends GrantedAuthority> authorities) {
        super(authorities == null ? List.of() : authorities);
        this.identity = Objects.requireNonNull(identity, "identity");
        if (!identity.authenticated()) {
            throw new IllegalArgumentException("a VgiAuthentication needs an authenticated identity");
        }
        setAuthenticated(true);
    }

    /** The identity handed to the functions. */
    public Identity identity() {
        return identity;
    }

    /** The identity's principal name. */
    @Override
    public Object getPrincipal() {
        return identity.principal();
    }

    /** Always {@code null}: the credential is not kept. */
    @Override
    public Object getCredentials() {
        return null;
    }

    @Override
    public String getName() {
        return identity.principal();
    }
}
