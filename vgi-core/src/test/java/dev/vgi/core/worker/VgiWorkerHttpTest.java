package dev.vgi.core.worker;

import static dev.vgi.core.worker.TestCatalog.INT64;
import static dev.vgi.core.worker.TestCatalog.UTF8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.vgi.core.arrow.ArrowValues;
import dev.vgi.core.arrow.SchemaMessages;
import dev.vgi.core.protocol.RecordWriter;
import dev.vgi.core.protocol.VgiProtocol;
import dev.vgi.core.protocol.VgiRecords;
import dev.vgi.core.rpc.Batches;
import dev.vgi.core.rpc.RpcMethod;
import dev.vgi.core.rpc.RpcServer;
import dev.vgi.core.rpc.WireKeys;
import dev.vgi.core.rpc.http.HttpOptions;
import dev.vgi.core.rpc.http.HttpRpcHandler;
import dev.vgi.core.rpc.http.HttpRpcRequest;
import dev.vgi.core.rpc.http.HttpRpcResponse;
import dev.vgi.core.rpc.ipc.BatchMetadata;
import dev.vgi.core.rpc.ipc.IpcMessageReader;
import dev.vgi.core.rpc.ipc.IpcStreamReader;
import dev.vgi.core.rpc.ipc.IpcStreamWriter;

/**
 * The init streams over stateless HTTP, where every turn is a separate request resumed from the
 * state's snapshot: table scans (from the scan's snapshot, and by replay when it has none),
 * scalars, and a table-in-out INPUT then FINALIZE.
 */
class VgiWorkerHttpTest {

    private RootAllocator root;
    private HttpRpcHandler handler;
    private TestCatalog.Sequence sequence;
    private TestCatalog.PartialSum partialSum;

    @BeforeEach
    void setUp() {
        root = new RootAllocator();
        sequence = new TestCatalog.Sequence();
        partialSum = new TestCatalog.PartialSum();
        start(sequence);
    }

    private void start(TestCatalog.Sequence seq) {
        VgiWorker worker = VgiWorker.of(TestCatalog.catalog(seq, partialSum));
        handler = new HttpRpcHandler(new RpcServer(List.of(worker.service()), "abcdefabcdef", root),
                HttpOptions.builder().tokenKey(new byte[32]).build());
    }

    @AfterEach
    void tearDown() {
        assertEquals(0, root.getAllocatedMemory(), "Arrow memory leaked");
        root.close();
    }

    /** One decoded response stream: schema, batch metadata, rows. */
    record Stream(Schema schema, List<BatchMetadata> metadata, List<List<Map<String, Object>>> batches) {
        BatchMetadata error() {
            return metadata.stream().filter(m -> "EXCEPTION".equals(m.get(WireKeys.LOG_LEVEL))).findFirst().orElse(null);
        }
    }

    private List<Stream> post(String path, byte[] body) {
        HttpRpcResponse r = handler.handle(new HttpRpcRequest("POST", path,
                Map.of("Content-Type", List.of(WireKeys.ARROW_MEDIA_TYPE)), body, "127.0.0.1:1", null));
        assertEquals(200, r.status(), () -> "status of " + path + ": " + decode(r.body()));
        List<Stream> streams = decode(r.body());
        for (Stream s : streams) {
            assertNull(s.error(), () -> "error: " + s.error().get(WireKeys.LOG_MESSAGE));
        }
        return streams;
    }

    private List<Stream> decode(byte[] body) {
        List<Stream> out = new ArrayList<>();
        IpcMessageReader messages = new IpcMessageReader(new ByteArrayInputStream(body));
        try {
            while (true) {
                IpcStreamReader r = IpcStreamReader.open(messages, root);
                if (r == null) {
                    return out;
                }
                try (r) {
                    List<BatchMetadata> mds = new ArrayList<>();
                    List<List<Map<String, Object>>> batches = new ArrayList<>();
                    BatchMetadata md;
                    while ((md = r.next()) != null) {
                        mds.add(md);
                        List<Map<String, Object>> rows = new ArrayList<>();
                        try (VectorSchemaRoot d = Batches.detach(r.root(), r.dictionaries(), root)) {
                            for (int i = 0; i < d.getRowCount(); i++) {
                                rows.add(ArrowValues.readRow(d, i));
                            }
                        }
                        batches.add(rows);
                    }
                    out.add(new Stream(r.wireSchema(), mds, batches));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] body(Schema schema, List<Map<String, Object>> rows, Map<String, String> md) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        IpcStreamWriter w = new IpcStreamWriter(out);
        try (VectorSchemaRoot r = VectorSchemaRoot.create(schema, root)) {
            r.allocateNew();
            for (int i = 0; i < rows.size(); i++) {
                ArrowValues.writeRow(r, i, rows.get(i));
            }
            r.setRowCount(rows.size());
            w.start(schema, null, root);
            w.writeBatch(r, md);
            w.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private byte[] initBody(byte[] initRequest) {
        Map<String, String> md = new LinkedHashMap<>();
        md.put(WireKeys.METHOD, VgiProtocol.INIT);
        md.put(WireKeys.REQUEST_VERSION, WireKeys.REQUEST_VERSION_VALUE);
        md.put(WireKeys.PROTOCOL, VgiProtocol.NAME);
        md.put(WireKeys.PROTOCOL_VERSION, VgiProtocol.VERSION);
        Schema params = new Schema(List.of(new Field("request", FieldType.notNullable(ArrowType.Binary.INSTANCE), null)));
        return body(params, List.of(Map.of("request", initRequest)), md);
    }

    private byte[] bindRequest(String function, String type, Map<String, Object> args, Schema input) {
        List<Field> children = new ArrayList<>();
        args.forEach((k, v) -> children.add(Field.nullable(k, INT64)));
        Schema argSchema = new Schema(List.of(new Field("args", FieldType.nullable(ArrowType.Struct.INSTANCE), children)));
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("function_name", function);
        r.put("arguments", RecordWriter.write(argSchema, Map.of("args", args), root));
        r.put("function_type", type);
        r.put("input_schema", input == null ? null : SchemaMessages.serialize(input));
        r.put("resolved_secrets_provided", false);
        r.put("schema_path", List.of("main"));
        return VgiRecords.BIND_REQUEST.encode(r, root);
    }

    private byte[] initRequest(byte[] bind, Schema output, Map<String, Object> extra) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("bind_call", bind);
        r.put("output_schema", SchemaMessages.serialize(output));
        r.putAll(extra);
        return VgiRecords.INIT_REQUEST.encode(r, root);
    }

    private static Map<String, String> tokens(BatchMetadata from, String callToken) {
        Map<String, String> md = new LinkedHashMap<>();
        md.put(WireKeys.STREAM_STATE, from.get(WireKeys.STREAM_STATE));
        md.put(WireKeys.CALL_STATE, callToken);
        return md;
    }

    /** Runs a producer over HTTP to its end; returns every row. */
    private List<Map<String, Object>> produce(List<Stream> init) {
        Stream first = init.get(1);
        List<Map<String, Object>> rows = new ArrayList<>(first.batches().get(0));
        BatchMetadata sentinel = first.metadata().get(first.metadata().size() - 1);
        String call = sentinel.get(WireKeys.CALL_STATE);
        assertNotNull(call, "the first response carries the call token");
        BatchMetadata cursor = sentinel;
        for (int turn = 0; turn < 100; turn++) {
            Stream s = post("/vgi.v2/init/exchange", body(RpcMethod.EMPTY_SCHEMA, List.of(), tokens(cursor, call))).get(0);
            if (s.metadata().isEmpty()) {
                return rows;
            }
            rows.addAll(s.batches().get(0));
            cursor = s.metadata().get(s.metadata().size() - 1);
        }
        throw new AssertionError("the producer never finished");
    }

    @Test
    void tableScanResumesFromItsSnapshot() {
        byte[] bind = bindRequest("sequence", "TABLE", Map.of("positional_0", 5L), null);
        List<Stream> init = post("/vgi.v2/init/init", initBody(initRequest(bind, TestCatalog.SEQUENCE_SCHEMA,
                Map.of("projection_ids", List.of(2L, 0L)))));
        assertEquals(2, init.size(), "header stream, then the first turn");
        assertEquals(1L, init.get(0).batches().get(0).get(0).get("max_workers"));
        assertEquals(List.of("sq", "n"), init.get(1).schema().getFields().stream().map(Field::getName).toList());
        List<Map<String, Object>> rows = produce(init);
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L), rows.stream().map(r -> r.get("n")).toList());
        assertEquals(List.of(0L, 1L, 4L, 9L, 16L), rows.stream().map(r -> r.get("sq")).toList());
        assertEquals(0, sequence.openScans, "every re-opened scan was closed");
    }

    @Test
    void tableScanWithoutSnapshotIsReplayed() {
        TestCatalog.Sequence replayed = new TestCatalog.Sequence(false);
        start(replayed);
        byte[] bind = bindRequest("sequence", "TABLE", Map.of("positional_0", 7L, "named_batch_size", 3L), null);
        List<Stream> init = post("/vgi.v2/init/init", initBody(initRequest(bind, TestCatalog.SEQUENCE_SCHEMA, Map.of())));
        List<Map<String, Object>> rows = produce(init);
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L), rows.stream().map(r -> r.get("n")).toList());
        assertEquals(0, replayed.openScans);
        assertEquals(4, replayed.scansOpened, "opened at init, then once per later turn");
    }

    @Test
    void tickFilterDeltasAreCarriedAcrossRequests() {
        byte[] bind = bindRequest("sequence", "TABLE", Map.of("positional_0", 9L), null);
        byte[] snapshot = TestFilters.batch(root, TestFilters.snapshot());
        List<Stream> init = post("/vgi.v2/init/init", initBody(initRequest(bind, TestCatalog.SEQUENCE_SCHEMA,
                Map.of("projection_ids", List.of(0L), "pushdown_filters", snapshot))));
        List<List<Object>> batches = new ArrayList<>();
        batches.add(init.get(1).batches().get(0).stream().map(r -> r.get("n")).toList());
        BatchMetadata cursor = init.get(1).metadata().get(init.get(1).metadata().size() - 1);
        String call = cursor.get(WireKeys.CALL_STATE);
        String bound = TestFilters.base64(root, TestFilters.delta(TestFilters.upsert("top", 1,
                TestFilters.cmp("lt", TestFilters.col(0, "n"), TestFilters.lit(0)))), TestFilters.int64(3L));
        for (int turn = 0; turn < 10; turn++) {
            Map<String, String> md = tokens(cursor, call);
            if (turn == 0) {
                md.put(FilterUpdates.METADATA_KEY, bound);
            }
            Stream s = post("/vgi.v2/init/exchange", body(RpcMethod.EMPTY_SCHEMA, List.of(), md)).get(0);
            if (s.metadata().isEmpty()) {
                break;
            }
            batches.add(s.batches().get(0).stream().map(r -> r.get("n")).toList());
            cursor = s.metadata().get(s.metadata().size() - 1);
        }
        assertEquals(List.of(List.of(0L, 1L), List.of(2L), List.of(), List.of(), List.of()), batches,
                "the bound sent once with the second turn still filters every later turn");
        assertEquals(0, sequence.openScans);
    }

    @Test
    void scalarExchangesOneBatchPerRequest() {
        Schema input = new Schema(List.of(Field.nullable("col_0", UTF8)));
        byte[] bind = bindRequest("upper_case", "SCALAR", Map.of(), input);
        Schema out = new Schema(List.of(Field.nullable("result", UTF8)));
        List<Stream> init = post("/vgi.v2/init/init", initBody(initRequest(bind, out, Map.of())));
        BatchMetadata sentinel = init.get(1).metadata().get(0);
        String call = sentinel.get(WireKeys.CALL_STATE);
        BatchMetadata cursor = sentinel;
        List<Object> results = new ArrayList<>();
        for (String s : List.of("a", "bc")) {
            Stream turn = post("/vgi.v2/init/exchange", body(input, List.of(Map.of("col_0", s)), tokens(cursor, call))).get(0);
            results.add(turn.batches().get(0).get(0).get("result"));
            cursor = turn.metadata().get(0);
        }
        assertEquals(List.of("A", "BC"), results);
    }

    @Test
    void tableInOutKeepsItsStateAcrossRequestsAndFinalizes() {
        Schema input = new Schema(List.of(Field.nullable("v", INT64)));
        byte[] bind = bindRequest("partial_sum", "TABLE", Map.of(), input);
        Schema out = new Schema(List.of(Field.nullable("v", INT64)));
        List<Stream> init = post("/vgi.v2/init/init", initBody(initRequest(bind, out, Map.of("phase", "INPUT"))));
        byte[] executionId = (byte[]) init.get(0).batches().get(0).get(0).get("execution_id");
        BatchMetadata cursor = init.get(1).metadata().get(0);
        String call = cursor.get(WireKeys.CALL_STATE);
        for (List<Long> batch : List.of(List.of(1L, 2L, 3L), List.of(10L, 20L))) {
            List<Map<String, Object>> rows = new ArrayList<>();
            batch.forEach(v -> rows.add(Map.of("v", v)));
            Stream turn = post("/vgi.v2/init/exchange", body(input, rows, tokens(cursor, call))).get(0);
            assertEquals(List.of(0), turn.batches().stream().map(List::size).toList());
            cursor = turn.metadata().get(0);
        }
        List<Stream> fin = post("/vgi.v2/init/init", initBody(initRequest(bind, out,
                Map.of("phase", "FINALIZE", "execution_id", executionId))));
        assertTrue(Arrays.equals(executionId, (byte[]) fin.get(0).batches().get(0).get(0).get("execution_id")));
        List<Map<String, Object>> rows = produce(fin);
        assertEquals(List.of(36L), rows.stream().map(r -> r.get("v")).toList());
        assertEquals(0, partialSum.open, "the processors were closed");
    }
}
