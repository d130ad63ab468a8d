package dev.vgi.core.rpc;

import java.util.Map;

/**
 * The caller of a request as established by the transport's authentication: a domain (which
 * authenticator), a principal and its claims. Byte-stream transports never authenticate.
 */
public record Identity(String domain, String principal, boolean authenticated, Map<String, Object> claims) {

    /** The unauthenticated caller. */
    public static final Identity ANONYMOUS = new Identity("", "", false, Map.of());

    /** Creates an identity; {@code claims} may be {@code null}. */
    public Identity {
        domain = domain == null ? "" : domain;
        principal = principal == null ? "" : principal;
        claims = claims == null ? Map.of() : Map.copyOf(claims);
    }

    /** An authenticated principal in {@code domain}. */
    public static Identity authenticated(String domain, String principal) {
        return new Identity(domain, principal, true, Map.of());
    }
}
