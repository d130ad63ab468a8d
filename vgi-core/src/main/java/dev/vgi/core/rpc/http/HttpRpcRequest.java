package dev.vgi.core.rpc.http;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import dev.vgi.core.rpc.Identity;

/**
 * An HTTP request as the framework-neutral {@link HttpRpcHandler} sees it: method, path (without
 * query), headers, the raw (possibly compressed) body and, when the web framework authenticated the
 * caller, its identity.
 */
public final class HttpRpcRequest {

    private final String method;
    private final String path;
    private final Map<String, List<String>> headers;
    private final byte[] body;
    private final String remoteAddress;
    private final Identity identity;

    /**
     * Creates a request.
     *
     * @param headers header values by name (any case)
     * @param body the body bytes as received ({@code Content-Encoding} not yet decoded)
     * @param identity the caller if the web framework authenticated it, else {@code null}
     */
    public HttpRpcRequest(String method, String path, Map<String, List<String>> headers, byte[] body,
            String remoteAddress, Identity identity) {
        this.method = method.toUpperCase(Locale.ROOT);
        this.path = path;
        TreeMap<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            h.putAll(headers);
        }
        this.headers = h;
        this.body = body == null ? new byte[0] : body;
        this.remoteAddress = remoteAddress == null ? "" : remoteAddress;
        this.identity = identity;
    }

    /** Upper-case HTTP method. */
    public String method() {
        return method;
    }

    /** Request path, without query string. */
    public String path() {
        return path;
    }

    /** The first value of header {@code name} (case-insensitive), or {@code null}. */
    public String header(String name) {
        List<String> v = headers.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** All headers, case-insensitive. */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /** The body as received. */
    public byte[] body() {
        return body;
    }

    /** The peer address, or {@code ""}. */
    public String remoteAddress() {
        return remoteAddress;
    }

    /** The identity established by the web framework, or {@code null}. */
    public Identity identity() {
        return identity;
    }
}
