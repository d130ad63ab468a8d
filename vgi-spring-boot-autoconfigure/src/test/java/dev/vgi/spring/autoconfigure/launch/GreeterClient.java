package dev.vgi.spring.autoconfigure.launch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

import dev.vgi.core.rpc.WireKeys;
import dev.vgi.core.rpc.ipc.BatchMetadata;
import dev.vgi.core.rpc.ipc.IpcMessageReader;
import dev.vgi.core.rpc.ipc.IpcStreamReader;
import dev.vgi.core.rpc.ipc.IpcStreamWriter;

/**
 * A minimal vgi-rpc client for {@code Greeter.greet} over a byte stream, written with the core's
 * IPC writer and reader: one request stream out, one response stream in. The reader parses every
 * byte it is given, so any stray byte on the worker's stdout fails the call.
 */
final class GreeterClient {

    private static final Schema PARAMS = new Schema(List.of(
            new Field("name", FieldType.notNullable(ArrowType.Utf8.INSTANCE), null)));

    private final BufferAllocator allocator;
    private final OutputStream out;
    private final IpcStreamWriter writer;
    private final IpcMessageReader messages;

    GreeterClient(InputStream in, OutputStream out, BufferAllocator allocator) {
        this.allocator = allocator;
        this.out = out;
        this.writer = new IpcStreamWriter(out);
        this.messages = new IpcMessageReader(in);
    }

    /** The bytes read from the worker so far. */
    long bytesRead() {
        return messages.bytesRead();
    }

    /** Calls {@code greet(name)} and returns the result, failing on an error batch. */
    String greet(String name) throws IOException {
        try (VectorSchemaRoot root = VectorSchemaRoot.create(PARAMS, allocator)) {
            ((VarCharVector) root.getVector(0)).setSafe(0, name.getBytes(StandardCharsets.UTF_8));
            root.setRowCount(1);
            writer.start(PARAMS, null, allocator);
            writer.writeBatch(root, Map.of(WireKeys.METHOD, "greet", WireKeys.REQUEST_VERSION, WireKeys.REQUEST_VERSION_VALUE,
                    WireKeys.PROTOCOL, "Greeter"));
            writer.end();
            writer.flush();
        }
        out.flush();
        IpcStreamReader reader = IpcStreamReader.open(messages, allocator);
        if (reader == null) {
            throw new IOException("the worker closed its output instead of answering");
        }
        try (reader) {
            String result = null;
            BatchMetadata md;
            while ((md = reader.next()) != null) {
                String level = md.get(WireKeys.LOG_LEVEL);
                if ("EXCEPTION".equals(level)) {
                    throw new IOException("error from the worker: " + md.get(WireKeys.LOG_MESSAGE));
                }
                if (level == null && reader.root().getRowCount() == 1) {
                    result = new String(((VarCharVector) reader.root().getVector(0)).get(0), StandardCharsets.UTF_8);
                }
            }
            if (result == null) {
                throw new IOException("no result batch");
            }
            return result;
        }
    }
}
