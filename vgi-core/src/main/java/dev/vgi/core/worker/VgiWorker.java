package dev.vgi.core.worker;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.vgi.core.catalog.Catalog;
import dev.vgi.core.protocol.VgiProtocol;
import dev.vgi.core.rpc.RpcService;

/**
 * Serves one or more {@link Catalog}s as the VGI protocol ({@value VgiProtocol#NAME}, version
 * {@value VgiProtocol#VERSION}): the {@link RpcService} a worker hosts so DuckDB can {@code ATTACH}
 * it.
 *
 * <pre>{@code
 * VgiWorker worker = VgiWorker.builder().catalog(catalog).build();
 * RpcServer server = new RpcServer(List.of(worker.service()), ...);
 * }</pre>
 *
 * <p>Implemented methods: {@code catalog_catalogs}, {@code catalog_attach},
 * {@code catalog_copy_from_formats} (no formats), {@code catalog_version}, {@code catalog_contents},
 * {@code catalog_schemas}, {@code catalog_schema_get}, the five {@code catalog_schema_contents_*}
 * listings, {@code catalog_table_get}, {@code catalog_view_get},
 * {@code catalog_table_scan_function_get}, {@code catalog_table_scan_branches_get} (answered as not
 * implemented, so clients fall back to the scan function), {@code bind}, {@code init} and
 * {@code table_function_cardinality}. Every other method of the protocol is left unregistered and
 * answered by the runtime as {@code method_not_implemented}: no transactions, aggregates,
 * buffering, DDL/DML, COPY or planning.
 *
 * <p><b>Attach tokens.</b> {@code catalog_attach} answers a token naming the catalog, authenticated
 * with HMAC-SHA256 (see {@link Builder#attachKey}); every later request carries it back and is
 * served from that catalog. A request without a token (a client calling functions without
 * attaching) is served from the first catalog.
 */
public final class VgiWorker {

    /** The environment variable holding the attach-token key when none is configured. */
    public static final String SIGNING_KEY_ENV = "VGI_SIGNING_KEY";

    private final List<CatalogIndex> catalogs;
    private final AttachTokens tokens;
    private final String implementationVersion;
    private final String sourceUrl;
    private final InOutExecutions executions;
    private final FunctionCalls calls;
    private final RpcService service;

    private VgiWorker(Builder b) {
        if (b.catalogs.isEmpty()) {
            throw new IllegalArgumentException("a worker serves at least one catalog");
        }
        this.catalogs = new ArrayList<>();
        for (Catalog c : b.catalogs.values()) {
            catalogs.add(new CatalogIndex(c));
        }
        this.tokens = new AttachTokens(b.attachKey != null ? b.attachKey : defaultKey(b.catalogs.keySet()));
        this.implementationVersion = b.implementationVersion;
        this.sourceUrl = b.sourceUrl;
        this.executions = new InOutExecutions(b.finalizeTimeout.toNanos());
        this.calls = new FunctionCalls(this);
        this.service = CatalogMethods.build(this, calls, new InitStreams(calls, executions));
    }

    /** Starts a worker definition. */
    public static Builder builder() {
        return new Builder();
    }

    /** A worker serving {@code catalogs} with default settings. */
    public static VgiWorker of(Catalog... catalogs) {
        Builder b = builder();
        for (Catalog c : catalogs) {
            b.catalog(c);
        }
        return b.build();
    }

    /** The {@value VgiProtocol#NAME} service to host in an {@link dev.vgi.core.rpc.RpcServer}. */
    public RpcService service() {
        return service;
    }

    /** The catalogs served, the default (first) one first. */
    public List<Catalog> catalogs() {
        return catalogs.stream().map(CatalogIndex::catalog).toList();
    }

    /** Closes the table-in-out processors still waiting for a FINALIZE that will not come. */
    public void releaseWaitingProcessors() {
        executions.closeAll();
    }

    String implementationVersion() {
        return implementationVersion;
    }

    String sourceUrl() {
        return sourceUrl;
    }

    List<CatalogIndex> catalogIndexes() {
        return catalogs;
    }

    /** The catalog called {@code name} (exact match first, then ignoring case), or {@code null}. */
    CatalogIndex catalogNamed(String name) {
        for (CatalogIndex c : catalogs) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        for (CatalogIndex c : catalogs) {
            if (c.name().equalsIgnoreCase(name)) {
                return c;
            }
        }
        return null;
    }

    /** The attach token of {@code catalog}. */
    byte[] attachToken(CatalogIndex catalog) {
        return tokens.mint(catalog.name());
    }

    /**
     * The catalog a request's {@code attach_opaque_data} names; the first catalog when the request
     * carries none.
     *
     * @throws dev.vgi.core.rpc.RpcException {@code OpaqueDataNotRecognizedError} for a token this
     *     worker did not mint
     */
    CatalogIndex catalogForCall(byte[] attachOpaqueData) {
        if (attachOpaqueData == null || attachOpaqueData.length == 0) {
            return catalogs.get(0);
        }
        String name = tokens.open(attachOpaqueData);
        if (name != null) {
            for (CatalogIndex c : catalogs) {
                if (c.name().equals(name)) {
                    return c;
                }
            }
        }
        throw WorkerErrors.opaqueDataNotRecognized("attach_opaque_data");
    }

    private static byte[] defaultKey(Iterable<String> names) {
        String env = System.getenv(SIGNING_KEY_ENV);
        if (env != null && !env.isEmpty()) {
            return env.getBytes(StandardCharsets.UTF_8);
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("vgi-spring-boot/attach-key/v1".getBytes(StandardCharsets.UTF_8));
            for (String n : names) {
                sha.update((byte) 0);
                sha.update(n.getBytes(StandardCharsets.UTF_8));
            }
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /** Builder for {@link VgiWorker}. */
    public static final class Builder {
        private final Map<String, Catalog> catalogs = new LinkedHashMap<>();
        private byte[] attachKey;
        private String implementationVersion;
        private String sourceUrl;
        private Duration finalizeTimeout = Duration.ofMinutes(10);

        private Builder() {
        }

        /** Adds a catalog; names are unique, and the first catalog is the default. */
        public Builder catalog(Catalog catalog) {
            if (catalogs.putIfAbsent(catalog.name(), catalog) != null) {
                throw new IllegalArgumentException("catalog " + catalog.name() + " added twice");
            }
            return this;
        }

        /**
         * The key that authenticates attach tokens. Every process serving the same DuckDB session
         * must use the same key (DuckDB sends the token minted by one pooled worker to the others).
         * Default: the {@value #SIGNING_KEY_ENV} environment variable, else a key derived from the
         * catalog names, which detects altered and foreign tokens but is not secret.
         */
        public Builder attachKey(byte[] key) {
            if (key == null || key.length == 0) {
                throw new IllegalArgumentException("the attach key must not be empty");
            }
            this.attachKey = key.clone();
            return this;
        }

        /** The implementation version {@code catalog_catalogs} reports (default none). */
        public Builder implementationVersion(String version) {
            this.implementationVersion = version;
            return this;
        }

        /** Where the worker's code lives, reported by {@code catalog_catalogs} (default none). */
        public Builder sourceUrl(String url) {
            this.sourceUrl = url;
            return this;
        }

        /**
         * How long a table-in-out processor whose input ended waits for its FINALIZE before it is
         * closed (default 10 minutes).
         */
        public Builder finalizeTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("the finalize timeout must be positive");
            }
            this.finalizeTimeout = timeout;
            return this;
        }

        /** Builds the worker. */
        public VgiWorker build() {
            return new VgiWorker(this);
        }
    }
}
