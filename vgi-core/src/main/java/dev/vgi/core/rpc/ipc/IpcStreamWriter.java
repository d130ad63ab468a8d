package dev.vgi.core.rpc.ipc;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.google.flatbuffers.FlatBufferBuilder;
import org.apache.arrow.flatbuf.KeyValue;
import org.apache.arrow.flatbuf.Message;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.flatbuf.MetadataVersion;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.WriteChannel;
import org.apache.arrow.vector.ipc.message.ArrowDictionaryBatch;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.DictionaryUtility;

/**
 * Writes Arrow IPC streams, one after another, to a connection's output. Record batches carry
 * per-batch custom metadata (which Arrow Java's own writers cannot emit); every dictionary the
 * schema references is written right after the schema, before any batch, as pyarrow requires.
 *
 * <p>Nothing is flushed implicitly: callers {@link #flush()} at the end of each response unit.
 */
public final class IpcStreamWriter {

    private static final byte[] EOS = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0, 0, 0, 0};
    private static final byte[] PADDING = new byte[8];

    private final OutputStream out;
    private final WritableByteChannel channel;
    private Schema memorySchema;
    private BufferAllocator allocator;
    private VectorSchemaRoot emptyRoot;
    private boolean open;
    private boolean valuesForm;
    private long bytesWritten;

    /** Writes to {@code out}, which should be buffered and outlive every stream written to it. */
    public IpcStreamWriter(OutputStream out) {
        this.out = out;
        this.channel = Channels.newChannel(out);
    }

    /** Total bytes handed to the output so far. */
    public long bytesWritten() {
        return bytesWritten;
    }

    /** Whether a stream is open (started and not yet ended). */
    public boolean isOpen() {
        return open;
    }

    /** The in-memory schema of the open stream. */
    public Schema schema() {
        return memorySchema;
    }

    /**
     * Starts a stream: writes the Schema message and one dictionary batch per dictionary-encoded
     * field (taken from {@code dictionaries}, or empty when it has none for that id).
     *
     * @param schema the in-memory schema (dictionary-encoded fields carry their index type)
     * @param dictionaries the dictionaries referenced by {@code schema}, or {@code null}
     */
    public void start(Schema schema, DictionaryProvider dictionaries, BufferAllocator allocator) throws IOException {
        if (open) {
            throw new IllegalStateException("a stream is already open on this writer");
        }
        this.memorySchema = schema;
        this.allocator = allocator;
        this.open = true;
        this.valuesForm = dictionaries == null && DictionaryEncoding.declaresDictionaries(schema);
        if (valuesForm) {
            if (!DictionaryEncoding.isValuesForm(schema)) {
                throw new IllegalArgumentException("schema holds dictionary indices but no dictionaries were given");
            }
            bytesWritten += MessageSerializer.serialize(new WriteChannel(channel), schema);
            writeValueDictionaries(schema, DictionaryEncoding.empty(schema));
            return;
        }
        Set<Long> ids = new HashSet<>();
        List<Field> wireFields = new ArrayList<>(schema.getFields().size());
        boolean anyDictionary = false;
        for (Field f : schema.getFields()) {
            if (DictionaryEncoding.declares(f)) {
                anyDictionary = true;
                if (dictionaries == null) {
                    throw new IllegalArgumentException("field '" + f.getName() + "' is dictionary-encoded but no dictionaries were given");
                }
                wireFields.add(DictionaryUtility.toMessageFormat(f, dictionaries, ids));
            } else {
                wireFields.add(f);
            }
        }
        Schema wire = anyDictionary ? new Schema(wireFields, schema.getCustomMetadata()) : schema;
        bytesWritten += MessageSerializer.serialize(new WriteChannel(channel), wire);
        if (anyDictionary) {
            writeDictionaries(wire, dictionaries);
        }
    }

    private void writeDictionaries(Schema wire, DictionaryProvider provider) throws IOException {
        List<Field> pending = new ArrayList<>(wire.getFields());
        Set<Long> written = new HashSet<>();
        while (!pending.isEmpty()) {
            Field f = pending.remove(0);
            org.apache.arrow.vector.types.pojo.DictionaryEncoding enc = f.getDictionary();
            if (enc != null && written.add(enc.getId())) {
                Dictionary d = provider.lookup(enc.getId());
                if (d == null) {
                    throw new IllegalArgumentException("no dictionary with id " + enc.getId() + " for field '" + f.getName() + "'");
                }
                writeDictionary(enc.getId(), d.getVector());
            }
            pending.addAll(f.getChildren());
        }
    }

    private void writeDictionary(long id, FieldVector values) throws IOException {
        VectorSchemaRoot r = new VectorSchemaRoot(List.of(values.getField()), List.of(values), values.getValueCount());
        try (ArrowRecordBatch data = new VectorUnloader(r).getRecordBatch();
                ArrowDictionaryBatch batch = new ArrowDictionaryBatch(id, data, false)) {
            bytesWritten += MessageSerializer.serialize(new WriteChannel(channel), batch).getMetadataLength()
                    + batch.computeBodyLength();
        }
    }

    /**
     * Writes a record batch from {@code root} with optional custom metadata. On a stream whose
     * dictionary fields hold plain values, the batch's dictionaries are written first (replacing
     * the previous ones) and the values are sent as indices.
     */
    public void writeBatch(VectorSchemaRoot root, Map<String, String> metadata) throws IOException {
        requireOpen();
        if (valuesForm) {
            DictionaryEncoding.Values values = root.getRowCount() == 0 ? DictionaryEncoding.empty(root.getSchema())
                    : DictionaryEncoding.collect(root);
            if (root.getRowCount() > 0) {
                writeValueDictionaries(root.getSchema(), values);
            }
            List<org.apache.arrow.memory.ArrowBuf> owned = new ArrayList<>();
            try (ArrowRecordBatch batch = DictionaryEncoding.unload(root, values, allocator, owned)) {
                writeRecordBatch(batch, metadata);
            } finally {
                owned.forEach(org.apache.arrow.memory.ArrowBuf::close);
            }
            return;
        }
        try (ArrowRecordBatch batch = new VectorUnloader(root).getRecordBatch()) {
            writeRecordBatch(batch, metadata);
        }
    }

    private void writeValueDictionaries(Schema schema, DictionaryEncoding.Values values) throws IOException {
        List<Field> pending = new ArrayList<>(schema.getFields());
        Set<Long> written = new HashSet<>();
        while (!pending.isEmpty()) {
            Field f = pending.remove(0);
            if (f.getDictionary() != null && written.add(f.getDictionary().getId())) {
                try (FieldVector dict = DictionaryEncoding.dictionary(values, f.getDictionary().getId(), f, allocator)) {
                    writeDictionary(f.getDictionary().getId(), dict);
                }
            }
            pending.addAll(f.getChildren());
        }
    }

    /** Writes a zero-row batch on the open stream's schema carrying {@code metadata}. */
    public void writeZeroRowBatch(Map<String, String> metadata) throws IOException {
        requireOpen();
        if (emptyRoot == null) {
            emptyRoot = VectorSchemaRoot.create(memorySchema, allocator);
            emptyRoot.setRowCount(0);
        }
        writeBatch(emptyRoot, metadata);
    }

    /** Writes the end-of-stream marker and closes the stream (not the output). */
    public void end() throws IOException {
        requireOpen();
        out.write(EOS);
        bytesWritten += EOS.length;
        open = false;
        valuesForm = false;
        memorySchema = null;
        if (emptyRoot != null) {
            emptyRoot.close();
            emptyRoot = null;
        }
    }

    /** Flushes the underlying output. */
    public void flush() throws IOException {
        out.flush();
    }

    /** Releases what an unfinished stream holds, without writing anything. */
    public void abandon() {
        open = false;
        valuesForm = false;
        if (emptyRoot != null) {
            emptyRoot.close();
            emptyRoot = null;
        }
    }

    private void requireOpen() {
        if (!open) {
            throw new IllegalStateException("no stream is open on this writer");
        }
    }

    private void writeRecordBatch(ArrowRecordBatch batch, Map<String, String> metadata) throws IOException {
        long bodyLength = batch.computeBodyLength();
        FlatBufferBuilder builder = new FlatBufferBuilder(256);
        int header = batch.writeTo(builder);
        int customMetadata = 0;
        if (metadata != null && !metadata.isEmpty()) {
            int[] entries = new int[metadata.size()];
            int i = 0;
            for (Map.Entry<String, String> e : metadata.entrySet()) {
                int k = builder.createString(e.getKey());
                int v = builder.createString(e.getValue());
                entries[i++] = KeyValue.createKeyValue(builder, k, v);
            }
            customMetadata = Message.createCustomMetadataVector(builder, entries);
        }
        Message.startMessage(builder);
        Message.addVersion(builder, MetadataVersion.V5);
        Message.addHeaderType(builder, MessageHeader.RecordBatch);
        Message.addHeader(builder, header);
        Message.addBodyLength(builder, bodyLength);
        if (customMetadata != 0) {
            Message.addCustomMetadata(builder, customMetadata);
        }
        builder.finish(Message.endMessage(builder));
        ByteBuffer flat = builder.dataBuffer();
        int flatLength = flat.remaining();
        int padded = (flatLength + 8 + 7) / 8 * 8 - 8;
        byte[] prefix = new byte[8];
        prefix[0] = prefix[1] = prefix[2] = prefix[3] = (byte) 0xFF;
        prefix[4] = (byte) padded;
        prefix[5] = (byte) (padded >>> 8);
        prefix[6] = (byte) (padded >>> 16);
        prefix[7] = (byte) (padded >>> 24);
        out.write(prefix);
        if (flat.hasArray()) {
            out.write(flat.array(), flat.arrayOffset() + flat.position(), flatLength);
        } else {
            byte[] copy = new byte[flatLength];
            flat.get(copy);
            out.write(copy);
        }
        out.write(PADDING, 0, padded - flatLength);
        long body = MessageSerializer.writeBatchBuffers(new WriteChannel(channel), batch);
        if (body != bodyLength) {
            throw new IOException("record batch body length mismatch: declared " + bodyLength + ", wrote " + body);
        }
        bytesWritten += 8 + padded + bodyLength;
    }
}
