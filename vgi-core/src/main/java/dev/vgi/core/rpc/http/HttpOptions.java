package dev.vgi.core.rpc.http;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;

/**
 * Settings of the HTTP transport. Defaults follow the reference worker: no prefix, 3600 s token
 * lifetime, zstd and gzip offered, a 4096-entry call-state cache, a random per-process token key
 * (set a shared {@link Builder#tokenKey key} so several replicas can continue each other's streams).
 *
 * @param prefix mount prefix ({@code ""} or a path like {@code /vgi})
 * @param maxRequestBytes cap on request bodies, encoded and decoded ({@code 0} = none)
 * @param maxResponseBytes cap on response bodies ({@code 0} = none); hard for unary and exchange, soft for producers
 * @param encodings response codings offered, in preference order ({@code zstd}, {@code gzip}); empty = never compress
 * @param tokenKey 32-byte key sealing stream tokens
 * @param tokenTtl token lifetime; zero disables expiry
 * @param callStateCacheSize entries of the call-state cache (0 disables it)
 * @param authenticator authenticates requests the web framework did not, or {@code null}
 */
public record HttpOptions(String prefix, long maxRequestBytes, long maxResponseBytes, List<String> encodings,
        byte[] tokenKey, Duration tokenTtl, int callStateCacheSize, HttpAuthenticator authenticator) {

    /** Validates and normalises. */
    public HttpOptions {
        prefix = normalisePrefix(prefix);
        encodings = List.copyOf(encodings);
        for (String e : encodings) {
            if (!e.equals("zstd") && !e.equals("gzip")) {
                throw new IllegalArgumentException("unsupported response coding: " + e);
            }
        }
        if (tokenKey == null || tokenKey.length != 32) {
            throw new IllegalArgumentException("the token key must be exactly 32 bytes");
        }
        tokenKey = tokenKey.clone();
    }

    /**
     * The canonical form of a mount prefix: {@code ""} for none (null, empty or {@code /}),
     * otherwise a leading slash and no trailing one ({@code vgi/} becomes {@code /vgi}).
     */
    public static String normalisePrefix(String p) {
        if (p == null || p.isEmpty() || p.equals("/")) {
            return "";
        }
        String s = p.startsWith("/") ? p : "/" + p;
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder for {@link HttpOptions}. */
    public static final class Builder {
        private String prefix = "";
        private long maxRequestBytes;
        private long maxResponseBytes;
        private List<String> encodings = List.of("zstd", "gzip");
        private byte[] tokenKey;
        private Duration tokenTtl = Duration.ofHours(1);
        private int callStateCacheSize = 4096;
        private HttpAuthenticator authenticator;

        private Builder() {
        }

        /** Mount prefix. */
        public Builder prefix(String prefix) {
            this.prefix = prefix;
            return this;
        }

        /** Request body cap in bytes (0 = none). */
        public Builder maxRequestBytes(long bytes) {
            this.maxRequestBytes = bytes;
            return this;
        }

        /** Response body cap in bytes (0 = none). */
        public Builder maxResponseBytes(long bytes) {
            this.maxResponseBytes = bytes;
            return this;
        }

        /** Response codings offered. */
        public Builder encodings(List<String> encodings) {
            this.encodings = encodings;
            return this;
        }

        /** Token sealing key (32 bytes). */
        public Builder tokenKey(byte[] key) {
            this.tokenKey = key;
            return this;
        }

        /** Token lifetime; zero disables expiry. */
        public Builder tokenTtl(Duration ttl) {
            this.tokenTtl = ttl;
            return this;
        }

        /** Call-state cache entries (0 disables). */
        public Builder callStateCacheSize(int size) {
            this.callStateCacheSize = size;
            return this;
        }

        /** Authenticator for requests not authenticated by the web framework. */
        public Builder authenticator(HttpAuthenticator authenticator) {
            this.authenticator = authenticator;
            return this;
        }

        /** Builds the options; a random token key is generated when none was set. */
        public HttpOptions build() {
            byte[] key = tokenKey;
            if (key == null) {
                key = new byte[32];
                new SecureRandom().nextBytes(key);
            }
            return new HttpOptions(prefix, maxRequestBytes, maxResponseBytes, encodings, key, tokenTtl,
                    callStateCacheSize, authenticator);
        }
    }
}
