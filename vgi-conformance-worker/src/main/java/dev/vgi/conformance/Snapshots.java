package dev.vgi.conformance;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Supplier;

import dev.vgi.core.rpc.StreamMethod;
import dev.vgi.core.rpc.StreamState;

/**
 * The byte encoding of stream-state snapshots: a version byte, then the state's fields through
 * {@link DataOutputStream}. States are rebuilt from these bytes when a stateless transport (HTTP)
 * resumes a stream, possibly in another worker process, so the encoding must carry every field a
 * state needs, including its call parameters.
 */
final class Snapshots {

    /** Bumped when any state's layout changes, so stale tokens fail loudly instead of misreading. */
    private static final int VERSION = 2;

    private Snapshots() {
    }

    /** Writes the fields of one state. */
    @FunctionalInterface
    interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    /** Reads the fields of one state. */
    @FunctionalInterface
    interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    /** Encodes a snapshot. */
    static byte[] encode(Writer body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            body.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The restorer of a state with no fields, whose snapshot is {@code encode(o -> { })}. */
    static StreamMethod.StateRestorer stateless(Supplier<? extends StreamState> factory) {
        return snapshot -> decode(snapshot, in -> factory.get());
    }

    /** Decodes a snapshot; trailing bytes or a foreign version are rejected. */
    static <T> T decode(byte[] snapshot, Reader<T> body) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw new IOException("unsupported stream-state snapshot version " + version);
            }
            T state = body.read(in);
            if (in.available() != 0) {
                throw new IOException("stream-state snapshot has " + in.available() + " trailing byte(s)");
            }
            return state;
        }
    }
}
