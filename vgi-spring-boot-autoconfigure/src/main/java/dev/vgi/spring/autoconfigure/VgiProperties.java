package dev.vgi.spring.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    /**
     * How the application serves the worker protocol. Worker flags on the command line ('--stdio',
     * '--unix PATH', '--tcp [HOST:]PORT', '--http') always win over this property. 'stdio',
     * 'unix', 'tcp' and 'http' behave as the matching flag; 'none' starts no worker transport.
     * 'auto' serves stdin/stdout when the application looks spawned by a client: stdin is a pipe
     * or a socket, spring.main.web-application-type is not set to 'reactive' or 'servlet', and the
     * run is not a @SpringBootTest. Otherwise (stdin a terminal, /dev/null or a file: a shell, a
     * container, a service manager) the application runs as an ordinary Spring Boot application.
     * IDE consoles usually pipe stdin: set 'none' or 'http' there.
     */
    private Transport transport = Transport.AUTO;

    /** The Unix-socket transport (launcher contract). */
    private final Unix unix = new Unix();

    /** The TCP transport. */
    private final Tcp tcp = new Tcp();

    /** Bearer-token authentication of the HTTP routes (when Spring Security is present). */
    private final Security security = new Security();

    /** The catalog assembled from the application's function, table and view beans. */
    private final CatalogProperties catalog = new CatalogProperties();

    /** The VGI protocol service ({@code vgi.v2}) serving the catalogs. */
    private final Worker worker = new Worker();

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

    /** How the application serves the worker protocol. */
    public Transport getTransport() {
        return transport;
    }

    /** Sets how the application serves the worker protocol. */
    public void setTransport(Transport transport) {
        this.transport = transport;
    }

    /** The Unix-socket transport settings. */
    public Unix getUnix() {
        return unix;
    }

    /** The TCP transport settings. */
    public Tcp getTcp() {
        return tcp;
    }

    /** The security settings of the HTTP routes. */
    public Security getSecurity() {
        return security;
    }

    /** The settings of the catalog assembled from beans. */
    public CatalogProperties getCatalog() {
        return catalog;
    }

    /** The settings of the VGI protocol service. */
    public Worker getWorker() {
        return worker;
    }

    /** Values of {@code vgi.transport}. */
    public enum Transport {
        /** Worker flags decide; without one, stdin/stdout when spawned by a client, else no worker transport. */
        AUTO,
        /** stdin/stdout, as with no flag: exits when stdin ends. */
        STDIO,
        /** AF_UNIX socket at {@code vgi.unix.path}, as with {@code --unix}. */
        UNIX,
        /** TCP on {@code vgi.tcp.host}:{@code vgi.tcp.port}, as with {@code --tcp}. */
        TCP,
        /** The reactive web server, printing {@code PORT:<n>}, as with {@code --http}. */
        HTTP,
        /** No worker transport (the HTTP routes still serve if the application is a reactive web application). */
        NONE
    }

    /** Settings of the Unix-socket transport ({@code vgi.unix.*}). */
    public static class Unix {

        /** Path of the socket to bind; required when vgi.transport=unix. */
        private java.nio.file.Path path;

        /**
         * How long the worker waits with no open connection before it stops and exits; zero or
         * negative means never. Before the first client the wait is at least 60 seconds.
         */
        private Duration idleTimeout = Duration.ofSeconds(300);

        /** The socket path, or {@code null}. */
        public java.nio.file.Path getPath() {
            return path;
        }

        /** Sets the socket path. */
        public void setPath(java.nio.file.Path path) {
            this.path = path;
        }

        /** The idle timeout. */
        public Duration getIdleTimeout() {
            return idleTimeout;
        }

        /** Sets the idle timeout. */
        public void setIdleTimeout(Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
        }
    }

    /** Settings of the TCP transport ({@code vgi.tcp.*}). No authentication or TLS: trusted networks only. */
    public static class Tcp {

        /** Address to bind. */
        private String host = "127.0.0.1";

        /** Port to bind; 0 lets the operating system choose (the TCP:host:port line names it). */
        private int port;

        /** How long the worker waits with no open connection before it exits; zero or negative means never. */
        private Duration idleTimeout = Duration.ofSeconds(300);

        /** The bind address. */
        public String getHost() {
            return host;
        }

        /** Sets the bind address. */
        public void setHost(String host) {
            this.host = host;
        }

        /** The port; 0 for any. */
        public int getPort() {
            return port;
        }

        /** Sets the port. */
        public void setPort(int port) {
            this.port = port;
        }

        /** The idle timeout. */
        public Duration getIdleTimeout() {
            return idleTimeout;
        }

        /** Sets the idle timeout. */
        public void setIdleTimeout(Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
        }
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

    /**
     * Bearer-token authentication of the VGI HTTP routes ({@code vgi.security.*}), applied when
     * Spring Security is on the class path. Health and {@code OPTIONS} requests are never
     * authenticated.
     */
    public static class Security {

        /**
         * Whether to secure the VGI routes with the starter's bearer-token filter chain when the
         * application defines no SecurityWebFilterChain of its own. Off leaves the application to
         * Spring Boot's default security, which asks for HTTP Basic credentials everywhere.
         */
        private boolean enabled = true;

        /**
         * Static bearer tokens, for development and simple deployments: token name (the principal
         * the functions see) to secret (what clients send as 'Authorization: Bearer <secret>').
         * Secrets are compared in constant time. JWTs are accepted as well when the application
         * has a ReactiveJwtDecoder (an OAuth2 resource server).
         */
        private Map<String, String> tokens = new LinkedHashMap<>();

        /** Whether the starter's filter chain is contributed. */
        public boolean isEnabled() {
            return enabled;
        }

        /** Sets whether the starter's filter chain is contributed. */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** The static tokens, name to secret. */
        public Map<String, String> getTokens() {
            return tokens;
        }

        /** Sets the static tokens. */
        public void setTokens(Map<String, String> tokens) {
            this.tokens = tokens;
        }

        @Override
        public String toString() {
            // never print secrets
            return "Security[enabled=" + enabled + ", tokens=" + tokens.keySet() + "]";
        }
    }

    /**
     * The catalog the starter assembles from the application's beans ({@code vgi.catalog.*}):
     * every {@code VgiFunction} (scalar, table, table-in-out), {@code TableDefinition} and
     * {@code ViewDefinition} bean, placed in the default schema unless annotated with
     * {@code @VgiSchema}.
     */
    public static class CatalogProperties {

        /**
         * Whether to assemble a catalog from the function, table and view beans. Off, only the
         * application's own Catalog beans are served.
         */
        private boolean enabled = true;

        /**
         * Name of the catalog (what ATTACH names). Empty means spring.application.name, or
         * 'application' when that is not set either.
         */
        private String name = "";

        /** Schema that holds every bean without a @VgiSchema annotation; DuckDB's default schema. */
        private String defaultSchema = "main";

        /** Comment of the catalog, shown by DuckDB. */
        private String comment;

        /** Whether the catalog is assembled. */
        public boolean isEnabled() {
            return enabled;
        }

        /** Sets whether the catalog is assembled. */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** The configured name, empty for the default. */
        public String getName() {
            return name;
        }

        /** Sets the catalog name. */
        public void setName(String name) {
            this.name = name;
        }

        /** The default schema. */
        public String getDefaultSchema() {
            return defaultSchema;
        }

        /** Sets the default schema. */
        public void setDefaultSchema(String defaultSchema) {
            this.defaultSchema = defaultSchema;
        }

        /** The catalog comment, or {@code null}. */
        public String getComment() {
            return comment;
        }

        /** Sets the catalog comment. */
        public void setComment(String comment) {
            this.comment = comment;
        }
    }

    /** The VGI protocol service serving the catalogs ({@code vgi.worker.*}). */
    public static class Worker {

        /**
         * Secret authenticating the attach tokens the worker hands out (UTF-8). Every process
         * serving the same DuckDB session must share it: replicas behind one HTTP address, or
         * worker processes DuckDB spawns for one ATTACH. Empty means the VGI_SIGNING_KEY
         * environment variable, else a key derived from the catalog names (detects altered tokens,
         * but is not secret).
         */
        private String attachKey = "";

        /**
         * How long a table-in-out function's processor whose input has ended waits for its
         * finalize call before it is closed.
         */
        private Duration finalizeTimeout = Duration.ofMinutes(10);

        /**
         * Implementation version reported to clients. Empty means spring.application.version (the
         * jar's Implementation-Version), if any.
         */
        private String implementationVersion = "";

        /** Where the worker's source code lives, reported to clients. */
        private String sourceUrl;

        /** The attach-token secret, empty for the default. */
        public String getAttachKey() {
            return attachKey;
        }

        /** Sets the attach-token secret. */
        public void setAttachKey(String attachKey) {
            this.attachKey = attachKey;
        }

        /** The finalize timeout of table-in-out processors. */
        public Duration getFinalizeTimeout() {
            return finalizeTimeout;
        }

        /** Sets the finalize timeout. */
        public void setFinalizeTimeout(Duration finalizeTimeout) {
            this.finalizeTimeout = finalizeTimeout;
        }

        /** The implementation version, empty for the default. */
        public String getImplementationVersion() {
            return implementationVersion;
        }

        /** Sets the implementation version. */
        public void setImplementationVersion(String implementationVersion) {
            this.implementationVersion = implementationVersion;
        }

        /** The source URL, or {@code null}. */
        public String getSourceUrl() {
            return sourceUrl;
        }

        /** Sets the source URL. */
        public void setSourceUrl(String sourceUrl) {
            this.sourceUrl = sourceUrl;
        }

        @Override
        public String toString() {
            // never print the secret
            return "Worker[attachKey=" + (attachKey == null || attachKey.isEmpty() ? "" : "***") + ", finalizeTimeout="
                    + finalizeTimeout + "]";
        }
    }
}
