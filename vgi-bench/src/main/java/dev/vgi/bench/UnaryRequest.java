package dev.vgi.bench;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import dev.vgi.core.protocol.VgiMethod;
import dev.vgi.core.protocol.VgiMethods;
import dev.vgi.core.protocol.VgiProtocol;
import dev.vgi.core.rpc.WireKeys;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.util.ByteFunctionHelpers;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A unary request built once and sent as often as needed: its schema, its one parameter batch and
 * the request metadata never change between calls, so a timed loop only serializes what is
 * already in memory. It also knows what its answer must look like ({@link #check}).
 *
 * <p>Two protocols: the vgi-rpc {@code ConformanceService} ({@link #noParams}, {@link #echoBytes})
 * and VGI {@value VgiProtocol#NAME} {@value VgiProtocol#VERSION} wrapped methods ({@link #vgi}).
 */
final class UnaryRequest implements AutoCloseable {

    /** Wire name of the conformance protocol both conformance workers serve. */
    static final String CONFORMANCE_PROTOCOL = "ConformanceService";
    /** Version the conformance requests are addressed to. */
    static final String CONFORMANCE_VERSION = "2.0.0";

    /** What the answer's one result batch must be; {@code null} when it is right, else what is wrong. */
    @FunctionalInterface
    interface ResultCheck {
        String problem(UnaryRequest request, VectorSchemaRoot result);
    }

    private final String method;
    private final Schema schema;
    private final VectorSchemaRoot root;
    private final Map<String, String> metadata;
    private final VarBinaryVector payload;
    private final ResultCheck check;

    private UnaryRequest(String method, String protocol, String version, Schema schema, VectorSchemaRoot root,
            VarBinaryVector payload, ResultCheck check) {
        this.method = method;
        this.schema = schema;
        this.root = root;
        this.payload = payload;
        this.check = check;
        Map<String, String> md = new LinkedHashMap<>();
        md.put(WireKeys.METHOD, method);
        md.put(WireKeys.REQUEST_VERSION, WireKeys.REQUEST_VERSION_VALUE);
        md.put(WireKeys.PROTOCOL, protocol);
        md.put(WireKeys.PROTOCOL_VERSION, version);
        this.metadata = Collections.unmodifiableMap(md);
    }

    /** A parameterless conformance call: empty schema, one zero-row batch; the answer must be void. */
    static UnaryRequest noParams(String method, BufferAllocator allocator) {
        Schema schema = new Schema(List.of());
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
        root.setRowCount(0);
        return new UnaryRequest(method, CONFORMANCE_PROTOCOL, CONFORMANCE_VERSION, schema, root, null,
                UnaryRequest::voidResult);
    }

    /**
     * An {@code echo_bytes(data: binary not null)} conformance call carrying {@code size}
     * pseudo-random bytes; the answer must be the same bytes. Random rather than constant bytes so
     * that no layer (a compressing pipe, a zero-page shortcut) can make the payload cheaper than
     * real data; the seed is fixed so runs compare.
     */
    static UnaryRequest echoBytes(int size, BufferAllocator allocator) {
        Field field = new Field("data", FieldType.notNullable(ArrowType.Binary.INSTANCE), null);
        byte[] bytes = new byte[size];
        new SplittableRandom(0x5EED_0000L + size).nextBytes(bytes);
        return binary("echo_bytes", CONFORMANCE_PROTOCOL, CONFORMANCE_VERSION, field, bytes, allocator,
                UnaryRequest::echoedPayload);
    }

    /**
     * A wrapped VGI method ({@code request: binary} holding one record stream, see
     * {@link VgiMethods}), addressed to {@value VgiProtocol#NAME} {@value VgiProtocol#VERSION}. The
     * answer must be one non-null {@code result: binary} row, read back with {@link #resultBytes}.
     */
    static UnaryRequest vgi(String method, byte[] record, BufferAllocator allocator) {
        VgiMethod m = VgiMethods.byName(method);
        if (m == null || !m.isWrapped()) {
            throw new IllegalArgumentException(method + " is not a wrapped VGI method");
        }
        Field field = m.params().getFields().get(0);
        ResultCheck check = m.stream() ? (r, result) -> "a stream method has no unary result" : UnaryRequest::oneBinaryResult;
        return binary(method, VgiProtocol.NAME, VgiProtocol.VERSION, field, record, allocator, check);
    }

    private static UnaryRequest binary(String method, String protocol, String version, Field field, byte[] bytes,
            BufferAllocator allocator, ResultCheck check) {
        Schema schema = new Schema(List.of(field));
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
        try {
            VarBinaryVector data = (VarBinaryVector) root.getVector(0);
            data.allocateNew(bytes.length, 1);
            data.set(0, bytes);
            data.setValueCount(1);
            root.setRowCount(1);
            return new UnaryRequest(method, protocol, version, schema, root, data, check);
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

    /** Length of the one binary parameter in bytes; 0 for a parameterless call. */
    long payloadBytes() {
        return payload == null ? 0 : payload.getValueLength(0);
    }

    /** What is wrong with {@code result}, the answer's one result batch, or {@code null} when nothing is. */
    String check(VectorSchemaRoot result) {
        return check.problem(this, result);
    }

    /** The bytes of a checked {@code result: binary} answer. */
    static byte[] resultBytes(VectorSchemaRoot result) {
        return ((VarBinaryVector) result.getVector(0)).get(0);
    }

    private static String voidResult(UnaryRequest request, VectorSchemaRoot result) {
        return result.getFieldVectors().isEmpty() ? null : "void result should have an empty schema, got " + result.getSchema();
    }

    private static String oneBinaryResult(UnaryRequest request, VectorSchemaRoot result) {
        List<FieldVector> vectors = result.getFieldVectors();
        if (vectors.size() != 1 || !(vectors.get(0) instanceof VarBinaryVector)
                || !"result".equals(vectors.get(0).getName())) {
            return "expected result schema (result: binary), got " + result.getSchema();
        }
        if (result.getRowCount() != 1 || vectors.get(0).isNull(0)) {
            return "expected one non-null result row, got " + result.getRowCount() + " rows";
        }
        return null;
    }

    private static String echoedPayload(UnaryRequest request, VectorSchemaRoot result) {
        String shape = oneBinaryResult(request, result);
        if (shape != null) {
            return shape;
        }
        VarBinaryVector payload = request.payload;
        VarBinaryVector answer = (VarBinaryVector) result.getVector(0);
        long sent = payload.getValueLength(0);
        long got = answer.getValueLength(0);
        if (got != sent) {
            return "result length " + got + " != payload length " + sent;
        }
        long sentStart = payload.getStartOffset(0);
        long gotStart = answer.getStartOffset(0);
        // compares in place, off heap: no copy of the payload per call
        if (ByteFunctionHelpers.equal(payload.getDataBuffer(), sentStart, sentStart + sent,
                answer.getDataBuffer(), gotStart, gotStart + got) != 1) {
            return "result bytes differ from the payload";
        }
        return null;
    }

    @Override
    public void close() {
        root.close();
    }
}
