package dev.vgi.core.rpc.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

import dev.vgi.core.rpc.ErrorInfo;
import dev.vgi.core.rpc.WireKeys;

/** Arrow response bodies of the HTTP transport. */
final class HttpBodies {

    private HttpBodies() {
    }

    /** A whole error stream: schema, one EXCEPTION batch, end of stream. */
    static byte[] errorStream(String serverId, Schema schema, ErrorInfo error, String requestId, BufferAllocator allocator) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        IpcStreamWriterSupport.run(out, w -> {
            w.start(schema, null, allocator);
            w.writeZeroRowBatch(error.toMetadata(serverId, requestId));
            w.end();
        });
        return out.toByteArray();
    }

    /** An Arrow response; {@code error} sets {@code X-VGI-RPC-Error: true}. */
    static HttpRpcResponse arrow(int status, Map<String, String> headers, byte[] body, boolean error) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put("Content-Type", WireKeys.ARROW_MEDIA_TYPE);
        if (error) {
            h.put("X-VGI-RPC-Error", "true");
        }
        return new HttpRpcResponse(status, h, body);
    }

    /** Runs writes against an in-memory writer, turning the impossible I/O failure into an unchecked one. */
    static final class IpcStreamWriterSupport {
        private IpcStreamWriterSupport() {
        }

        interface Body {
            void write(dev.vgi.core.rpc.ipc.IpcStreamWriter writer) throws IOException;
        }

        static void run(ByteArrayOutputStream out, Body body) {
            try {
                body.write(new dev.vgi.core.rpc.ipc.IpcStreamWriter(out));
            } catch (IOException e) {
                throw new IllegalStateException("in-memory write failed", e);
            }
        }
    }
}
