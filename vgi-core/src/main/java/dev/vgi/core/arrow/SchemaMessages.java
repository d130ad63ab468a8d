package dev.vgi.core.arrow;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;

import org.apache.arrow.vector.ipc.ReadChannel;
import org.apache.arrow.vector.ipc.WriteChannel;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A schema as a bare encapsulated IPC Schema message ({@code FF FF FF FF}, length, flatbuffer,
 * padding; no end-of-stream marker): the form pyarrow's {@code Schema.serialize()} produces and VGI
 * uses wherever a record carries a schema ({@code output_schema}, {@code input_schema},
 * {@code FunctionInfo.arguments}, {@code TableInfo.columns}, setting types, …).
 */
public final class SchemaMessages {

    private SchemaMessages() {
    }

    /**
     * Serializes {@code schema}. Dictionary-encoded fields must be in the values form (type = value
     * type, encoding = index type), which is also the message form, so they are written as is.
     */
    public static byte[] serialize(Schema schema) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            MessageSerializer.serialize(new WriteChannel(Channels.newChannel(out)), schema);
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
        return out.toByteArray();
    }

    /**
     * Parses a schema message. A complete IPC stream is accepted too (its first message is the
     * schema), and so is anything after the message, which is ignored.
     *
     * @return the schema, or {@code null} for {@code null} or empty input: the reference reads a
     *     zero-length value as "absent", since a real schema, even an empty one, is never zero bytes
     * @throws IllegalArgumentException when the bytes do not start with a schema message
     */
    public static Schema parse(byte[] message) {
        if (message == null || message.length == 0) {
            return null;
        }
        try (ReadChannel in = new ReadChannel(Channels.newChannel(new ByteArrayInputStream(message)))) {
            return MessageSerializer.deserializeSchema(in);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not an Arrow IPC schema message: " + e.getMessage(), e);
        }
    }
}
