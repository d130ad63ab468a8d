package dev.vgi.core.rpc.http;

import dev.vgi.core.rpc.Identity;

/**
 * Authenticates HTTP requests for {@link HttpRpcHandler} when no web framework did it first.
 * Health, {@code OPTIONS} and {@code /.well-known/} requests are never passed to it.
 */
@FunctionalInterface
public interface HttpAuthenticator {

    /**
     * Returns the caller's identity.
     *
     * @throws AuthenticationFailure when the credential is missing or not accepted (answered 401)
     */
    Identity authenticate(HttpRpcRequest request) throws AuthenticationFailure;
}
