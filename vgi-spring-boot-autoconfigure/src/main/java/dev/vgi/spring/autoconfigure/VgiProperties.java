package dev.vgi.spring.autoconfigure;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of a VGI worker, bound from the {@code vgi.*} properties.
 */
@ConfigurationProperties("vgi")
public class VgiProperties {

    /**
     * Server id stamped on logs and errors (and sealed into HTTP stream tokens). Empty means a
     * random id per process; set it when replicas must accept each other's tokens.
     */
    private String serverId = "";

    /** The HTTP transport. */
    private final Http http = new Http();

    /** The server id; empty for a random one. */
    public String getServerId() {
        return serverId;
    }

    /** Sets the server id. */
    public void setServerId(String serverId) {
        this.serverId = serverId;
    }

    /** The HTTP transport settings. */
    public Http getHttp() {
        return http;
    }

    /** Settings of the vgi-rpc HTTP transport ({@code vgi.http.*}). */
    public static class Http {

        /**
         * Path prefix under which every VGI endpoint is served, e.g. '/vgi' gives 'POST
         * /vgi/{method}' and 'GET /vgi/health'. Empty or '/' mounts the worker at the root, as the
         * conformance suite expects.
         */
        private String basePath = "/vgi";

        /**
         * Largest request body accepted, both as received and after decompression; larger ones
         * are answered 413. Unset means no limit beyond the largest Java array.
         */
        private DataSize maxRequestSize;

        /**
         * Largest response body produced: hard for unary calls and exchange turns, soft for
         * producer streams (a turn ends early and continues in the next one). Unset means no
         * limit.
         */
        private DataSize maxResponseSize;

        /**
         * Key sealing stream-state tokens: 32 bytes written as 64 hex digits or as base64. Empty
         * means a random key per process, so tokens do not survive a restart and cannot be
         * continued by another replica.
         */
        private String tokenKey = "";

        /** Lifetime of stream-state tokens; zero disables expiry. */
        private Duration tokenTtl = Duration.ofHours(1);

        /**
         * Response codings the worker offers, in preference order: 'zstd', 'gzip'. Empty (or
         * 'none') means responses are never compressed. Compressed requests are decoded either way.
         */
        private List<String> compression = List.of("zstd", "gzip");

        /** Entries of the call-state cache that keeps stream state server-side; 0 disables it. */
        private int callStateCacheSize = 4096;

        /** The mount prefix. */
        public String getBasePath() {
            return basePath;
        }

        /** Sets the mount prefix. */
        public void setBasePath(String basePath) {
            this.basePath = basePath;
        }

        /** The request body cap, or {@code null} for none. */
        public DataSize getMaxRequestSize() {
            return maxRequestSize;
        }

        /** Sets the request body cap. */
        public void setMaxRequestSize(DataSize maxRequestSize) {
            this.maxRequestSize = maxRequestSize;
        }

        /** The response body cap, or {@code null} for none. */
        public DataSize getMaxResponseSize() {
            return maxResponseSize;
        }

        /** Sets the response body cap. */
        public void setMaxResponseSize(DataSize maxResponseSize) {
            this.maxResponseSize = maxResponseSize;
        }

        /** The token key as configured (hex or base64), empty for a random one. */
        public String getTokenKey() {
            return tokenKey;
        }

        /** Sets the token key. */
        public void setTokenKey(String tokenKey) {
            this.tokenKey = tokenKey;
        }

        /** The token lifetime. */
        public Duration getTokenTtl() {
            return tokenTtl;
        }

        /** Sets the token lifetime. */
        public void setTokenTtl(Duration tokenTtl) {
            this.tokenTtl = tokenTtl;
        }

        /** The offered response codings. */
        public List<String> getCompression() {
            return compression;
        }

        /** Sets the offered response codings. */
        public void setCompression(List<String> compression) {
            this.compression = compression;
        }

        /** The call-state cache size. */
        public int getCallStateCacheSize() {
            return callStateCacheSize;
        }

        /** Sets the call-state cache size. */
        public void setCallStateCacheSize(int callStateCacheSize) {
            this.callStateCacheSize = callStateCacheSize;
        }
    }
}
