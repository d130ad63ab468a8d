package dev.vgi.bench;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import dev.vgi.core.rpc.WireKeys;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A unary {@code ConformanceService} request built once and sent many times: its schema, its one
 * parameter batch and the request metadata never change between calls, so the timed loop only
 * serializes what is already in memory.
 */
final class UnaryRequest implements AutoCloseable {

    /** Wire name of the protocol both workers serve. */
    static final String PROTOCOL = "ConformanceService";
    /** Application protocol version the requests are addressed to. */
    static final String PROTOCOL_VERSION = "2.0.0";

    private final String method;
    private final Schema schema;
    private final VectorSchemaRoot root;
    private final Map<String, String> metadata;
    private final VarBinaryVector payload;

    private UnaryRequest(String method, Schema schema, VectorSchemaRoot root, VarBinaryVector payload) {
        this.method = method;
        this.schema = schema;
        this.root = root;
        this.payload = payload;
        Map<String, String> md = new LinkedHashMap<>();
        md.put(WireKeys.METHOD, method);
        md.put(WireKeys.REQUEST_VERSION, WireKeys.REQUEST_VERSION_VALUE);
        md.put(WireKeys.PROTOCOL, PROTOCOL);
        md.put(WireKeys.PROTOCOL_VERSION, PROTOCOL_VERSION);
        this.metadata = Collections.unmodifiableMap(md);
    }

    /** A parameterless call: empty schema, one zero-row batch. */
    static UnaryRequest noParams(String method, BufferAllocator allocator) {
        Schema schema = new Schema(List.of());
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
        root.setRowCount(0);
        return new UnaryRequest(method, schema, root, null);
    }

    /**
     * An {@code echo_bytes(data: binary not null)} call carrying {@code size} pseudo-random bytes.
     * Random rather than constant bytes so that no layer (a compressing pipe, a zero-page
     * shortcut) can make the payload cheaper than real data; the seed is fixed so runs compare.
     */
    static UnaryRequest echoBytes(int size, BufferAllocator allocator) {
        Field field = new Field("data", FieldType.notNullable(ArrowType.Binary.INSTANCE), null);
        Schema schema = new Schema(List.of(field));
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
        try {
            VarBinaryVector data = (VarBinaryVector) root.getVector(0);
            byte[] bytes = new byte[size];
            new SplittableRandom(0x5EED_0000L + size).nextBytes(bytes);
            data.allocateNew(size, 1);
            data.set(0, bytes);
            data.setValueCount(1);
            root.setRowCount(1);
            return new UnaryRequest("echo_bytes", schema, root, data);
        } catch (RuntimeException e) {
            root.close();
            throw e;
        }
    }

    /** The method name sent in {@code vgi_rpc.method}. */
    String method() {
        return method;
    }

    /** The request schema. */
    Schema schema() {
        return schema;
    }

    /** The one parameter batch. */
    VectorSchemaRoot root() {
        return root;
    }

    /** The request batch metadata (method, request version, protocol, protocol version). */
    Map<String, String> metadata() {
        return metadata;
    }

    /** The binary payload for {@code echo_bytes}, or {@code null} for a parameterless call. */
    VarBinaryVector payload() {
        return payload;
    }

    /** Payload length in bytes; 0 for a parameterless call. */
    long payloadBytes() {
        return payload == null ? 0 : payload.getValueLength(0);
    }

    @Override
    public void close() {
        root.close();
    }
}
