package dev.vgi.spring.autoconfigure.security;

import org.springframework.security.core.AuthenticationException;

import dev.vgi.core.rpc.http.AuthenticationFailure;

/**
 * A refused credential with the {@code VGI-Auth-Reason} code the 401 answer carries (wire spec
 * 6.10). {@link VgiTokenVerifier}s throw it to choose the code; other
 * {@link AuthenticationException}s are answered {@code invalid_credential}.
 */
public class VgiAuthenticationException extends AuthenticationException {

    private static final long serialVersionUID = 1L;

    private final String reason;

    /**
     * Creates the exception.
     *
     * @param reason one of {@link AuthenticationFailure#REASONS}; anything else becomes
     *     {@code unauthorized}
     * @param detail a message safe to send to the caller: it must never echo what the caller sent
     */
    public VgiAuthenticationException(String reason, String detail) {
        super(detail);
        this.reason = AuthenticationFailure.REASONS.contains(reason) ? reason : "unauthorized";
    }

    /** The {@code VGI-Auth-Reason} code. */
    public String reason() {
        return reason;
    }

    /** A credential was presented and refused ({@code invalid_credential}). */
    public static VgiAuthenticationException invalid(String detail) {
        return new VgiAuthenticationException("invalid_credential", detail);
    }

    /** The credential has expired ({@code expired_credential}). */
    public static VgiAuthenticationException expired(String detail) {
        return new VgiAuthenticationException("expired_credential", detail);
    }
}
