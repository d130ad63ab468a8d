package dev.vgi.core.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ReadChannel;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
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

/** {@code vgi_rpc.Reflection.v1} served in-process over a byte-stream connection, payloads decoded. */
class ReflectionServiceTest {

    private RootAllocator root;
    private RpcServer server;
    private RpcService sample;
    private RpcService second;

    @BeforeEach
    void setUp() {
        root = new RootAllocator();
        sample = ProtocolHashTest.sample(StreamMethod.Kind.PRODUCER);
        second = RpcService.builder("conformance.Secondary.v1")
                .method(UnaryMethod.ofVoid("ping", RpcMethod.EMPTY_SCHEMA, (ctx, p, r) -> { }))
                .build();
        server = RpcServer.withReflection(List.of(sample, second), "abcdefabcdef", root);
    }

    @AfterEach
    void noLeaks() {
        assertEquals(0, root.getAllocatedMemory(), "Arrow memory leaked");
        root.close();
    }

    private static Map<String, String> md(String method, String protocolVersion) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(WireKeys.METHOD, method);
        m.put(WireKeys.REQUEST_VERSION, "1");
        m.put(WireKeys.PROTOCOL, ReflectionService.PROTOCOL_NAME);
        if (protocolVersion != null) {
            m.put(WireKeys.PROTOCOL_VERSION, protocolVersion);
        }
        return m;
    }

    private void listProtocols(IpcStreamWriter w, String protocolVersion) throws IOException {
        w.start(RpcMethod.EMPTY_SCHEMA, null, root);
        w.writeZeroRowBatch(md("list_protocols", protocolVersion));
        w.end();
    }

    private void describe(IpcStreamWriter w, String protocol) throws IOException {
        Schema params = new Schema(List.of(new Field("protocol", FieldType.notNullable(ArrowType.Utf8.INSTANCE), null)));
        try (VectorSchemaRoot r = VectorSchemaRoot.create(params, root)) {
            r.allocateNew();
            ((VarCharVector) r.getVector(0)).setSafe(0, protocol.getBytes(StandardCharsets.UTF_8));
            r.setRowCount(1);
            w.start(params, null, root);
            w.writeBatch(r, md("describe", null));
            w.end();
        }
    }

    /** One response: the {@code result} bytes, or the error batch's metadata. */
    private record Answer(byte[] result, BatchMetadata error) {
    }

    private List<Answer> serve(byte[] input) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (BufferAllocator a = root.newChildAllocator("conn", 0, Long.MAX_VALUE)) {
            new ByteStreamConnection(server, new ByteArrayInputStream(input), out, TransportKind.PIPE, "", a).serve();
        }
        List<Answer> answers = new ArrayList<>();
        IpcMessageReader messages = new IpcMessageReader(new ByteArrayInputStream(out.toByteArray()));
        IpcStreamReader next;
        while ((next = IpcStreamReader.open(messages, root)) != null) {
            try (IpcStreamReader r = next) {
                byte[] result = null;
                BatchMetadata error = null;
                BatchMetadata m;
                while ((m = r.next()) != null) {
                    if ("EXCEPTION".equals(m.get(WireKeys.LOG_LEVEL))) {
                        error = m;
                    } else if (r.root().getRowCount() == 1) {
                        result = (byte[]) r.root().getVector("result").getObject(0);
                    }
                }
                answers.add(new Answer(result, error));
            }
        }
        return answers;
    }

    /** Decodes a one-row payload stream into column name → value (Arrow Java's object view). */
    private Map<String, Object> decode(byte[] payload, Schema expected) throws IOException {
        IpcMessageReader messages = new IpcMessageReader(new ByteArrayInputStream(payload));
        try (IpcStreamReader r = IpcStreamReader.open(messages, root)) {
            assertEquals(expected, r.wireSchema());
            assertNotNull(r.next());
            assertEquals(1, r.root().getRowCount());
            Map<String, Object> row = new LinkedHashMap<>();
            for (var v : r.root().getFieldVectors()) {
                row.put(v.getName(), v.getObject(0));
            }
            assertNull(r.next());
            return row;
        }
    }

    private static String str(Object o) {
        return o.toString();
    }

    @Test
    void payloadSchemasMatchTheReference() {
        // Tokens of the reference's ProtocolList / ServiceDescription ARROW_SCHEMA, from vgi-rpc 0.52.2.
        String summary = "protocol:utf8,protocol_version:utf8,protocol_hash:utf8,deprecated:bool,deprecation_message:utf8,"
                + "features:list<item?:utf8>";
        assertEquals(List.of(
                Map.of("name", "server_id", "nullable", false, "type", "utf8"),
                Map.of("name", "server_version", "nullable", false, "type", "utf8"),
                Map.of("name", "request_version", "nullable", false, "type", "utf8"),
                Map.of("name", "protocols", "nullable", false, "type", "list<item?:struct<" + summary + ">>")),
                ArrowTypeTokens.schemaTokens(ReflectionService.PROTOCOL_LIST_SCHEMA));
        assertEquals(List.of(
                Map.of("name", "protocol", "nullable", false, "type", "utf8"),
                Map.of("name", "protocol_version", "nullable", false, "type", "utf8"),
                Map.of("name", "protocol_hash", "nullable", false, "type", "utf8"),
                Map.of("name", "deprecated", "nullable", false, "type", "bool"),
                Map.of("name", "deprecation_message", "nullable", false, "type", "utf8"),
                Map.of("name", "features", "nullable", false, "type", "list<item?:utf8>"),
                Map.of("name", "methods", "nullable", false, "type", "list<item?:struct<name:utf8,method_type:utf8,"
                        + "has_return:bool,has_header:bool,stream_kind:utf8,params_schema_ipc:binary,result_schema_ipc:binary,"
                        + "header_schema_ipc:binary,idempotency:utf8,deprecated:bool,deprecation_message:utf8>>")),
                ArrowTypeTokens.schemaTokens(ReflectionService.SERVICE_DESCRIPTION_SCHEMA));
    }

    @Test
    void listsProtocolsInRegistrationOrderWithReflectionLast() throws IOException {
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        IpcStreamWriter w = new IpcStreamWriter(in);
        listProtocols(w, null);
        // exempt from the version gate: any declared version, even a nonsensical one, is accepted
        listProtocols(w, "99.0.0");
        List<Answer> answers = serve(in.toByteArray());
        assertEquals(2, answers.size());
        assertNull(answers.get(1).error());
        assertArrayEquals(answers.get(0).result(), answers.get(1).result());

        Map<String, Object> list = decode(answers.get(0).result(), ReflectionService.PROTOCOL_LIST_SCHEMA);
        assertEquals("abcdefabcdef", str(list.get("server_id")));
        assertEquals("", str(list.get("server_version")));
        assertEquals("1", str(list.get("request_version")));
        List<?> protocols = (List<?>) list.get("protocols");
        assertEquals(3, protocols.size());
        Map<?, ?> p0 = (Map<?, ?>) protocols.get(0);
        assertEquals("Sample.v1", str(p0.get("protocol")));
        assertEquals("3.1.4", str(p0.get("protocol_version")));
        assertEquals("9711f9fc8dde8eba46ddd0f83d84659b9ae1a00a58a35b79a8e28ef5e1c37f0c", str(p0.get("protocol_hash")));
        assertEquals(false, p0.get("deprecated"));
        assertEquals("", str(p0.get("deprecation_message")));
        assertEquals(List.of(), p0.get("features"));
        Map<?, ?> p1 = (Map<?, ?>) protocols.get(1);
        assertEquals("conformance.Secondary.v1", str(p1.get("protocol")));
        assertEquals("", str(p1.get("protocol_version")));
        assertEquals(ProtocolHash.of(second), str(p1.get("protocol_hash")));
        Map<?, ?> p2 = (Map<?, ?>) protocols.get(2);
        assertEquals(ReflectionService.PROTOCOL_NAME, str(p2.get("protocol")));
        assertEquals("", str(p2.get("protocol_version")));
        assertEquals("3c7db4cae8cdfc93dc4a76e73b8b759e18e45e6a5811adba4e520366344b919a", str(p2.get("protocol_hash")));
    }

    @Test
    void describesOneProtocolWithSchemasAsIpc() throws IOException {
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        IpcStreamWriter w = new IpcStreamWriter(in);
        describe(w, "Sample.v1");
        describe(w, "Nope.v1");
        describe(w, ReflectionService.PROTOCOL_NAME);
        List<Answer> answers = serve(in.toByteArray());
        assertEquals(3, answers.size());

        Map<String, Object> d = decode(answers.get(0).result(), ReflectionService.SERVICE_DESCRIPTION_SCHEMA);
        assertEquals("Sample.v1", str(d.get("protocol")));
        assertEquals("3.1.4", str(d.get("protocol_version")));
        assertEquals(ProtocolHash.of(sample), str(d.get("protocol_hash")));
        assertEquals(false, d.get("deprecated"));
        assertEquals(List.of(), d.get("features"));
        List<?> methods = (List<?>) d.get("methods");
        List<String> names = new ArrayList<>();
        for (Object o : methods) {
            names.add(str(((Map<?, ?>) o).get("name")));
        }
        assertEquals(List.of("count", "echo", "noop", "scan", "stats"), names);

        Map<?, ?> count = (Map<?, ?>) methods.get(0);
        assertEquals("stream", str(count.get("method_type")));
        assertEquals(false, count.get("has_return"));
        assertEquals(false, count.get("has_header"));
        assertEquals("producer", str(count.get("stream_kind")));
        assertEquals(sample.method("count").paramsSchema(), schemaOf(count.get("params_schema_ipc")));
        assertEquals(0, ((byte[]) count.get("result_schema_ipc")).length);
        assertEquals(0, ((byte[]) count.get("header_schema_ipc")).length);
        assertEquals("unknown", str(count.get("idempotency")));
        assertEquals(false, count.get("deprecated"));
        assertEquals("", str(count.get("deprecation_message")));

        Map<?, ?> echo = (Map<?, ?>) methods.get(1);
        assertEquals("unary", str(echo.get("method_type")));
        assertEquals(true, echo.get("has_return"));
        assertEquals("", str(echo.get("stream_kind")));
        assertEquals(((UnaryMethod) sample.method("echo")).resultSchema(), schemaOf(echo.get("result_schema_ipc")));

        Map<?, ?> noop = (Map<?, ?>) methods.get(2);
        assertEquals(false, noop.get("has_return"));
        assertEquals(RpcMethod.EMPTY_SCHEMA, schemaOf(noop.get("params_schema_ipc")));
        assertEquals(0, ((byte[]) noop.get("result_schema_ipc")).length);

        Map<?, ?> scan = (Map<?, ?>) methods.get(3);
        assertEquals(true, scan.get("has_header"));
        assertEquals("exchange", str(scan.get("stream_kind")));
        assertEquals(((StreamMethod) sample.method("scan")).headerSchema(), schemaOf(scan.get("header_schema_ipc")));
        Schema scanParams = schemaOf(scan.get("params_schema_ipc"));
        assertEquals("dictionary<index:int16,value:utf8>", ArrowTypeTokens.typeToken(scanParams.getFields().get(0)));

        BatchMetadata error = answers.get(1).error();
        assertNotNull(error);
        assertEquals("protocol_not_supported", error.get(WireKeys.ERROR_KIND));
        assertEquals("ProtocolNotSupportedError: This server does not host protocol 'Nope.v1'. Hosted: "
                + "['Sample.v1', 'conformance.Secondary.v1', 'vgi_rpc.Reflection.v1'].", error.get(WireKeys.LOG_MESSAGE));

        Map<String, Object> self = decode(answers.get(2).result(), ReflectionService.SERVICE_DESCRIPTION_SCHEMA);
        assertEquals("3c7db4cae8cdfc93dc4a76e73b8b759e18e45e6a5811adba4e520366344b919a", str(self.get("protocol_hash")));
        Map<?, ?> describeMethod = (Map<?, ?>) ((List<?>) self.get("methods")).get(0);
        assertEquals("describe", str(describeMethod.get("name")));
        assertTrue((Boolean) describeMethod.get("has_return"));
    }

    private static Schema schemaOf(Object ipc) throws IOException {
        ReadChannel in = new ReadChannel(Channels.newChannel(new ByteArrayInputStream((byte[]) ipc)));
        return MessageSerializer.deserializeSchema(in);
    }
}
