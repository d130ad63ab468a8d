package dev.vgi.core.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.vgi.core.rpc.ipc.BatchMetadata;
import dev.vgi.core.rpc.ipc.IpcMessageReader;
import dev.vgi.core.rpc.ipc.IpcStreamReader;
import dev.vgi.core.rpc.ipc.IpcStreamWriter;

/** Byte-stream dispatch against in-memory connections: answers, typed errors, and a connection that survives them. */
class ByteStreamConnectionTest {

    private static final Field VALUE = new Field("value", FieldType.notNullable(new ArrowType.Int(64, true)), null);
    private static final Schema ECHO_PARAMS = new Schema(List.of(VALUE));

    private RootAllocator root;
    private RpcServer server;

    @BeforeEach
    void setUp() {
        root = new RootAllocator();
        RpcService service = RpcService.builder("Test").version("1.2.0")
                .method(UnaryMethod.of("echo_int", ECHO_PARAMS, VALUE, (ctx, params, result) -> {
                    ctx.log(LogLevel.INFO, "echoing");
                    ((BigIntVector) result.getVector(0)).setSafe(0, ((BigIntVector) params.getVector(0)).get(0));
                }))
                .method(UnaryMethod.ofVoid("fail", RpcMethod.EMPTY_SCHEMA, (ctx, p, r) -> {
                    throw new IllegalArgumentException("bad value");
                }))
                .method(StreamMethod.builder("count", (ctx, params) -> {
                    long n = ((BigIntVector) params.getVector(0)).get(0);
                    Schema out = new Schema(List.of(VALUE));
                    return StreamSetup.producer(out, new StreamState() {
                        long i;

                        @Override
                        public void process(VectorSchemaRoot input, BatchMetadata md, StreamOutput o) {
                            if (i == n) {
                                o.finish();
                                return;
                            }
                            ((BigIntVector) o.root().getVector(0)).setSafe(0, i++);
                            o.root().setRowCount(1);
                            o.emit(o.root());
                        }
                    });
                }).params(new Schema(List.of(new Field("n", FieldType.notNullable(new ArrowType.Int(64, true)), null)))).build())
                .build();
        server = new RpcServer(List.of(service), "abcdefabcdef", root);
    }

    @AfterEach
    void noLeaks() {
        assertEquals(0, root.getAllocatedMemory(), "Arrow memory leaked");
        root.close();
    }

    private Map<String, String> md(String method) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(WireKeys.METHOD, method);
        m.put(WireKeys.REQUEST_VERSION, "1");
        m.put(WireKeys.PROTOCOL, "Test");
        m.put(WireKeys.PROTOCOL_VERSION, "1.2.7");
        return m;
    }

    private void request(IpcStreamWriter w, Schema schema, int rows, Consumer<VectorSchemaRoot> fill, Map<String, String> md) throws IOException {
        try (VectorSchemaRoot r = VectorSchemaRoot.create(schema, root)) {
            r.allocateNew();
            fill.accept(r);
            r.setRowCount(rows);
            w.start(schema, null, root);
            w.writeBatch(r, md);
            w.end();
        }
    }

    private void echo(IpcStreamWriter w, long v, Map<String, String> md) throws IOException {
        request(w, ECHO_PARAMS, 1, r -> ((BigIntVector) r.getVector(0)).setSafe(0, v), md);
    }

    /** One response stream: its batches' metadata and, for the first data batch, column 0 of row 0. */
    private record Answer(Schema schema, List<BatchMetadata> metadata, List<Object> values) {
        BatchMetadata error() {
            return metadata.stream().filter(m -> "EXCEPTION".equals(m.get(WireKeys.LOG_LEVEL))).findFirst().orElse(null);
        }
    }

    private List<Answer> serve(byte[] input) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (BufferAllocator a = root.newChildAllocator("conn", 0, Long.MAX_VALUE)) {
            new ByteStreamConnection(server, new ByteArrayInputStream(input), out, TransportKind.PIPE, "", a).serve();
        }
        List<Answer> answers = new ArrayList<>();
        IpcMessageReader messages = new IpcMessageReader(new ByteArrayInputStream(out.toByteArray()));
        while (true) {
            IpcStreamReader r = IpcStreamReader.open(messages, root);
            if (r == null) {
                return answers;
            }
            try (r) {
                List<BatchMetadata> mds = new ArrayList<>();
                List<Object> values = new ArrayList<>();
                BatchMetadata m;
                while ((m = r.next()) != null) {
                    mds.add(m);
                    if (r.root().getRowCount() > 0) {
                        values.add(r.root().getVector(0).getObject(0));
                    }
                }
                answers.add(new Answer(r.wireSchema(), mds, values));
            }
        }
    }

    @Test
    void echoesWithLogBeforeResult() throws IOException {
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        echo(new IpcStreamWriter(in), 42, md("echo_int"));
        List<Answer> answers = serve(in.toByteArray());
        assertEquals(1, answers.size());
        Answer a = answers.get(0);
        assertEquals("result", a.schema().getFields().get(0).getName());
        assertEquals("INFO", a.metadata().get(0).get(WireKeys.LOG_LEVEL));
        assertEquals("echoing", a.metadata().get(0).get(WireKeys.LOG_MESSAGE));
        assertEquals(List.of(42L), a.values());
    }

    @Test
    void typedErrorsKeepTheConnectionUsable() throws IOException {
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        IpcStreamWriter w = new IpcStreamWriter(in);
        echo(w, 1, md("no_such_method"));
        Map<String, String> noProtocol = md("echo_int");
        noProtocol.remove(WireKeys.PROTOCOL);
        echo(w, 2, noProtocol);
        Map<String, String> oldVersion = md("echo_int");
        oldVersion.put(WireKeys.PROTOCOL_VERSION, "1.1.0");
        echo(w, 3, oldVersion);
        Field wrongType = new Field("value", FieldType.notNullable(new ArrowType.Utf8()), null);
        request(w, new Schema(List.of(wrongType)), 1, r -> ((VarCharVector) r.getVector(0)).setSafe(0, "x".getBytes()), md("echo_int"));
        Map<String, String> noVersion = md("echo_int");
        noVersion.remove(WireKeys.REQUEST_VERSION);
        echo(w, 4, noVersion);
        request(w, RpcMethod.EMPTY_SCHEMA, 0, r -> { }, md("fail"));
        echo(w, 7, md("echo_int"));
        List<Answer> answers = serve(in.toByteArray());
        assertEquals(7, answers.size());
        assertEquals("method_not_implemented", answers.get(0).error().get(WireKeys.ERROR_KIND));
        assertEquals("UNIMPLEMENTED", answers.get(0).error().get(WireKeys.ERROR_CODE));
        assertEquals("protocol_not_specified", answers.get(1).error().get(WireKeys.ERROR_KIND));
        assertEquals("protocol_version_mismatch", answers.get(2).error().get(WireKeys.ERROR_KIND));
        assertTrue(answers.get(3).error().get(WireKeys.LOG_MESSAGE).startsWith("TypeError: "));
        assertTrue(answers.get(4).error().get(WireKeys.LOG_MESSAGE).startsWith("VersionError: "));
        assertTrue(answers.get(5).error().get(WireKeys.LOG_EXTRA).contains("\"exception_type\": \"ValueError\""));
        assertEquals(List.of(7L), answers.get(6).values());
    }

    @Test
    void producerRunsInLockstepUntilFinished() throws IOException {
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        IpcStreamWriter w = new IpcStreamWriter(in);
        Schema n = new Schema(List.of(new Field("n", FieldType.notNullable(new ArrowType.Int(64, true)), null)));
        request(w, n, 1, r -> ((BigIntVector) r.getVector(0)).setSafe(0, 3), md("count"));
        try (VectorSchemaRoot tick = VectorSchemaRoot.create(RpcMethod.EMPTY_SCHEMA, root)) {
            w.start(RpcMethod.EMPTY_SCHEMA, null, root);
            for (int i = 0; i < 4; i++) {
                w.writeBatch(tick, Map.of());
            }
            w.end();
        }
        echo(w, 9, md("echo_int"));
        List<Answer> answers = serve(in.toByteArray());
        assertEquals(2, answers.size());
        assertEquals(List.of(0L, 1L, 2L), answers.get(0).values());
        assertNull(answers.get(0).error());
        assertEquals(List.of(9L), answers.get(1).values());
    }

    @Test
    void garbageIsAnsweredAndEndsTheConnection() throws IOException {
        byte[] junk = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x10, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
        List<Answer> answers = serve(junk);
        assertEquals(1, answers.size());
        BatchMetadata error = answers.get(0).error();
        assertNotNull(error);
        assertTrue(error.get(WireKeys.LOG_MESSAGE).startsWith("ArrowInvalid"));
    }

    @Test
    void truncatedRequestClosesQuietly() throws IOException {
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        echo(new IpcStreamWriter(in), 5, md("echo_int"));
        byte[] all = in.toByteArray();
        byte[] cut = java.util.Arrays.copyOf(all, all.length - 20);
        assertEquals(0, serve(cut).size());
    }
}
