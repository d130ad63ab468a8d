package dev.vgi.core.rpc.ipc;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.apache.arrow.flatbuf.Message;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.OutOfMemoryException;

/**
 * Reads encapsulated Arrow IPC messages from one connection's input. One instance lives as long as
 * the connection, so read-ahead never loses the bytes of the next stream.
 *
 * <p>Unlike Arrow Java's own readers, this one tells a clean end of input (no byte of a new message)
 * apart from an end-of-stream marker, keeps the flatbuffer {@link Message} (and so the per-batch
 * custom metadata) and refuses bodies the JVM cannot hold while staying on a frame boundary.
 */
public final class IpcMessageReader {

    /** Largest body accepted: one Arrow buffer is indexed by an int. */
    public static final long MAX_BODY_BYTES = Integer.MAX_VALUE - 8L;

    private static final int CONTINUATION = 0xFFFFFFFF;
    private static final int MAX_METADATA_BYTES = 64 * 1024 * 1024;
    private static final int CHUNK = 64 * 1024;

    /** Marker returned by {@link #next} for an end-of-stream message. */
    public static final IpcMessage END_OF_STREAM = new IpcMessage(null, null);

    private final InputStream in;
    private final byte[] scratch = new byte[CHUNK];
    private final long maxBodyBytes;
    private long bytesRead;

    /** Reads from {@code in}, which should be buffered and must outlive every stream read from it. */
    public IpcMessageReader(InputStream in) {
        this(in, MAX_BODY_BYTES);
    }

    /** Reads from {@code in}, refusing message bodies over {@code maxBodyBytes}. */
    public IpcMessageReader(InputStream in, long maxBodyBytes) {
        this.in = in;
        this.maxBodyBytes = Math.min(maxBodyBytes, MAX_BODY_BYTES);
    }

    /** Total bytes consumed from the input so far. */
    public long bytesRead() {
        return bytesRead;
    }

    /**
     * Reads the next message.
     *
     * @return the message; {@link #END_OF_STREAM} for an EOS marker; {@code null} when the input ended
     *     cleanly before the first byte of a message
     * @throws EOFException when the input ends inside a message
     * @throws IpcFormatException when the bytes are not an IPC message
     */
    public IpcMessage next(BufferAllocator allocator) throws IOException {
        long first = readPrefix(true);
        if (first == CLEAN_EOF) {
            return null;
        }
        int metadataLength;
        if ((int) first == CONTINUATION) {
            metadataLength = (int) readPrefix(false);
        } else {
            metadataLength = (int) first; // legacy framing without continuation marker
        }
        if (metadataLength == 0) {
            return END_OF_STREAM;
        }
        if (metadataLength < 0 || metadataLength > MAX_METADATA_BYTES) {
            throw new IpcFormatException("invalid IPC message metadata length " + metadataLength, false);
        }
        byte[] metadata = new byte[metadataLength];
        readFully(metadata, 0, metadataLength);
        Message message;
        long bodyLength;
        try {
            ByteBuffer buffer = ByteBuffer.wrap(metadata).order(ByteOrder.LITTLE_ENDIAN);
            message = Message.getRootAsMessage(buffer);
            bodyLength = message.bodyLength();
            message.headerType();
        } catch (RuntimeException e) {
            throw new IpcFormatException("IPC message metadata is not a valid flatbuffer", false, e);
        }
        if (bodyLength < 0) {
            throw new IpcFormatException("negative IPC body length " + bodyLength, false);
        }
        if (bodyLength == 0) {
            return new IpcMessage(message, null);
        }
        if (bodyLength > maxBodyBytes) {
            skipFully(bodyLength);
            throw new OversizedBodyException(bodyLength, maxBodyBytes);
        }
        ArrowBuf body;
        try {
            body = allocator.buffer(bodyLength);
        } catch (OutOfMemoryException e) {
            skipFully(bodyLength);
            throw new OversizedBodyException(bodyLength, allocator.getLimit());
        }
        try {
            readBody(body, bodyLength);
        } catch (IOException | RuntimeException e) {
            body.close();
            throw e;
        }
        return new IpcMessage(message, body);
    }

    private static final long CLEAN_EOF = Long.MIN_VALUE;

    private long readPrefix(boolean allowCleanEof) throws IOException {
        int n = 0;
        while (n < 4) {
            int r = in.read(scratch, n, 4 - n);
            if (r < 0) {
                if (n == 0 && allowCleanEof) {
                    return CLEAN_EOF;
                }
                throw new EOFException("input ended inside an IPC message prefix");
            }
            n += r;
        }
        bytesRead += 4;
        return (scratch[0] & 0xFF) | (scratch[1] & 0xFF) << 8 | (scratch[2] & 0xFF) << 16 | (scratch[3] & 0xFF) << 24;
    }

    private void readFully(byte[] target, int offset, int length) throws IOException {
        int n = 0;
        while (n < length) {
            int r = in.read(target, offset + n, length - n);
            if (r < 0) {
                throw new EOFException("input ended inside an IPC message");
            }
            n += r;
        }
        bytesRead += length;
    }

    private void readBody(ArrowBuf body, long length) throws IOException {
        consumeBody(body, length);
        body.writerIndex(length);
    }

    private void skipFully(long length) throws IOException {
        consumeBody(null, length);
    }

    /** Reads {@code length} body bytes through the scratch buffer into {@code body}, or drops them when it is null. */
    private void consumeBody(ArrowBuf body, long length) throws IOException {
        long done = 0;
        while (done < length) {
            int want = (int) Math.min(scratch.length, length - done);
            int r = in.read(scratch, 0, want);
            if (r < 0) {
                throw new EOFException("input ended inside an IPC message body");
            }
            if (body != null) {
                body.setBytes(done, scratch, 0, r);
            }
            done += r;
        }
        bytesRead += length;
    }
}
