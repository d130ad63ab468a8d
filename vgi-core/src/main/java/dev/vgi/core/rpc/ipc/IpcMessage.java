package dev.vgi.core.rpc.ipc;

import org.apache.arrow.flatbuf.Message;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.memory.ArrowBuf;

/**
 * One encapsulated Arrow IPC message as read from the wire: the flatbuffer header and, when the
 * message has one, its body. The caller owns the body and must close the message.
 */
public final class IpcMessage implements AutoCloseable {

    private final Message message;
    private final ArrowBuf body;

    IpcMessage(Message message, ArrowBuf body) {
        this.message = message;
        this.body = body;
    }

    /** The flatbuffer {@code Message}. */
    public Message message() {
        return message;
    }

    /** The message body, or {@code null} when the message has none. */
    public ArrowBuf body() {
        return body;
    }

    /** The flatbuffer header type, one of {@link MessageHeader}. */
    public byte headerType() {
        return message.headerType();
    }

    /** Whether this is a Schema message. */
    public boolean isSchema() {
        return message.headerType() == MessageHeader.Schema;
    }

    /** Whether this is a RecordBatch message. */
    public boolean isRecordBatch() {
        return message.headerType() == MessageHeader.RecordBatch;
    }

    /** Whether this is a DictionaryBatch message. */
    public boolean isDictionaryBatch() {
        return message.headerType() == MessageHeader.DictionaryBatch;
    }

    @Override
    public void close() {
        if (body != null) {
            body.close();
        }
    }
}
