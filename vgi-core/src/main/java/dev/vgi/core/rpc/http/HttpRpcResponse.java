package dev.vgi.core.rpc.http;

import java.util.LinkedHashMap;
import java.util.Map;

/** A response produced by {@link HttpRpcHandler}: status, headers and body bytes, ready to send as is. */
public final class HttpRpcResponse {

    private final int status;
    private final Map<String, String> headers;
    private final byte[] body;

    /** Creates a response. */
    public HttpRpcResponse(int status, Map<String, String> headers, byte[] body) {
        this.status = status;
        this.headers = new LinkedHashMap<>(headers);
        this.body = body == null ? new byte[0] : body;
    }

    /** HTTP status. */
    public int status() {
        return status;
    }

    /** Headers to send (already including capability headers and {@code X-Request-ID}). */
    public Map<String, String> headers() {
        return headers;
    }

    /** Body bytes (already compressed when a coding was negotiated). */
    public byte[] body() {
        return body;
    }
}
