package dev.vgi.core.rpc;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.vgi.core.util.Json;

/**
 * Appends one JSON line per completed call in the vgi-rpc access-log format ({@code logger =
 * vgi_rpc.access}). Request payloads are never logged. The path may contain {@code {pid}} and
 * {@code {server_id}} placeholders so each process writes its own file.
 */
public final class AccessLog implements CallListener, Closeable {

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final RpcServer server;
    private final BufferedWriter out;
    private final Map<String, String> hashes = new ConcurrentHashMap<>();

    /** Opens (appends to) the log at {@code path} for {@code server}'s calls. */
    public AccessLog(RpcServer server, Path path) throws IOException {
        this.server = server;
        Path resolved = Path.of(path.toString()
                .replace("{pid}", Long.toString(ProcessHandle.current().pid()))
                .replace("{server_id}", server.serverId()));
        this.out = Files.newBufferedWriter(resolved, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }

    @Override
    public void onCall(CallRecord r) {
        if (r.protocol().isEmpty() || r.method().isEmpty()) {
            return; // the record format requires a resolved protocol and method
        }
        RpcService service = server.service(r.protocol());
        String hash = service == null ? null : hashes.computeIfAbsent(r.protocol(), p -> ProtocolHash.of(service));
        if (hash == null) {
            return;
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("timestamp", TIMESTAMP.format(Instant.now()));
        line.put("level", "INFO");
        line.put("logger", "vgi_rpc.access");
        line.put("message", r.protocol() + "." + r.method() + (r.ok() ? " ok" : " error"));
        line.put("server_id", server.serverId());
        line.put("protocol", r.protocol());
        line.put("protocol_hash", hash);
        line.put("method", r.method());
        line.put("method_type", r.stream() ? "stream" : "unary");
        line.put("principal", r.identity().principal());
        line.put("auth_domain", r.identity().domain());
        line.put("authenticated", r.identity().authenticated());
        line.put("remote_addr", r.remoteAddress());
        line.put("duration_ms", Math.round(r.durationNanos() / 10_000.0) / 100.0);
        line.put("status", r.ok() ? "ok" : "error");
        line.put("error_type", r.ok() ? "" : r.error().type());
        if (!r.ok()) {
            line.put("error_message", r.error().message().isEmpty() ? r.error().type() : r.error().message());
            line.put("error_code", r.error().code());
        }
        line.put("request_id", r.requestId());
        line.put("transport", r.transport().label());
        if (r.stream() && r.streamId() != null) {
            line.put("stream_id", r.streamId());
        }
        if (r.cancelled()) {
            line.put("cancelled", true);
        }
        String json = Json.writeCompact(line);
        synchronized (out) {
            try {
                out.write(json);
                out.write('\n');
                out.flush();
            } catch (IOException ignored) {
                // the access log must never fail a call
            }
        }
    }

    @Override
    public void close() throws IOException {
        synchronized (out) {
            out.close();
        }
    }
}
