package dev.vgi.core.rpc.http;

import java.util.Set;

/**
 * A rejected credential. {@link #reason()} is one of the closed set of {@code VGI-Auth-Reason}
 * codes; {@link #detail()} is safe to show (never echoes what the caller sent).
 */
public final class AuthenticationFailure extends Exception {

    /** The codes clients understand; anything else is reported as {@code unauthorized}. */
    public static final Set<String> REASONS = Set.of("missing_credential", "invalid_credential", "expired_credential",
            "insufficient_scope", "proxy_required", "unauthorized");

    private final String reason;
    private final String detail;

    /** Creates a failure; an unknown {@code reason} becomes {@code unauthorized}. */
    public AuthenticationFailure(String reason, String detail) {
        super(detail, null, false, false);
        this.reason = REASONS.contains(reason) ? reason : "unauthorized";
        this.detail = detail == null ? "" : detail;
    }

    /** No credential was presented. */
    public static AuthenticationFailure missing() {
        return new AuthenticationFailure("missing_credential", "Missing bearer token");
    }

    /** A credential was presented and refused. */
    public static AuthenticationFailure invalid() {
        return new AuthenticationFailure("invalid_credential", "Unknown bearer token");
    }

    /** The {@code VGI-Auth-Reason} code. */
    public String reason() {
        return reason;
    }

    /** Human-readable detail. */
    public String detail() {
        return detail;
    }
}
