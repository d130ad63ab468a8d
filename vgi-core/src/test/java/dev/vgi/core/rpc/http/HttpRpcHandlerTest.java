package dev.vgi.core.rpc.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdInputStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.vgi.core.rpc.ErrorKind;
import dev.vgi.core.rpc.Identity;
import dev.vgi.core.rpc.RpcMethod;
import dev.vgi.core.rpc.RpcServer;
import dev.vgi.core.rpc.RpcService;
import dev.vgi.core.rpc.StreamMethod;
import dev.vgi.core.rpc.StreamOutput;
import dev.vgi.core.rpc.StreamSetup;
import dev.vgi.core.rpc.StreamState;
import dev.vgi.core.rpc.UnaryMethod;
import dev.vgi.core.rpc.WireKeys;
import dev.vgi.core.rpc.ipc.BatchMetadata;
import dev.vgi.core.rpc.ipc.IpcMessageReader;
import dev.vgi.core.rpc.ipc.IpcStreamReader;
import dev.vgi.core.rpc.ipc.IpcStreamWriter;

/**
 * Drives {@link HttpRpcHandler#handle} directly: routing and status mapping, capability headers,
 * body codings and caps, authentication, and streams resumed from sealed tokens (tampering,
 * identity binding, cold cache, replicas sharing a key).
 */
class HttpRpcHandlerTest {

    private static final String ARROW = WireKeys.ARROW_MEDIA_TYPE;
    private static final Field VALUE = int64("value");
    private static final Schema ECHO_PARAMS = new Schema(List.of(VALUE));
    private static final Schema TEXT_PARAMS = new Schema(List.of(new Field("text", FieldType.notNullable(new ArrowType.Utf8()), null)));
    private static final Schema COUNT_PARAMS = new Schema(List.of(int64("n")));
    private static final Schema COUNT_OUTPUT = new Schema(List.of(int64("value")));
    private static final Schema SCALE_PARAMS = new Schema(List.of(int64("factor")));
    private static final Schema SCALE_INPUT = new Schema(List.of(int64("x")));
    private static final Schema SCALE_OUTPUT = new Schema(List.of(int64("y")));
    private static final byte[] KEY = filled(32, (byte) 7);
    private static final byte[] OTHER_KEY = filled(32, (byte) 9);

    private RootAllocator root;
    private RpcServer server;

    private static Field int64(String name) {
        return new Field(name, FieldType.notNullable(new ArrowType.Int(64, true)), null);
    }

    private static byte[] filled(int n, byte b) {
        byte[] a = new byte[n];
        Arrays.fill(a, b);
        return a;
    }

    /** Producer counting 0..n-1, then finishing in a turn of its own. */
    static final class Counter implements StreamState {
        long next;
        final long n;

        Counter(long next, long n) {
            this.next = next;
            this.n = n;
        }

        @Override
        public void process(VectorSchemaRoot input, BatchMetadata metadata, StreamOutput out) {
            if (next == n) {
                out.finish();
                return;
            }
            ((BigIntVector) out.root().getVector(0)).setSafe(0, next++);
            out.root().setRowCount(1);
            out.emit(out.root());
        }

        @Override
        public byte[] snapshot() {
            return ByteBuffer.allocate(16).putLong(next).putLong(n).array();
        }

        static Counter restore(byte[] b) {
            if (b.length != 16) {
                throw new IllegalArgumentException("bad counter snapshot");
            }
            ByteBuffer bb = ByteBuffer.wrap(b);
            return new Counter(bb.getLong(), bb.getLong());
        }
    }

    /** Exchange multiplying each input row by a factor; tags each output with its turn number. */
    static final class Scaler implements StreamState {
        final long factor;
        long turns;

        Scaler(long factor, long turns) {
            this.factor = factor;
            this.turns = turns;
        }

        @Override
        public void process(VectorSchemaRoot input, BatchMetadata metadata, StreamOutput out) {
            BigIntVector x = (BigIntVector) input.getVector("x");
            BigIntVector y = (BigIntVector) out.root().getVector(0);
            int rows = input.getRowCount();
            for (int i = 0; i < rows; i++) {
                y.setSafe(i, x.get(i) * factor);
            }
            out.root().setRowCount(rows);
            turns++;
            out.emit(out.root(), Map.of("turn", Long.toString(turns)));
        }

        @Override
        public byte[] snapshot() {
            return ByteBuffer.allocate(16).putLong(factor).putLong(turns).array();
        }

        static Scaler restore(byte[] b) {
            ByteBuffer bb = ByteBuffer.wrap(b);
            return new Scaler(bb.getLong(), bb.getLong());
        }
    }

    @BeforeEach
    void setUp() {
        root = new RootAllocator();
        RpcService service = RpcService.builder("Test")
                .method(UnaryMethod.of("echo", ECHO_PARAMS, VALUE, (ctx, params, result) ->
                        ((BigIntVector) result.getVector(0)).setSafe(0, ((BigIntVector) params.getVector(0)).get(0))))
                .method(UnaryMethod.of("echo_text", TEXT_PARAMS, TEXT_PARAMS.getFields().get(0), (ctx, params, result) ->
                        ((VarCharVector) result.getVector(0)).setSafe(0, ((VarCharVector) params.getVector(0)).get(0))))
                .method(StreamMethod.builder("count", (ctx, params) ->
                        StreamSetup.producer(COUNT_OUTPUT, new Counter(0, ((BigIntVector) params.getVector(0)).get(0))))
                        .params(COUNT_PARAMS).kind(StreamMethod.Kind.PRODUCER).restorer(Counter::restore).build())
                .method(StreamMethod.builder("scale", (ctx, params) ->
                        StreamSetup.exchange(SCALE_INPUT, SCALE_OUTPUT, new Scaler(((BigIntVector) params.getVector(0)).get(0), 0)))
                        .params(SCALE_PARAMS).kind(StreamMethod.Kind.EXCHANGE).restorer(Scaler::restore).build())
                .build();
        server = new RpcServer(List.of(service), "abcdefabcdef", root);
    }

    @AfterEach
    void noLeaks() {
        assertEquals(0, root.getAllocatedMemory(), "Arrow memory leaked");
        root.close();
    }

    // ---------------------------------------------------------------- helpers

    private HttpRpcHandler handler() {
        return handler(b -> { });
    }

    private HttpRpcHandler handler(Consumer<HttpOptions.Builder> customize) {
        HttpOptions.Builder b = HttpOptions.builder().tokenKey(KEY);
        customize.accept(b);
        return new HttpRpcHandler(server, b.build());
    }

    /** Builds a request carrying {@code headers} (name, value pairs). */
    private static HttpRpcRequest request(String method, String path, byte[] body, Identity identity, String... headers) {
        Map<String, List<String>> h = new LinkedHashMap<>();
        for (int i = 0; i < headers.length; i += 2) {
            h.put(headers[i], List.of(headers[i + 1]));
        }
        return new HttpRpcRequest(method, path, h, body, "127.0.0.1:5555", identity);
    }

    /** Sends a request and checks the capability headers every response must carry. */
    private static HttpRpcResponse send(HttpRpcHandler handler, HttpRpcRequest request) {
        HttpRpcResponse r = handler.handle(request);
        assertCapabilities(handler, r);
        return r;
    }

    private static HttpRpcResponse post(HttpRpcHandler handler, String path, byte[] body, String... headers) {
        return postAs(handler, null, path, body, headers);
    }

    private static HttpRpcResponse postAs(HttpRpcHandler handler, Identity identity, String path, byte[] body, String... headers) {
        String[] all = Arrays.copyOf(headers, headers.length + 2);
        all[headers.length] = "Content-Type";
        all[headers.length + 1] = ARROW;
        return send(handler, request("POST", path, body, identity, all));
    }

    private static void assertCapabilities(HttpRpcHandler handler, HttpRpcResponse r) {
        Map<String, String> h = r.headers();
        assertNotNull(h.get("X-Request-ID"), "X-Request-ID on " + r.status());
        assertEquals("true", h.get("VGI-Accept-Max-Response-Bytes-Support"), "capability header on " + r.status());
        assertEquals(String.join(", ", handler.options().encodings()), h.get("VGI-Supported-Encodings"));
        assertEquals("false", h.get("VGI-Externalization-Enabled"));
        if (handler.options().maxRequestBytes() > 0) {
            assertEquals(Long.toString(handler.options().maxRequestBytes()), h.get("VGI-Max-Request-Bytes"));
        }
        if (handler.options().maxResponseBytes() > 0) {
            assertEquals(Long.toString(handler.options().maxResponseBytes()), h.get("VGI-Max-Response-Bytes"));
        }
        assertFalse(r.status() != 401 && h.containsKey("VGI-Auth-Reason"), "VGI-Auth-Reason only on 401");
    }

    private byte[] call(String method, Schema schema, int rows, Consumer<VectorSchemaRoot> fill) {
        Map<String, String> md = new LinkedHashMap<>();
        md.put(WireKeys.METHOD, method);
        md.put(WireKeys.REQUEST_VERSION, WireKeys.REQUEST_VERSION_VALUE);
        md.put(WireKeys.PROTOCOL, "Test");
        return stream(schema, rows, fill, md);
    }

    private byte[] stream(Schema schema, int rows, Consumer<VectorSchemaRoot> fill, Map<String, String> md) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        IpcStreamWriter w = new IpcStreamWriter(out);
        try (VectorSchemaRoot r = VectorSchemaRoot.create(schema, root)) {
            r.allocateNew();
            fill.accept(r);
            r.setRowCount(rows);
            w.start(schema, null, root);
            w.writeBatch(r, md);
            w.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private byte[] echo(long v) {
        return call("echo", ECHO_PARAMS, 1, r -> ((BigIntVector) r.getVector(0)).setSafe(0, v));
    }

    private byte[] echoText(String s) {
        return call("echo_text", TEXT_PARAMS, 1, r -> ((VarCharVector) r.getVector(0)).setSafe(0, s.getBytes(StandardCharsets.UTF_8)));
    }

    private byte[] countInit(long n) {
        return call("count", COUNT_PARAMS, 1, r -> ((BigIntVector) r.getVector(0)).setSafe(0, n));
    }

    private byte[] scaleInit(long factor) {
        return call("scale", SCALE_PARAMS, 1, r -> ((BigIntVector) r.getVector(0)).setSafe(0, factor));
    }

    private static Map<String, String> tokens(String cursor, String callToken) {
        Map<String, String> md = new LinkedHashMap<>();
        if (cursor != null) {
            md.put(WireKeys.STREAM_STATE, cursor);
        }
        if (callToken != null) {
            md.put(WireKeys.CALL_STATE, callToken);
        }
        return md;
    }

    /** A producer continuation (or cancel) body: empty schema, zero rows, the tokens. */
    private byte[] tick(Map<String, String> md) {
        return stream(RpcMethod.EMPTY_SCHEMA, 0, r -> { }, md);
    }

    /** An exchange turn body: column x with {@code xs}, plus the tokens. */
    private byte[] turn(Map<String, String> md, long... xs) {
        return stream(SCALE_INPUT, xs.length, r -> {
            BigIntVector x = (BigIntVector) r.getVector(0);
            for (int i = 0; i < xs.length; i++) {
                x.setSafe(i, xs[i]);
            }
        }, md);
    }

    /** One decoded batch: rows, metadata and the values of column 0. */
    record Batch(int rows, BatchMetadata md, List<Object> values) {
        boolean isError() {
            return "EXCEPTION".equals(md.get(WireKeys.LOG_LEVEL));
        }
    }

    /** One decoded IPC stream of a response body. */
    record Stream(Schema schema, List<Batch> batches) {
        Batch error() {
            return batches.stream().filter(Batch::isError).findFirst().orElse(null);
        }

        List<Object> values() {
            List<Object> all = new ArrayList<>();
            batches.forEach(b -> all.addAll(b.values()));
            return all;
        }

        Batch last() {
            return batches.get(batches.size() - 1);
        }
    }

    private List<Stream> decode(byte[] body) {
        List<Stream> streams = new ArrayList<>();
        try (BufferAllocator a = root.newChildAllocator("decode", 0, Long.MAX_VALUE)) {
            IpcMessageReader messages = new IpcMessageReader(new ByteArrayInputStream(body));
            while (true) {
                IpcStreamReader r = IpcStreamReader.open(messages, a);
                if (r == null) {
                    return streams;
                }
                try (r) {
                    List<Batch> batches = new ArrayList<>();
                    BatchMetadata m;
                    while ((m = r.next()) != null) {
                        List<Object> values = new ArrayList<>();
                        if (!r.root().getFieldVectors().isEmpty()) {
                            FieldVector v = r.root().getVector(0);
                            for (int i = 0; i < r.root().getRowCount(); i++) {
                                Object o = v.getObject(i);
                                values.add(o instanceof org.apache.arrow.vector.util.Text t ? t.toString() : o);
                            }
                        }
                        batches.add(new Batch(r.root().getRowCount(), m, values));
                    }
                    streams.add(new Stream(r.wireSchema(), batches));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The single stream of a response body. */
    private Stream single(HttpRpcResponse r) {
        assertEquals(ARROW, r.headers().get("Content-Type"));
        List<Stream> streams = decode(r.body());
        assertEquals(1, streams.size(), "streams in body");
        return streams.get(0);
    }

    /** The error batch of an Arrow error response. */
    private Batch arrowError(HttpRpcResponse r) {
        Batch e = single(r).error();
        assertNotNull(e, "expected an EXCEPTION batch");
        return e;
    }

    private static String json(HttpRpcResponse r) {
        assertEquals("application/json", r.headers().get("Content-Type"));
        return new String(r.body(), StandardCharsets.UTF_8).replace("\": ", "\":").replace(", \"", ",\"");
    }

    /** State of an open stream as the client tracks it. */
    record Tokens(String cursor, String call) {
    }

    private static Tokens sentinel(Stream s) {
        Batch last = s.last();
        assertEquals(0, last.rows());
        String cursor = last.md().get(WireKeys.STREAM_STATE);
        String call = last.md().get(WireKeys.CALL_STATE);
        assertNotNull(cursor, "sentinel carries the cursor");
        assertNotNull(call, "sentinel carries the call token");
        return new Tokens(cursor, call);
    }

    /** Opens scale(factor) and returns its tokens. */
    private Tokens openScale(HttpRpcHandler h, Identity identity, long factor) {
        HttpRpcResponse r = postAs(h, identity, "/Test/scale/init", scaleInit(factor));
        assertEquals(200, r.status());
        Stream s = single(r);
        assertEquals(SCALE_OUTPUT, s.schema());
        assertEquals(1, s.batches().size(), "exchange init has only the sentinel");
        return sentinel(s);
    }

    /** Opens count(n) and returns its tokens after checking the first batch. */
    private Tokens openCount(HttpRpcHandler h, long n) {
        HttpRpcResponse r = post(h, "/Test/count/init", countInit(n));
        assertEquals(200, r.status());
        Stream s = single(r);
        assertEquals(List.of(0L), s.values());
        return sentinel(s);
    }

    private void assertStillServes(HttpRpcHandler h) {
        HttpRpcResponse ok = post(h, "/Test/echo", echo(5));
        assertEquals(200, ok.status());
        assertEquals(List.of(5L), single(ok).values());
    }

    private void assertRejectedToken(HttpRpcResponse r) {
        assertEquals(400, r.status());
        assertNull(r.headers().get("X-VGI-RPC-Error"));
        Batch e = arrowError(r);
        assertTrue(e.md().get(WireKeys.LOG_MESSAGE).startsWith("RpcError: "), e.md().get(WireKeys.LOG_MESSAGE));
    }

    // ---------------------------------------------------------------- unary, routing, status mapping

    @Test
    void unaryEchoDecodes() {
        HttpRpcHandler h = handler();
        HttpRpcResponse r = post(h, "/Test/echo", echo(42), "X-Request-ID", "req-1");
        assertEquals(200, r.status());
        assertEquals("req-1", r.headers().get("X-Request-ID"));
        assertNull(r.headers().get("X-VGI-RPC-Error"));
        assertNull(r.headers().get("Content-Encoding"));
        Stream s = single(r);
        assertEquals("result", s.schema().getFields().get(0).getName());
        assertEquals(List.of(42L), s.values());
        assertNull(s.error());
    }

    @Test
    void prefixIsHonoured() {
        HttpRpcHandler h = handler(b -> b.prefix("/vgi/"));
        assertEquals(List.of(3L), single(post(h, "/vgi/Test/echo", echo(3))).values());
        assertEquals(404, post(h, "/Test/echo", echo(3)).status());
        assertEquals(404, post(h, "/vgix/Test/echo", echo(3)).status());
    }

    @Test
    void healthAnswersJsonOnGetAndHead() {
        HttpRpcHandler h = handler(b -> b.authenticator(req -> {
            throw AuthenticationFailure.missing();
        }));
        for (String method : List.of("GET", "HEAD")) {
            HttpRpcResponse r = send(h, request(method, "/health", null, null));
            assertEquals(200, r.status(), method);
            assertEquals("{\"status\":\"ok\",\"server_id\":\"abcdefabcdef\",\"protocol\":\"Test\"}", json(r), method);
        }
        HttpRpcResponse post = send(h, request("POST", "/health", null, null));
        assertEquals(405, post.status());
    }

    @Test
    void optionsCarriesCapabilitiesWithoutAuthentication() {
        HttpRpcHandler h = handler(b -> b.maxRequestBytes(1 << 20).maxResponseBytes(1 << 20).authenticator(req -> {
            throw AuthenticationFailure.invalid();
        }));
        HttpRpcResponse r = send(h, request("OPTIONS", "/health", null, null));
        assertEquals(200, r.status());
        assertEquals(0, r.body().length);
        assertEquals("public, max-age=300", r.headers().get("Cache-Control"));
        assertEquals("1048576", r.headers().get("VGI-Max-Request-Bytes"));
        assertEquals("1048576", r.headers().get("VGI-Max-Response-Bytes"));
    }

    @Test
    void unknownRouteIs404Json() {
        HttpRpcHandler h = handler();
        assertEquals(404, send(h, request("POST", "/", echo(1), null, "Content-Type", ARROW)).status());
        assertEquals(404, post(h, "/Test/echo/init/extra", echo(1)).status());
        HttpRpcResponse r = post(h, "/Test/echo/bogus", echo(1));
        assertEquals(404, r.status());
        assertTrue(json(r).contains("404"));
    }

    @Test
    void unknownProtocolIs404ArrowError() {
        HttpRpcHandler h = handler();
        // checked before Content-Type: a request without one still gets the routing error
        HttpRpcResponse r = send(h, request("POST", "/Nope/echo", echo(1), null));
        assertEquals(404, r.status());
        Batch e = arrowError(r);
        assertEquals(ErrorKind.PROTOCOL_NOT_SUPPORTED, e.md().get(WireKeys.ERROR_KIND));
        assertEquals("UNIMPLEMENTED", e.md().get(WireKeys.ERROR_CODE));
    }

    @Test
    void unknownMethodIs404ArrowError() {
        HttpRpcHandler h = handler();
        HttpRpcResponse r = post(h, "/Test/nope", echo(1));
        assertEquals(404, r.status());
        Batch e = arrowError(r);
        assertEquals(ErrorKind.METHOD_NOT_IMPLEMENTED, e.md().get(WireKeys.ERROR_KIND));
        assertTrue(e.md().get(WireKeys.LOG_MESSAGE).contains("Protocol 'Test' has no method 'nope'"));
        assertEquals(404, post(h, "/Test/nope/init", echo(1)).status());
    }

    @Test
    void wrongContentTypeIs415ArrowTypeError() {
        HttpRpcHandler h = handler();
        HttpRpcResponse r = send(h, request("POST", "/Test/echo", echo(1), null, "Content-Type", "application/json"));
        assertEquals(415, r.status());
        assertTrue(arrowError(r).md().get(WireKeys.LOG_MESSAGE).startsWith("TypeError: "));
        HttpRpcResponse missing = send(h, request("POST", "/Test/echo", echo(1), null));
        assertEquals(415, missing.status());
    }

    @Test
    void unknownContentEncodingIs415Json() {
        HttpRpcHandler h = handler();
        HttpRpcResponse r = post(h, "/Test/echo", echo(1), "Content-Encoding", "br");
        assertEquals(415, r.status());
        assertTrue(json(r).contains("Unsupported Content-Encoding"));
        assertEquals("zstd, gzip", r.headers().get("VGI-Supported-Encodings"));
    }

    @Test
    void compressedRequestBodiesAreDecoded() throws IOException {
        HttpRpcHandler h = handler();
        HttpRpcResponse z = post(h, "/Test/echo", Zstd.compress(echo(11), 3), "Content-Encoding", "zstd");
        assertEquals(200, z.status());
        assertEquals(List.of(11L), single(z).values());
        HttpRpcResponse g = post(h, "/Test/echo", gzip(echo(12)), "Content-Encoding", "gzip");
        assertEquals(200, g.status());
        assertEquals(List.of(12L), single(g).values());
    }

    @Test
    void corruptZstdBodyIs400Json() {
        HttpRpcHandler h = handler();
        byte[] compressed = Zstd.compress(echo(1), 3);
        byte[] corrupt = Arrays.copyOf(compressed, compressed.length);
        for (int i = 6; i < corrupt.length; i++) {
            corrupt[i] ^= (byte) 0x5A;
        }
        HttpRpcResponse r = post(h, "/Test/echo", corrupt, "Content-Encoding", "zstd");
        assertEquals(400, r.status());
        assertTrue(json(r).contains("Decompression Error"));
        HttpRpcResponse notZstd = post(h, "/Test/echo", "plain text".getBytes(StandardCharsets.UTF_8), "Content-Encoding", "zstd");
        assertEquals(400, notZstd.status());
        assertStillServes(h);
    }

    @Test
    void oversizedBodiesAre413EncodedAndDecoded() throws IOException {
        HttpRpcHandler h = handler(b -> b.maxRequestBytes(4096));
        HttpRpcResponse encoded = post(h, "/Test/echo_text", echoText("x".repeat(8000)));
        assertEquals(413, encoded.status());
        assertTrue(json(encoded).contains("max_request_bytes"));

        byte[] big = echoText("a".repeat(100_000));
        byte[] small = Zstd.compress(big, 3);
        assertTrue(small.length < 4096, "compressed body fits the cap");
        HttpRpcResponse decoded = post(h, "/Test/echo_text", small, "Content-Encoding", "zstd");
        assertEquals(413, decoded.status());
        assertTrue(json(decoded).contains("max_request_bytes"));
        HttpRpcResponse decodedGzip = post(h, "/Test/echo_text", gzip(big), "Content-Encoding", "gzip");
        assertEquals(413, decodedGzip.status());

        HttpRpcResponse whileReading = h.requestTooLarge(request("POST", "/Test/echo", null, null));
        assertEquals(413, whileReading.status());
        assertCapabilities(h, whileReading);
        assertStillServes(h);
    }

    @Test
    void malformedIpcBodyIs400() {
        HttpRpcHandler h = handler();
        HttpRpcResponse junk = post(h, "/Test/echo", "definitely not arrow".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, junk.status());
        assertTrue(arrowError(junk).md().get(WireKeys.LOG_MESSAGE).startsWith("ArrowInvalid"));
        HttpRpcResponse empty = post(h, "/Test/echo", new byte[0]);
        assertEquals(400, empty.status());
        byte[] whole = echo(1);
        HttpRpcResponse truncated = post(h, "/Test/echo", Arrays.copyOf(whole, whole.length - 20));
        assertEquals(400, truncated.status());
        assertStillServes(h);
    }

    @Test
    void parameterTypeMismatchIs400() {
        HttpRpcHandler h = handler();
        Schema wrong = new Schema(List.of(new Field("value", FieldType.notNullable(new ArrowType.Utf8()), null)));
        byte[] body = call("echo", wrong, 1, r -> ((VarCharVector) r.getVector(0)).setSafe(0, "x".getBytes(StandardCharsets.UTF_8)));
        HttpRpcResponse r = post(h, "/Test/echo", body);
        assertEquals(400, r.status());
        assertTrue(arrowError(r).md().get(WireKeys.LOG_MESSAGE).startsWith("TypeError: Parameter schema mismatch"));
        HttpRpcResponse mismatch = post(h, "/Test/echo", call("echo_text", ECHO_PARAMS, 1, v -> ((BigIntVector) v.getVector(0)).setSafe(0, 1)));
        assertEquals(400, mismatch.status());
        assertTrue(arrowError(mismatch).md().get(WireKeys.LOG_MESSAGE).contains("Method name mismatch"));
    }

    @Test
    void endpointKindMismatchesAre400() {
        HttpRpcHandler h = handler();
        HttpRpcResponse streamOnUnary = post(h, "/Test/count", countInit(2));
        assertEquals(400, streamOnUnary.status());
        assertTrue(arrowError(streamOnUnary).md().get(WireKeys.LOG_MESSAGE).startsWith("TypeError: "));
        assertEquals(400, post(h, "/Test/echo/init", echo(1)).status());
        assertEquals(400, post(h, "/Test/echo/exchange", echo(1)).status());
    }

    // ---------------------------------------------------------------- streams

    @Test
    void producerRunsOneTurnPerRequestUntilFinished() {
        HttpRpcHandler h = handler();
        HttpRpcResponse init = post(h, "/Test/count/init", countInit(3));
        assertEquals(200, init.status());
        Stream first = single(init);
        assertEquals(COUNT_OUTPUT, first.schema());
        assertEquals(2, first.batches().size(), "first batch, then the sentinel");
        assertEquals(List.of(0L), first.batches().get(0).values());
        Tokens t = sentinel(first);

        List<Long> seen = new ArrayList<>(List.of(0L));
        String cursor = t.cursor();
        for (int i = 1; i < 3; i++) {
            HttpRpcResponse r = post(h, "/Test/count/exchange", tick(tokens(cursor, t.call())));
            assertEquals(200, r.status());
            Stream s = single(r);
            assertEquals(2, s.batches().size());
            seen.add((Long) s.batches().get(0).values().get(0));
            Batch sentinel = s.last();
            assertEquals(0, sentinel.rows());
            assertNull(sentinel.md().get(WireKeys.CALL_STATE), "the call token is minted once");
            assertNotEquals(cursor, sentinel.md().get(WireKeys.STREAM_STATE));
            cursor = sentinel.md().get(WireKeys.STREAM_STATE);
            assertNotNull(cursor);
        }
        assertEquals(List.of(0L, 1L, 2L), seen);
        HttpRpcResponse end = post(h, "/Test/count/exchange", tick(tokens(cursor, t.call())));
        assertEquals(200, end.status());
        Stream last = single(end);
        assertEquals(COUNT_OUTPUT, last.schema());
        assertTrue(last.batches().isEmpty(), "finished: no batch and no sentinel");
        assertNull(end.headers().get("X-VGI-RPC-Error"));
    }

    @Test
    void exchangeCarriesCursorOnDataBatch() {
        HttpRpcHandler h = handler();
        Tokens t = openScale(h, null, 3);
        String cursor = t.cursor();
        for (int i = 1; i <= 3; i++) {
            HttpRpcResponse r = post(h, "/Test/scale/exchange", turn(tokens(cursor, t.call()), i, 10 * i));
            assertEquals(200, r.status());
            Stream s = single(r);
            assertEquals(1, s.batches().size(), "exactly the data batch, no separate sentinel");
            Batch data = s.batches().get(0);
            assertEquals(List.of(3L * i, 30L * i), data.values());
            assertEquals(Integer.toString(i), data.md().get("turn"));
            assertNull(data.md().get(WireKeys.CALL_STATE), "the call token is never re-issued");
            String next = data.md().get(WireKeys.STREAM_STATE);
            assertNotNull(next);
            assertNotEquals(cursor, next);
            cursor = next;
        }
    }

    @Test
    void exchangeTurnErrorIsFlaggedOnTheOutputSchemaAndTheCursorStaysUsable() {
        HttpRpcHandler h = handler();
        Tokens t = openScale(h, null, 2);
        Schema wrong = new Schema(List.of(int64("not_x")));
        byte[] body = stream(wrong, 1, r -> ((BigIntVector) r.getVector(0)).setSafe(0, 1), tokens(t.cursor(), t.call()));
        HttpRpcResponse r = post(h, "/Test/scale/exchange", body);
        assertEquals(200, r.status());
        assertEquals("true", r.headers().get("X-VGI-RPC-Error"));
        Stream s = single(r);
        assertEquals(SCALE_OUTPUT, s.schema());
        assertTrue(s.error().md().get(WireKeys.LOG_MESSAGE).startsWith("TypeError: Input schema mismatch"));
        HttpRpcResponse retry = post(h, "/Test/scale/exchange", turn(tokens(t.cursor(), t.call()), 4));
        assertEquals(List.of(8L), single(retry).values());
    }

    @Test
    void exchangeCancelAnswersEmptyOutputStream() {
        HttpRpcHandler h = handler();
        Tokens t = openScale(h, null, 2);
        Map<String, String> md = tokens(t.cursor(), t.call());
        md.put(WireKeys.CANCEL, "1");
        HttpRpcResponse r = post(h, "/Test/scale/exchange", tick(md));
        assertEquals(200, r.status());
        Stream s = single(r);
        assertEquals(SCALE_OUTPUT, s.schema());
        assertTrue(s.batches().isEmpty());
    }

    @Test
    void badTokensAre400AndTheHandlerKeepsServing() {
        HttpRpcHandler h = handler();
        Identity alice = Identity.authenticated("test", "alice");
        Identity bob = Identity.authenticated("test", "bob");
        Tokens t = openScale(h, alice, 2);

        char[] chars = t.cursor().toCharArray();
        int mid = chars.length / 2;
        chars[mid] = chars[mid] == 'A' ? 'B' : 'A';
        String tampered = new String(chars);
        assertRejectedToken(postAs(h, alice, "/Test/scale/exchange", turn(tokens(tampered, t.call()), 1)));
        assertRejectedToken(postAs(h, alice, "/Test/scale/exchange", turn(tokens("not base64!", t.call()), 1)));
        // another principal, and the anonymous caller, cannot open alice's cursor
        assertRejectedToken(postAs(h, bob, "/Test/scale/exchange", turn(tokens(t.cursor(), t.call()), 1)));
        assertRejectedToken(postAs(h, null, "/Test/scale/exchange", turn(tokens(t.cursor(), t.call()), 1)));
        // the call token cannot pass as a cursor
        assertRejectedToken(postAs(h, alice, "/Test/scale/exchange", turn(tokens(t.call(), t.call()), 1)));
        // a cursor is bound to its method
        assertRejectedToken(postAs(h, alice, "/Test/count/exchange", tick(tokens(t.cursor(), t.call()))));
        HttpRpcResponse missing = postAs(h, alice, "/Test/scale/exchange", turn(tokens(null, t.call()), 1));
        assertRejectedToken(missing);
        assertTrue(arrowError(missing).md().get(WireKeys.LOG_MESSAGE).contains("Missing state token"));

        // the genuine tokens still work afterwards
        HttpRpcResponse ok = postAs(h, alice, "/Test/scale/exchange", turn(tokens(t.cursor(), t.call()), 21));
        assertEquals(200, ok.status());
        assertEquals(List.of(42L), single(ok).values());
        assertStillServes(h);
    }

    @Test
    void coldCallStateCacheResumesFromTheEchoedCallToken() {
        HttpRpcHandler h = handler(b -> b.callStateCacheSize(0));
        Tokens t = openCount(h, 3);
        HttpRpcResponse r = post(h, "/Test/count/exchange", tick(tokens(t.cursor(), t.call())));
        assertEquals(200, r.status());
        assertEquals(List.of(1L), single(r).values());
        // without the cache, the call token is required
        HttpRpcResponse noCall = post(h, "/Test/count/exchange", tick(tokens(t.cursor(), null)));
        assertRejectedToken(noCall);
        assertTrue(arrowError(noCall).md().get(WireKeys.LOG_MESSAGE).contains("Missing call token"));
        // nor can a cursor stand in for the call token
        assertRejectedToken(post(h, "/Test/count/exchange", tick(tokens(t.cursor(), t.cursor()))));
        // a call token of another stream does not match the cursor's call id
        Tokens other = openCount(h, 3);
        assertRejectedToken(post(h, "/Test/count/exchange", tick(tokens(t.cursor(), other.call()))));
    }

    @Test
    void warmCacheServesWithoutTheCallToken() {
        HttpRpcHandler h = handler();
        Tokens t = openCount(h, 3);
        HttpRpcResponse r = post(h, "/Test/count/exchange", tick(tokens(t.cursor(), null)));
        assertEquals(200, r.status());
        assertEquals(List.of(1L), single(r).values());
    }

    @Test
    void replicasSharingTheKeyContinueEachOthersStreams() {
        HttpRpcHandler first = handler();
        HttpRpcHandler replica = handler();
        HttpRpcHandler stranger = handler(b -> b.tokenKey(OTHER_KEY));
        Tokens t = openCount(first, 4);

        assertRejectedToken(post(stranger, "/Test/count/exchange", tick(tokens(t.cursor(), t.call()))));

        HttpRpcResponse r = post(replica, "/Test/count/exchange", tick(tokens(t.cursor(), t.call())));
        assertEquals(200, r.status());
        Stream s = single(r);
        assertEquals(List.of(1L), s.values());
        String next = s.last().md().get(WireKeys.STREAM_STATE);
        // and back on the first instance
        HttpRpcResponse back = post(first, "/Test/count/exchange", tick(tokens(next, t.call())));
        assertEquals(List.of(2L), single(back).values());

        Tokens ex = openScale(first, null, 5);
        HttpRpcResponse turn = post(replica, "/Test/scale/exchange", turn(tokens(ex.cursor(), ex.call()), 2));
        assertEquals(List.of(10L), single(turn).values());
        assertRejectedToken(post(stranger, "/Test/scale/exchange", turn(tokens(ex.cursor(), ex.call()), 2)));
    }

    // ---------------------------------------------------------------- response codings and caps

    @Test
    void responseCompressionNegotiation() throws IOException {
        HttpRpcHandler h = handler();

        HttpRpcResponse identity = post(h, "/Test/echo", echo(1), "Accept-Encoding", "identity, zstd, gzip");
        assertNull(identity.headers().get("Content-Encoding"));
        assertNull(identity.headers().get("X-VGI-Content-Encoding"));
        assertEquals(List.of(1L), single(identity).values());

        HttpRpcResponse custom = post(h, "/Test/echo", echo(2), "X-VGI-Accept-Encoding", "zstd");
        assertEquals("zstd", custom.headers().get("X-VGI-Content-Encoding"));
        assertNull(custom.headers().get("Content-Encoding"));
        assertEquals(List.of(2L), decodeSingle(unzstd(custom.body())));

        HttpRpcResponse gz = post(h, "/Test/echo", echo(3), "Accept-Encoding", "gzip;q=0.5");
        assertEquals("gzip", gz.headers().get("Content-Encoding"));
        assertNull(gz.headers().get("X-VGI-Content-Encoding"));
        assertEquals(List.of(3L), decodeSingle(gunzip(gz.body())));

        HttpRpcResponse both = post(h, "/Test/echo", echo(4), "Accept-Encoding", "deflate, gzip, br, zstd",
                "X-VGI-Accept-Encoding", "zstd, gzip");
        assertEquals("zstd", both.headers().get("Content-Encoding"));
        assertNull(both.headers().get("X-VGI-Content-Encoding"));
        assertEquals(List.of(4L), decodeSingle(unzstd(both.body())));

        HttpRpcResponse unproducible = post(h, "/Test/echo", echo(5), "Accept-Encoding", "br, deflate");
        assertNull(unproducible.headers().get("Content-Encoding"));
        assertEquals(List.of(5L), single(unproducible).values());

        // error responses are negotiated too
        HttpRpcResponse error = post(h, "/Test/nope", echo(6), "Accept-Encoding", "zstd");
        assertEquals(404, error.status());
        assertEquals("zstd", error.headers().get("Content-Encoding"));

        HttpRpcHandler never = handler(b -> b.encodings(List.of()));
        HttpRpcResponse plain = post(never, "/Test/echo", echo(7), "Accept-Encoding", "zstd, gzip");
        assertEquals("", plain.headers().get("VGI-Supported-Encodings"));
        assertNull(plain.headers().get("Content-Encoding"));
        assertEquals(List.of(7L), single(plain).values());
    }

    @Test
    void responseCapIsAHardErrorForUnaryAndExchange() throws IOException {
        HttpRpcHandler h = handler(b -> b.maxResponseBytes(4096));
        HttpRpcResponse r = post(h, "/Test/echo_text", echoText("z".repeat(6000)), "Accept-Encoding", "zstd");
        assertEquals(200, r.status());
        assertEquals("true", r.headers().get("X-VGI-RPC-Error"));
        Stream s = decodeStream(unzstd(r.body()));
        assertEquals("result", s.schema().getFields().get(0).getName());
        Batch e = s.error();
        assertNotNull(e);
        assertTrue(e.md().get(WireKeys.LOG_MESSAGE).startsWith("ResponseTooLargeError: "));
        assertTrue(e.md().get(WireKeys.LOG_MESSAGE).contains("max_response_bytes"));
        assertEquals("RESOURCE_EXHAUSTED", e.md().get(WireKeys.ERROR_CODE));
        // under the cap it answers normally
        HttpRpcResponse fine = post(h, "/Test/echo_text", echoText("small"));
        assertNull(fine.headers().get("X-VGI-RPC-Error"));
        assertEquals(List.of("small"), single(fine).values());

        Tokens t = openScale(h, null, 1);
        long[] many = new long[2000];
        HttpRpcResponse big = post(h, "/Test/scale/exchange", turn(tokens(t.cursor(), t.call()), many));
        assertEquals(200, big.status());
        assertEquals("true", big.headers().get("X-VGI-RPC-Error"));
        Stream bs = single(big);
        assertEquals(SCALE_OUTPUT, bs.schema());
        assertTrue(bs.error().md().get(WireKeys.LOG_MESSAGE).contains("max_response_bytes"));
    }

    @Test
    void clientAcceptedResponseSizeCapsTheBody() {
        HttpRpcHandler h = handler();
        HttpRpcResponse r = post(h, "/Test/echo_text", echoText("q".repeat(70_000)), "VGI-Accept-Max-Response-Bytes", "65536");
        assertEquals(200, r.status());
        assertEquals("true", r.headers().get("X-VGI-RPC-Error"));
        assertTrue(arrowError(r).md().get(WireKeys.LOG_MESSAGE).contains("max_response_bytes"));
        HttpRpcResponse bad = post(h, "/Test/echo", echo(1), "VGI-Accept-Max-Response-Bytes", "12abc");
        assertEquals(400, bad.status());
        HttpRpcResponse ok = post(h, "/Test/echo", echo(1), "VGI-Accept-Max-Response-Bytes", Long.toString(256L << 20));
        assertEquals(List.of(1L), single(ok).values());
    }

    // ---------------------------------------------------------------- authentication

    @Test
    void rejectedCredentialIs401Json() {
        HttpRpcHandler h = handler(b -> b.authenticator(req -> {
            String auth = req.header("Authorization");
            if (auth == null) {
                throw AuthenticationFailure.missing();
            }
            if (!auth.equals("Bearer good")) {
                throw AuthenticationFailure.invalid();
            }
            return Identity.authenticated("bearer", "good");
        }));
        HttpRpcResponse missing = post(h, "/Test/echo", echo(1));
        assertEquals(401, missing.status());
        assertEquals("missing_credential", missing.headers().get("VGI-Auth-Reason"));
        assertEquals("no-store", missing.headers().get("Cache-Control"));
        assertTrue(json(missing).contains("\"error\":\"unauthorized\",\"reason\":\"missing_credential\""));

        // authentication runs before method resolution: an unknown method is a 401 too
        HttpRpcResponse unknown = post(h, "/Test/nope", echo(1), "Authorization", "Bearer bad");
        assertEquals(401, unknown.status());
        assertEquals("invalid_credential", unknown.headers().get("VGI-Auth-Reason"));
        assertTrue(json(unknown).contains("\"reason\":\"invalid_credential\""));

        HttpRpcResponse ok = post(h, "/Test/echo", echo(8), "Authorization", "Bearer good");
        assertEquals(200, ok.status());
        assertEquals(List.of(8L), single(ok).values());

        // the authenticated identity is bound into the stream tokens
        HttpRpcResponse init = post(h, "/Test/count/init", countInit(2), "Authorization", "Bearer good");
        Tokens t = sentinel(single(init));
        HttpRpcResponse next = post(h, "/Test/count/exchange", tick(tokens(t.cursor(), t.call())), "Authorization", "Bearer good");
        assertEquals(List.of(1L), single(next).values());
    }

    // ---------------------------------------------------------------- codings

    private static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(b);
        }
        return out.toByteArray();
    }

    private static byte[] gunzip(byte[] b) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(b))) {
            return in.readAllBytes();
        }
    }

    private static byte[] unzstd(byte[] b) throws IOException {
        try (ZstdInputStream in = new ZstdInputStream(new ByteArrayInputStream(b))) {
            return in.readAllBytes();
        }
    }

    private Stream decodeStream(byte[] body) {
        List<Stream> streams = decode(body);
        assertEquals(1, streams.size());
        return streams.get(0);
    }

    private List<Object> decodeSingle(byte[] body) {
        return decodeStream(body).values();
    }
}
