package dev.vgi.core.rpc;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.vgi.core.util.Json;

/** A log record sent to the client as a zero-row batch before the call's data. */
public record LogMessage(LogLevel level, String message, Map<String, ?> extras) {

    /** Creates a record; {@code extras} may be empty. */
    public LogMessage {
        if (level == LogLevel.EXCEPTION) {
            throw new IllegalArgumentException("EXCEPTION is reserved for errors");
        }
        extras = extras == null ? Map.of() : extras;
    }

    /** Metadata of the zero-row log batch. {@code requestId} may be {@code null}. */
    public Map<String, String> toMetadata(String serverId, String requestId) {
        Map<String, String> md = new LinkedHashMap<>();
        md.put(WireKeys.LOG_LEVEL, level.name());
        md.put(WireKeys.LOG_MESSAGE, message);
        if (!extras.isEmpty()) {
            md.put(WireKeys.LOG_EXTRA, Json.write(extras));
        }
        md.put(WireKeys.SERVER_ID, serverId);
        if (requestId != null) {
            md.put(WireKeys.REQUEST_ID, requestId);
        }
        return md;
    }
}
