package dev.vgi.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.vgi.core.arrow.SchemaMessages;
import dev.vgi.core.protocol.RecordWriter;
import dev.vgi.core.protocol.VgiProtocol;
import dev.vgi.core.protocol.VgiRecords;
import dev.vgi.core.rpc.ipc.IpcStreamReader;
import dev.vgi.core.rpc.ipc.IpcStreamWriter;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A VGI {@value VgiProtocol#NAME} {@value VgiProtocol#VERSION} client on one {@link WorkerConnection},
 * making the calls the way the reference Python client does (docs/vgi-protocol-2.2.md §6):
 * {@code catalog_attach} once for the {@code attach_opaque_data}, then per function call
 * {@code bind}, {@code init} (a header stream) and the data stream in lockstep: one input batch
 * (or, for a table function, one empty tick) written and flushed, then exactly one output batch
 * read, until the input ends (exchange) or the worker ends its output (producer).
 *
 * <p>Requests are records encoded with vgi-core's {@link RecordWriter} and {@link VgiRecords}. The
 * data phase allocates nothing of its own per batch: input batches come from the caller, ticks
 * reuse one empty root, and each output batch is checked in the reader's root before the next is
 * read.
 */
final class VgiClient implements AutoCloseable {

    /** The schema path the fixture functions live in. */
    static final List<String> MAIN = List.of("main");

    private final WorkerConnection connection;
    private final BufferAllocator allocator;
    private final VectorSchemaRoot tick;
    private byte[] attachOpaqueData;

    VgiClient(WorkerConnection connection) {
        this.connection = connection;
        this.allocator = connection.allocator();
        this.tick = VectorSchemaRoot.create(new Schema(List.of()), allocator);
        tick.setRowCount(0);
    }

    /** The {@code init} header: {@code GlobalInitResponse}. */
    record InitHeader(byte[] executionId, long maxWorkers) {
    }

    /** What one data stream moved. */
    record StreamResult(long rows, long batches, boolean timeBoxed) {
    }

    /** The input of a scalar (exchange) stream and the check of each answer. */
    interface ExchangeFeed {
        /** The schema of the input stream (the bind's {@code input_schema}). */
        Schema inputSchema();

        /** What is wrong with the output stream's schema, or {@code null}. */
        String checkSchema(Schema output);

        /** The next input batch to send, or {@code null} when the input is complete. */
        VectorSchemaRoot next();

        /** What is wrong with {@code output}, the answer to {@code input}, or {@code null}. */
        String check(VectorSchemaRoot input, VectorSchemaRoot output);
    }

    /** The consumer of a producer (table function) stream. */
    interface ProducerSink {
        /** What is wrong with the output stream's schema, or {@code null}. */
        String checkSchema(Schema output);

        /** What is wrong with the next output batch, or {@code null}. */
        String accept(VectorSchemaRoot output);
    }

    // ---------------------------------------------------------------- unary calls

    /** {@code catalog_attach(name)}: keeps and returns the {@code attach_opaque_data} later binds carry. */
    byte[] attach(String catalog) throws IOException {
        byte[] request = VgiRecords.CATALOG_ATTACH_REQUEST.builder().set("name", catalog).encode(allocator);
        byte[] result = unary(VgiProtocol.CATALOG_ATTACH, request);
        attachOpaqueData = decoded(VgiProtocol.CATALOG_ATTACH,
                () -> VgiRecords.CATALOG_ATTACH_RESULT.decode(result, allocator).requireBytes("attach_opaque_data"));
        return attachOpaqueData;
    }

    /** {@code bind}: the function's output schema. */
    Schema bind(byte[] bindRequest) throws IOException {
        byte[] result = unary(VgiProtocol.BIND, bindRequest);
        return decoded(VgiProtocol.BIND,
                () -> VgiRecords.BIND_RESPONSE.decode(result, allocator).requireSchema("output_schema"));
    }

    /** A wrapped unary call: the checked {@code result} bytes. */
    private byte[] unary(String method, byte[] request) throws IOException {
        try (UnaryRequest r = UnaryRequest.vgi(method, request, allocator)) {
            return connection.callForResult(r);
        }
    }

    @FunctionalInterface
    private interface Decode<T> {
        T get();
    }

    /** Decodes a result, turning a malformed record into a failure naming the worker. */
    private <T> T decoded(String method, Decode<T> decode) throws IOException {
        try {
            return decode.get();
        } catch (RuntimeException e) {
            throw connection.failure(method + ": unreadable result: " + e.getMessage());
        }
    }

    // ---------------------------------------------------------------- requests

    /** The {@code BindRequest.arguments} batch: one row of {@code args: struct<…>} (const and named arguments only). */
    byte[] arguments(Map<String, Object> values, Map<String, ArrowType> types) {
        List<Field> children = new ArrayList<>();
        types.forEach((k, t) -> children.add(Field.nullable(k, t)));
        Schema schema = new Schema(List.of(new Field("args", FieldType.nullable(ArrowType.Struct.INSTANCE), children)));
        return RecordWriter.write(schema, Map.of("args", values), allocator);
    }

    /**
     * A {@code BindRequest} as the Python client sends it: {@code function_type} {@code SCALAR} or
     * {@code TABLE}, the attach token, {@code schema_path ['main']}, everything else null.
     *
     * @param inputSchema the argument columns of a scalar call; {@code null} for a table function
     */
    byte[] bindRequest(String function, String functionType, byte[] arguments, Schema inputSchema) {
        if (attachOpaqueData == null) {
            throw new IllegalStateException("attach first");
        }
        return VgiRecords.BIND_REQUEST.builder()
                .set("function_name", function)
                .set("arguments", arguments)
                .set("function_type", functionType)
                .set("input_schema", inputSchema == null ? null : SchemaMessages.serialize(inputSchema))
                .set("attach_opaque_data", attachOpaqueData)
                .set("resolved_secrets_provided", false)
                .set("schema_path", MAIN)
                .encode(allocator);
    }

    /** A primary {@code InitRequest}: the bind request bytes and the bind's output schema, nothing projected or pushed. */
    byte[] initRequest(byte[] bindRequest, Schema outputSchema) {
        return VgiRecords.INIT_REQUEST.builder()
                .set("bind_call", bindRequest)
                .set("output_schema", SchemaMessages.serialize(outputSchema))
                .encode(allocator);
    }

    // ---------------------------------------------------------------- init and the data stream

    /**
     * Sends {@code init} and reads its header stream. The connection stays busy until the data
     * stream that follows has been read to its end ({@link #exchange} or {@link #produce}).
     */
    InitHeader init(byte[] initRequest) throws IOException {
        String what = VgiProtocol.INIT;
        try (UnaryRequest request = UnaryRequest.vgi(VgiProtocol.INIT, initRequest, allocator)) {
            connection.beginExchange(what);
            connection.send(request);
            try (IpcStreamReader header = connection.openStream(what)) {
                if (connection.nextData(header, what) == null) {
                    throw connection.failure(what + ": the header stream has no batch");
                }
                VectorSchemaRoot root = header.root();
                FieldVector id = root.getVector("execution_id");
                FieldVector workers = root.getVector("max_workers");
                if (root.getRowCount() != 1 || !(id instanceof VarBinaryVector ids) || ids.isNull(0)
                        || !(workers instanceof BigIntVector max) || max.isNull(0)) {
                    throw connection.failure(what + ": expected a one-row GlobalInitResponse header, got "
                            + root.getRowCount() + " rows of " + root.getSchema());
                }
                InitHeader result = new InitHeader(ids.get(0), max.get(0));
                if (connection.nextData(header, what) != null) {
                    throw connection.failure(what + ": the header stream has more than one batch");
                }
                return result;
            }
        } catch (IOException e) {
            throw connection.describe(what, e);
        }
    }

    /**
     * The scalar data stream: sends {@code feed}'s batches in lockstep, checking each answer, until
     * the feed ends or {@code deadline} ({@link System#nanoTime()}) passes; then ends the input and
     * reads the output's end.
     */
    StreamResult exchange(ExchangeFeed feed, long deadline) throws IOException {
        String what = "init exchange";
        try {
            IpcStreamWriter writer = connection.writer();
            writer.start(feed.inputSchema(), null, allocator);
            IpcStreamReader output = null;
            long rows = 0;
            long batches = 0;
            boolean boxed = false;
            try {
                VectorSchemaRoot input;
                while ((input = feed.next()) != null) {
                    writer.writeBatch(input, null);
                    writer.flush();
                    if (output == null) {
                        output = connection.openStream(what);
                        requireSchema(what, feed.checkSchema(output.wireSchema()));
                    }
                    if (connection.nextData(output, what) == null) {
                        throw connection.failure(what + ": the output ended after " + batches + " batches while input continued");
                    }
                    VectorSchemaRoot out = output.root();
                    if (out.getRowCount() != input.getRowCount()) {
                        throw connection.failure(what + ": batch " + batches + " has " + out.getRowCount()
                                + " rows for " + input.getRowCount() + " input rows");
                    }
                    String problem = feed.check(input, out);
                    if (problem != null) {
                        throw connection.failure(what + ": batch " + batches + ": " + problem);
                    }
                    rows += out.getRowCount();
                    batches++;
                    if (System.nanoTime() - deadline > 0) {
                        boxed = true;
                        break;
                    }
                }
                writer.end();
                writer.flush();
                if (output == null) {
                    output = connection.openStream(what);
                    requireSchema(what, feed.checkSchema(output.wireSchema()));
                }
                if (connection.nextData(output, what) != null) {
                    throw connection.failure(what + ": an output batch came after the input ended");
                }
            } finally {
                if (output != null) {
                    output.close();
                }
            }
            connection.inStep();
            return new StreamResult(rows, batches, boxed);
        } catch (IOException e) {
            throw connection.describe(what, e);
        }
    }

    /**
     * The table function data stream: sends one empty tick at a time and reads one output batch
     * per tick until the worker ends its output or {@code deadline} passes (then the input is ended
     * early, as a client satisfied by a LIMIT does, and the rest of the output is read).
     */
    StreamResult produce(ProducerSink sink, long deadline) throws IOException {
        String what = "init produce";
        try {
            IpcStreamWriter writer = connection.writer();
            writer.start(tick.getSchema(), null, allocator);
            IpcStreamReader output = null;
            long rows = 0;
            long batches = 0;
            boolean boxed = false;
            try {
                while (true) {
                    writer.writeBatch(tick, null);
                    writer.flush();
                    if (output == null) {
                        output = connection.openStream(what);
                        requireSchema(what, sink.checkSchema(output.wireSchema()));
                    }
                    if (connection.nextData(output, what) == null) {
                        break;
                    }
                    String problem = sink.accept(output.root());
                    if (problem != null) {
                        throw connection.failure(what + ": batch " + batches + ": " + problem);
                    }
                    rows += output.root().getRowCount();
                    batches++;
                    if (System.nanoTime() - deadline > 0) {
                        boxed = true;
                        break;
                    }
                }
                writer.end();
                writer.flush();
                if (boxed) {
                    // the worker ends its output when it reads the end of the input; a batch already under way still counts
                    while (connection.nextData(output, what) != null) {
                        String problem = sink.accept(output.root());
                        if (problem != null) {
                            throw connection.failure(what + ": batch " + batches + ": " + problem);
                        }
                        rows += output.root().getRowCount();
                        batches++;
                    }
                }
            } finally {
                if (output != null) {
                    output.close();
                }
            }
            connection.inStep();
            return new StreamResult(rows, batches, boxed);
        } catch (IOException e) {
            throw connection.describe(what, e);
        }
    }

    private void requireSchema(String what, String problem) throws IOException {
        if (problem != null) {
            throw connection.failure(what + ": " + problem);
        }
    }

    @Override
    public void close() {
        tick.close();
    }
}
