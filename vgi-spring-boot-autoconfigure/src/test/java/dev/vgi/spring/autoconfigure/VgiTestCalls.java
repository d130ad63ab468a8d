package dev.vgi.spring.autoconfigure;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

import dev.vgi.core.rpc.Identity;
import dev.vgi.core.rpc.RpcMethod;
import dev.vgi.core.rpc.RpcService;
import dev.vgi.core.rpc.UnaryMethod;
import dev.vgi.core.rpc.WireKeys;
import dev.vgi.core.rpc.ipc.BatchMetadata;
import dev.vgi.core.rpc.ipc.IpcMessageReader;
import dev.vgi.core.rpc.ipc.IpcStreamReader;
import dev.vgi.core.rpc.ipc.IpcStreamWriter;

/**
 * A test protocol whose {@code whoami} returns the caller's identity as {@code domain:principal},
 * and the Arrow bodies to call it over HTTP ({@code POST {base}/Test/whoami}).
 */
public final class VgiTestCalls {

    /** The protocol's wire name. */
    public static final String PROTOCOL = "Test";

    /** The Arrow media type of requests and responses. */
    public static final String ARROW = "application/vnd.apache.arrow.stream";

    private VgiTestCalls() {
    }

    /** The protocol: {@code whoami()} → {@code utf8} and {@code fail()} raising a {@code ValueError}. */
    public static RpcService service() {
        Field result = new Field("result", FieldType.notNullable(new ArrowType.Utf8()), null);
        return RpcService.builder(PROTOCOL)
                .method(UnaryMethod.of("whoami", RpcMethod.EMPTY_SCHEMA, result, (ctx, params, r) -> {
                    Identity id = ctx.identity();
                    String text = id.domain() + ":" + id.principal();
                    ((VarCharVector) r.getVector(0)).setSafe(0, text.getBytes(StandardCharsets.UTF_8));
                }))
                .method(UnaryMethod.ofVoid("fail", RpcMethod.EMPTY_SCHEMA, (ctx, p, r) -> {
                    throw new IllegalArgumentException("bad value");
                }))
                .build();
    }

    /** The request body calling the parameterless {@code method}. */
    public static byte[] request(String method) {
        Map<String, String> md = new LinkedHashMap<>();
        md.put(WireKeys.METHOD, method);
        md.put(WireKeys.REQUEST_VERSION, WireKeys.REQUEST_VERSION_VALUE);
        md.put(WireKeys.PROTOCOL, PROTOCOL);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (BufferAllocator allocator = new RootAllocator();
                VectorSchemaRoot root = VectorSchemaRoot.create(RpcMethod.EMPTY_SCHEMA, allocator)) {
            root.setRowCount(1);
            IpcStreamWriter w = new IpcStreamWriter(out);
            w.start(RpcMethod.EMPTY_SCHEMA, null, allocator);
            w.writeBatch(root, md);
            w.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Column 0 of row 0 of the first data batch of a response stream, as a string. */
    public static String firstValue(byte[] response) {
        try (BufferAllocator allocator = new RootAllocator();
                IpcStreamReader r = IpcStreamReader.open(new IpcMessageReader(new ByteArrayInputStream(response)),
                        allocator)) {
            BatchMetadata md;
            while ((md = r.next()) != null) {
                if ("EXCEPTION".equals(md.get(WireKeys.LOG_LEVEL))) {
                    throw new AssertionError("error response: " + md.get(WireKeys.LOG_MESSAGE));
                }
                if (r.root().getRowCount() > 0) {
                    return String.valueOf(r.root().getVector(0).getObject(0));
                }
            }
            throw new AssertionError("no data batch in " + List.of(response.length) + " bytes");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
