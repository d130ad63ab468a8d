package dev.vgi.core.worker;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

import dev.vgi.core.arrow.ArrowValues;
import dev.vgi.core.protocol.Record;
import dev.vgi.core.protocol.RecordReader;
import dev.vgi.core.protocol.VgiMethod;
import dev.vgi.core.protocol.VgiMethods;
import dev.vgi.core.protocol.VgiProtocol;
import dev.vgi.core.protocol.VgiRecords;
import dev.vgi.core.rpc.Batches;
import dev.vgi.core.rpc.ByteStreamConnection;
import dev.vgi.core.rpc.RpcMethod;
import dev.vgi.core.rpc.RpcServer;
import dev.vgi.core.rpc.TransportKind;
import dev.vgi.core.rpc.WireKeys;
import dev.vgi.core.rpc.ipc.BatchMetadata;
import dev.vgi.core.rpc.ipc.IpcMessageReader;
import dev.vgi.core.rpc.ipc.IpcStreamReader;
import dev.vgi.core.rpc.ipc.IpcStreamWriter;

/**
 * A minimal VGI client over an in-process byte-stream connection (a {@link ByteStreamConnection}
 * served on a thread through pipes): it speaks the wire the way the Python client does, in
 * lockstep, so tests can drive unary calls and init streams turn by turn.
 */
final class WireClient implements AutoCloseable {

    /** A typed error answered by the worker. */
    static final class WireError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient BatchMetadata metadata;

        WireError(BatchMetadata metadata) {
            super(metadata.get(WireKeys.LOG_MESSAGE));
            this.metadata = metadata;
        }

        String kind() {
            return metadata.get(WireKeys.ERROR_KIND);
        }

        String code() {
            return metadata.get(WireKeys.ERROR_CODE);
        }
    }

    /** One response stream: schema, log records, data rows (each as a column-name map). */
    record Answer(Schema schema, List<BatchMetadata> logs, List<List<Map<String, Object>>> batches) {
        List<Map<String, Object>> rows() {
            List<Map<String, Object>> all = new ArrayList<>();
            batches.forEach(all::addAll);
            return all;
        }
    }

    private final BufferAllocator allocator;
    private final PipedOutputStream toServer;
    private final IpcStreamWriter writer;
    private final IpcMessageReader reader;
    private final Thread thread;
    private final BufferAllocator connectionAllocator;

    WireClient(RpcServer server, BufferAllocator allocator) {
        this.allocator = allocator;
        try {
            PipedInputStream serverIn = new PipedInputStream(1 << 20);
            this.toServer = new PipedOutputStream(serverIn);
            PipedInputStream fromServer = new PipedInputStream(1 << 20);
            PipedOutputStream serverOut = new PipedOutputStream(fromServer);
            this.connectionAllocator = allocator.newChildAllocator("connection", 0, Long.MAX_VALUE);
            this.thread = new Thread(() -> {
                new ByteStreamConnection(server, new BufferedInputStream(serverIn), new BufferedOutputStream(serverOut),
                        TransportKind.PIPE, "", connectionAllocator).serve();
                try {
                    serverOut.close();
                } catch (IOException ignored) {
                    // the client is gone
                }
            }, "vgi-worker-test");
            thread.setDaemon(true);
            thread.start();
            this.writer = new IpcStreamWriter(new BufferedOutputStream(toServer));
            this.reader = new IpcMessageReader(new BufferedInputStream(fromServer));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> metadata(String method) {
        Map<String, String> md = new LinkedHashMap<>();
        md.put(WireKeys.METHOD, method);
        md.put(WireKeys.REQUEST_VERSION, WireKeys.REQUEST_VERSION_VALUE);
        md.put(WireKeys.PROTOCOL, VgiProtocol.NAME);
        md.put(WireKeys.PROTOCOL_VERSION, VgiProtocol.VERSION);
        return md;
    }

    /** Sends the request batch of {@code method}: its declared parameter schema, one row of {@code params}. */
    void sendRequest(String method, Map<String, ?> params) {
        VgiMethod m = VgiMethods.byName(method);
        Schema schema = m != null ? m.params() : new Schema(List.of());
        sendRequest(method, schema, params);
    }

    void sendRequest(String method, Schema schema, Map<String, ?> params) {
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
            root.allocateNew();
            int rows = schema.getFields().isEmpty() ? 0 : 1;
            if (rows == 1) {
                ArrowValues.writeRow(root, 0, params);
            }
            root.setRowCount(rows);
            writer.start(schema, null, allocator);
            writer.writeBatch(root, metadata(method));
            writer.end();
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads one response stream; throws {@link WireError} when it carries an error. */
    Answer read() {
        try (IpcStreamReader r = IpcStreamReader.open(reader, allocator)) {
            if (r == null) {
                throw new IllegalStateException("the worker closed the connection");
            }
            List<BatchMetadata> logs = new ArrayList<>();
            List<List<Map<String, Object>>> batches = new ArrayList<>();
            BatchMetadata md;
            WireError error = null;
            while ((md = r.next()) != null) {
                if (md.has(WireKeys.LOG_LEVEL)) {
                    if ("EXCEPTION".equals(md.get(WireKeys.LOG_LEVEL))) {
                        error = new WireError(md);
                    } else {
                        logs.add(md);
                    }
                    continue;
                }
                batches.add(rows(r));
            }
            if (error != null) {
                throw error;
            }
            return new Answer(r.wireSchema(), logs, batches);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<Map<String, Object>> rows(IpcStreamReader r) {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (VectorSchemaRoot root = Batches.detach(r.root(), r.dictionaries(), allocator)) {
            for (int i = 0; i < root.getRowCount(); i++) {
                rows.add(ArrowValues.readRow(root, i));
            }
            if (root.getFieldVectors().isEmpty()) {
                for (int i = 0; i < root.getRowCount(); i++) {
                    rows.add(Map.of());
                }
            }
        }
        return rows;
    }

    /** A unary call answering a record: the decoded record. */
    Record call(String method, Map<String, ?> params) {
        sendRequest(method, params);
        Answer a = read();
        byte[] result = (byte[]) a.rows().get(0).get("result");
        return RecordReader.read(result, allocator);
    }

    /** A wrapped unary call. */
    Record callWrapped(String method, byte[] request) {
        return call(method, Map.of("request", request));
    }

    /** The decoded items of a {@code {items: list<binary>}} answer. */
    List<Record> items(String method, Map<String, ?> params) {
        Record r = call(method, params);
        List<Record> out = new ArrayList<>();
        for (byte[] item : r.getBytesList("items")) {
            out.add(RecordReader.read(item, allocator));
        }
        return out;
    }

    /** Opens an {@code init} stream and returns its header (throws {@link WireError} when it failed). */
    Record init(byte[] initRequest) {
        sendRequest(VgiProtocol.INIT, Map.of("request", initRequest));
        Answer header;
        try {
            header = read();
        } catch (WireError e) {
            // the Python client then sends an (empty) input stream; the worker drains it
            sendEmptyInput();
            throw e;
        }
        Map<String, Object> row = header.rows().get(0);
        return recordOf(row);
    }

    private Record recordOf(Map<String, Object> row) {
        // through the codec, to read the header with the lenient record accessors
        return VgiRecords.GLOBAL_INIT_RESPONSE.decode(VgiRecords.GLOBAL_INIT_RESPONSE.encode(row, allocator), allocator);
    }

    private void sendEmptyInput() {
        try {
            writer.start(RpcMethod.EMPTY_SCHEMA, null, allocator);
            writer.end();
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Producer: sends {@code ticks} empty batches and the end of input; returns the output stream. */
    Answer produce(int ticks) {
        return produce(java.util.Collections.nCopies(ticks, Map.of()));
    }

    /** Producer: sends one empty batch with each of the metadata maps, then the end of input; returns the output stream. */
    Answer produce(List<Map<String, String>> ticks) {
        try (VectorSchemaRoot tick = VectorSchemaRoot.create(RpcMethod.EMPTY_SCHEMA, allocator)) {
            writer.start(RpcMethod.EMPTY_SCHEMA, null, allocator);
            for (Map<String, String> metadata : ticks) {
                writer.writeBatch(tick, metadata);
            }
            writer.end();
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return read();
    }

    /** Exchange: sends the batches (each a list of rows of {@code schema}) and the end of input; returns the output stream. */
    Answer exchange(Schema schema, List<List<Map<String, Object>>> batches) {
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
            writer.start(schema, null, allocator);
            for (List<Map<String, Object>> batch : batches) {
                root.clear();
                root.allocateNew();
                for (int i = 0; i < batch.size(); i++) {
                    ArrowValues.writeRow(root, i, batch.get(i));
                }
                root.setRowCount(batch.size());
                writer.writeBatch(root, Map.of());
            }
            writer.end();
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return read();
    }

    /** Exchange of zero-column batches with the given row counts. */
    Answer exchangeRowCounts(int... rowCounts) {
        try (VectorSchemaRoot root = VectorSchemaRoot.create(RpcMethod.EMPTY_SCHEMA, allocator)) {
            writer.start(RpcMethod.EMPTY_SCHEMA, null, allocator);
            for (int n : rowCounts) {
                root.setRowCount(n);
                writer.writeBatch(root, Map.of());
            }
            writer.end();
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return read();
    }

    /** The bytes of {@code result} of a raw unary answer (for records the reader should not decode). */
    static byte[] resultBytes(VectorSchemaRoot root) {
        return ((VarBinaryVector) root.getVector(0)).getObject(0);
    }

    @Override
    public void close() throws Exception {
        toServer.close();
        thread.join(10_000);
        connectionAllocator.close();
    }
}
