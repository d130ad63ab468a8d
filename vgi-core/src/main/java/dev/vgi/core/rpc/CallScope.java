package dev.vgi.core.rpc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.arrow.memory.BufferAllocator;

/**
 * The {@link CallContext} the runtime hands to methods. Log records are buffered until the runtime
 * writes them at the point the wire requires (before the result or the turn's data batch).
 */
public final class CallScope implements CallContext {

    private final String serverId;
    private final String requestId;
    private final String method;
    private final Identity identity;
    private final TransportKind transport;
    private final Map<String, String> requestMetadata;
    private final BufferAllocator allocator;
    private final List<LogMessage> logs = new ArrayList<>();

    public CallScope(String serverId, String requestId, String method, Identity identity, TransportKind transport,
            Map<String, String> requestMetadata, BufferAllocator allocator) {
        this.serverId = serverId;
        this.requestId = requestId;
        this.method = method;
        this.identity = identity;
        this.transport = transport;
        this.requestMetadata = requestMetadata;
        this.allocator = allocator;
    }

    @Override
    public String serverId() {
        return serverId;
    }

    @Override
    public String requestId() {
        return requestId;
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public Identity identity() {
        return identity;
    }

    @Override
    public TransportKind transport() {
        return transport;
    }

    @Override
    public Map<String, String> requestMetadata() {
        return requestMetadata;
    }

    @Override
    public BufferAllocator allocator() {
        return allocator;
    }

    @Override
    public void log(LogLevel level, String message, Map<String, ?> extras) {
        synchronized (logs) {
            logs.add(new LogMessage(level, message, extras));
        }
    }

    /** Removes and returns the buffered records. */
    public List<LogMessage> takeLogs() {
        synchronized (logs) {
            if (logs.isEmpty()) {
                return List.of();
            }
            List<LogMessage> out = new ArrayList<>(logs);
            logs.clear();
            return out;
        }
    }
}
