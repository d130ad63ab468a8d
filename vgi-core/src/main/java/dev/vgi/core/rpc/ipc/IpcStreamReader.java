package dev.vgi.core.rpc.ipc;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.message.ArrowDictionaryBatch;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.DictionaryUtility;

/**
 * Reads one Arrow IPC stream (schema, dictionaries, record batches, end-of-stream) from a
 * connection's {@link IpcMessageReader}, keeping each batch's custom metadata. It never reads past
 * the stream's end marker, so the next stream on the connection stays intact.
 *
 * <p>Batches are loaded into one {@link VectorSchemaRoot} owned by this reader (Arrow's in-memory
 * format: dictionary-encoded columns hold indices, see {@link #dictionaries()}); a batch is valid
 * until the next call to {@link #next()} or {@link #close()}.
 */
public final class IpcStreamReader implements AutoCloseable {

    private final IpcMessageReader messages;
    private final BufferAllocator allocator;
    private final Schema wireSchema;
    private final Map<Long, Dictionary> dictionaries = new HashMap<>();
    private final VectorSchemaRoot root;
    private final VectorLoader loader;
    private boolean ended;

    private IpcStreamReader(IpcMessageReader messages, BufferAllocator allocator, Schema wireSchema) {
        this.messages = messages;
        this.allocator = allocator;
        this.wireSchema = wireSchema;
        List<Field> memoryFields = new ArrayList<>(wireSchema.getFields().size());
        for (Field field : wireSchema.getFields()) {
            memoryFields.add(DictionaryUtility.toMemoryFormat(field, allocator, dictionaries));
        }
        this.root = VectorSchemaRoot.create(new Schema(memoryFields, wireSchema.getCustomMetadata()), allocator);
        this.loader = new VectorLoader(root);
    }

    /**
     * Opens the next stream on the connection by reading its Schema message.
     *
     * @return the reader, or {@code null} when the input ended cleanly before the stream began
     * @throws IpcFormatException when the first message is not a schema (the stream is then drained
     *     up to its end marker when possible)
     */
    public static IpcStreamReader open(IpcMessageReader messages, BufferAllocator allocator) throws IOException {
        IpcMessage first = messages.next(allocator);
        if (first == null) {
            return null;
        }
        if (first == IpcMessageReader.END_OF_STREAM) {
            throw new IpcFormatException("IPC stream ended before its schema message", true);
        }
        try (first) {
            if (!first.isSchema()) {
                drainAfter(messages, allocator);
                throw new IpcFormatException("expected a Schema message to open the IPC stream", true);
            }
            Schema schema;
            try {
                schema = MessageSerializer.deserializeSchema(first.message());
            } catch (RuntimeException e) {
                drainAfter(messages, allocator);
                throw new IpcFormatException("unreadable Schema message: " + e.getMessage(), true, e);
            }
            return new IpcStreamReader(messages, allocator, schema);
        }
    }

    private static void drainAfter(IpcMessageReader messages, BufferAllocator allocator) throws IOException {
        while (true) {
            IpcMessage m = messages.next(allocator);
            if (m == null || m == IpcMessageReader.END_OF_STREAM) {
                return;
            }
            m.close();
        }
    }

    /** The schema as sent (dictionary-encoded fields carry their value type). */
    public Schema wireSchema() {
        return wireSchema;
    }

    /** The root batches are loaded into. */
    public VectorSchemaRoot root() {
        return root;
    }

    /** Dictionaries received so far, by id. */
    public DictionaryProvider dictionaries() {
        return new DictionaryProvider.MapDictionaryProvider(dictionaries.values().toArray(new Dictionary[0]));
    }

    /** Whether the schema has any dictionary-encoded field. */
    public boolean hasDictionaries() {
        return !dictionaries.isEmpty();
    }

    /** Whether the end-of-stream marker has been read. */
    public boolean ended() {
        return ended;
    }

    /**
     * Loads the next record batch into {@link #root()}.
     *
     * @return the batch's metadata, or {@code null} at the end of the stream
     */
    public BatchMetadata next() throws IOException {
        if (ended) {
            return null;
        }
        while (true) {
            IpcMessage m = messages.next(allocator);
            if (m == null) {
                ended = true;
                throw new java.io.EOFException("input ended inside an IPC stream");
            }
            if (m == IpcMessageReader.END_OF_STREAM) {
                ended = true;
                return null;
            }
            try (m) {
                if (m.isDictionaryBatch()) {
                    loadDictionary(m);
                } else if (m.isRecordBatch()) {
                    try (ArrowRecordBatch batch = MessageSerializer.deserializeRecordBatch(m.message(), bodyForDeserializer(m))) {
                        loader.load(batch);
                    } catch (RuntimeException e) {
                        throw new IpcFormatException("record batch does not match the stream schema: " + e.getMessage(), true, e);
                    }
                    return BatchMetadata.from(m.message());
                } else {
                    throw new IpcFormatException("unexpected IPC message type " + m.headerType() + " inside a stream", true);
                }
            }
        }
    }

    private void loadDictionary(IpcMessage m) throws IOException {
        try (ArrowDictionaryBatch batch = MessageSerializer.deserializeDictionaryBatch(m.message(), bodyForDeserializer(m))) {
            Dictionary dictionary = dictionaries.get(batch.getDictionaryId());
            if (dictionary == null) {
                throw new IpcFormatException("dictionary batch for unknown id " + batch.getDictionaryId(), true);
            }
            if (batch.isDelta()) {
                throw new IpcFormatException("delta dictionary batches are not supported", true);
            }
            FieldVector vector = dictionary.getVector();
            VectorSchemaRoot dictionaryRoot = new VectorSchemaRoot(List.of(vector.getField()), List.of(vector), 0);
            new VectorLoader(dictionaryRoot).load(batch.getDictionary());
        } catch (RuntimeException e) {
            throw new IpcFormatException("unreadable dictionary batch: " + e.getMessage(), true, e);
        }
    }

    /**
     * Arrow's deserializers release one reference to the body they are given, while the message still
     * owns its own; hand them an extra reference so both releases balance.
     */
    private org.apache.arrow.memory.ArrowBuf bodyForDeserializer(IpcMessage m) {
        if (m.body() == null) {
            return allocator.getEmpty();
        }
        m.body().getReferenceManager().retain();
        return m.body();
    }

    /** Reads and discards everything up to and including the end-of-stream marker. */
    public void drain() throws IOException {
        while (!ended) {
            try {
                if (next() == null) {
                    return;
                }
            } catch (IpcFormatException e) {
                if (!e.onFrameBoundary()) {
                    throw e;
                }
                // keep draining: a malformed batch still ends at a frame boundary
            }
        }
    }

    @Override
    public void close() {
        root.close();
        for (Dictionary d : dictionaries.values()) {
            d.getVector().close();
        }
    }
}
