package dev.vgi.core.rpc;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.ipc.WriteChannel;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

import dev.vgi.core.rpc.ipc.IpcStreamWriter;
import dev.vgi.core.util.CodePoints;

/**
 * The {@value #PROTOCOL_NAME} protocol: discovery of what a server hosts, co-hosted like any other
 * protocol rather than answered by a reserved method.
 *
 * <ul>
 *   <li>{@code list_protocols()} — a {@code ProtocolList}: server id and version, the wire envelope
 *       version and one summary (name, version, {@link ProtocolHash hash}) per hosted protocol, in
 *       registration order, reflection itself included;
 *   <li>{@code describe(protocol: utf8)} — a {@code ServiceDescription} of one protocol with its
 *       methods sorted by name, each schema as an encapsulated Arrow IPC Schema message; an unknown
 *       protocol is a {@code ProtocolNotSupportedError}.
 * </ul>
 *
 * <p>Both return {@code result: binary} holding a one-row Arrow IPC stream in the schema
 * {@link #PROTOCOL_LIST_SCHEMA} or {@link #SERVICE_DESCRIPTION_SCHEMA}. The protocol declares no
 * version, which keeps it outside the protocol-version gate: a client whose version was refused
 * calls it to find out what the server does speak.
 *
 * <p>The hosted protocols are only known once the server is built, so the service reads them
 * through a supplier; {@link RpcServer#withReflection} wires that up. Descriptions and hashes are
 * computed once per protocol, on first request, since a server's protocols do not change.
 */
public final class ReflectionService {

    /** The protocol's wire name; its major version is part of the name. */
    public static final String PROTOCOL_NAME = "vgi_rpc.Reflection.v1";

    private static final Field RESULT = new Field("result", FieldType.notNullable(ArrowType.Binary.INSTANCE), null);

    private static final Field FEATURES = new Field("features", FieldType.notNullable(ArrowType.List.INSTANCE),
            List.of(new Field("item", FieldType.nullable(ArrowType.Utf8.INSTANCE), null)));

    /** Fields shared, in this order, by a protocol summary and a protocol description. */
    private static final List<Field> SUMMARY_FIELDS = List.of(utf8("protocol"), utf8("protocol_version"), utf8("protocol_hash"),
            bool("deprecated"), utf8("deprecation_message"), FEATURES);

    private static final List<Field> METHOD_FIELDS = List.of(utf8("name"), utf8("method_type"), bool("has_return"),
            bool("has_header"), utf8("stream_kind"), binary("params_schema_ipc"), binary("result_schema_ipc"),
            binary("header_schema_ipc"), utf8("idempotency"), bool("deprecated"), utf8("deprecation_message"));

    /** Schema of the {@code list_protocols} payload ({@code ProtocolList}). */
    public static final Schema PROTOCOL_LIST_SCHEMA = new Schema(List.of(utf8("server_id"), utf8("server_version"),
            utf8("request_version"), listOf("protocols", SUMMARY_FIELDS)));

    /** Schema of the {@code describe} payload ({@code ServiceDescription}). */
    public static final Schema SERVICE_DESCRIPTION_SCHEMA;

    static {
        List<Field> fields = new ArrayList<>(SUMMARY_FIELDS);
        fields.add(listOf("methods", METHOD_FIELDS));
        SERVICE_DESCRIPTION_SCHEMA = new Schema(fields);
    }

    private final Supplier<? extends Collection<RpcService>> hosted;
    private final Supplier<String> serverId;
    private final String serverVersion;
    private final Map<String, String> hashes = new ConcurrentHashMap<>();
    private final Map<String, byte[]> descriptions = new ConcurrentHashMap<>();

    private ReflectionService(Supplier<? extends Collection<RpcService>> hosted, Supplier<String> serverId, String serverVersion) {
        this.hosted = Objects.requireNonNull(hosted, "hosted");
        this.serverId = Objects.requireNonNull(serverId, "serverId");
        this.serverVersion = serverVersion == null ? "" : serverVersion;
    }

    /** The reflection protocol with an empty server version; see {@link #create(Supplier, Supplier, String)}. */
    public static RpcService create(Supplier<? extends Collection<RpcService>> hosted, Supplier<String> serverId) {
        return create(hosted, serverId, "");
    }

    /**
     * Builds the reflection protocol.
     *
     * @param hosted every protocol the server hosts, in registration order, including the returned
     *     service itself; read on each call, so it may refer to a server that is built afterwards
     * @param serverId the server id reported by {@code list_protocols}
     * @param serverVersion the build version reported by {@code list_protocols}, or {@code ""}
     */
    public static RpcService create(Supplier<? extends Collection<RpcService>> hosted, Supplier<String> serverId,
            String serverVersion) {
        ReflectionService impl = new ReflectionService(hosted, serverId, serverVersion);
        return RpcService.builder(PROTOCOL_NAME)
                .method(UnaryMethod.of("list_protocols", RpcMethod.EMPTY_SCHEMA, RESULT,
                        (ctx, params, result) -> setResult(result, impl.listProtocols(ctx.allocator()))))
                .method(UnaryMethod.of("describe", new Schema(List.of(utf8("protocol"))), RESULT,
                        (ctx, params, result) -> setResult(result, impl.describe(protocolArgument(params), ctx.allocator()))))
                .build();
    }

    private static String protocolArgument(VectorSchemaRoot params) {
        VarCharVector v = (VarCharVector) params.getVector("protocol");
        return new String(v.get(0), StandardCharsets.UTF_8);
    }

    private static void setResult(VectorSchemaRoot result, byte[] payload) {
        ((VarBinaryVector) result.getVector(0)).setSafe(0, payload);
    }

    private String hash(RpcService service) {
        return hashes.computeIfAbsent(service.protocolName(), n -> ProtocolHash.of(service));
    }

    private byte[] listProtocols(BufferAllocator allocator) {
        List<RpcService> services = List.copyOf(hosted.get());
        try (VectorSchemaRoot root = VectorSchemaRoot.create(PROTOCOL_LIST_SCHEMA, allocator)) {
            root.allocateNew();
            setString(root.getVector("server_id"), 0, serverId.get());
            setString(root.getVector("server_version"), 0, serverVersion);
            setString(root.getVector("request_version"), 0, WireKeys.REQUEST_VERSION_VALUE);
            ListVector protocols = (ListVector) root.getVector("protocols");
            StructVector item = (StructVector) protocols.getDataVector();
            int first = protocols.startNewValue(0);
            for (int i = 0; i < services.size(); i++) {
                item.setIndexDefined(first + i);
                writeSummary(name -> (FieldVector) item.getChild(name), first + i, services.get(i));
            }
            protocols.endValue(0, services.size());
            root.setRowCount(1);
            return toIpcStream(root, allocator);
        }
    }

    private byte[] describe(String protocol, BufferAllocator allocator) {
        RpcService service = null;
        List<String> names = new ArrayList<>();
        for (RpcService s : hosted.get()) {
            names.add(s.protocolName());
            if (s.protocolName().equals(protocol)) {
                service = s;
            }
        }
        if (service == null) {
            names.sort(CodePoints.ORDER);
            throw new RpcException("ProtocolNotSupportedError", "This server does not host protocol " + pyRepr(protocol)
                    + ". Hosted: " + pyRepr(names) + ".", ErrorKind.PROTOCOL_NOT_SUPPORTED, null);
        }
        RpcService found = service;
        return descriptions.computeIfAbsent(protocol, n -> buildDescription(found, allocator));
    }

    private byte[] buildDescription(RpcService service, BufferAllocator allocator) {
        List<RpcMethod> methods = ProtocolHash.sortedMethods(service);
        try (VectorSchemaRoot root = VectorSchemaRoot.create(SERVICE_DESCRIPTION_SCHEMA, allocator)) {
            root.allocateNew();
            writeSummary(root::getVector, 0, service);
            ListVector list = (ListVector) root.getVector("methods");
            StructVector item = (StructVector) list.getDataVector();
            int first = list.startNewValue(0);
            for (int i = 0; i < methods.size(); i++) {
                int idx = first + i;
                RpcMethod m = methods.get(i);
                item.setIndexDefined(idx);
                Function<String, FieldVector> col = name -> (FieldVector) item.getChild(name);
                boolean hasReturn = m instanceof UnaryMethod u && !u.isVoid();
                Schema header = m instanceof StreamMethod s ? s.headerSchema() : null;
                setString(col.apply("name"), idx, m.name());
                setString(col.apply("method_type"), idx, m.isStream() ? "stream" : "unary");
                setBool(col.apply("has_return"), idx, hasReturn);
                setBool(col.apply("has_header"), idx, header != null);
                setString(col.apply("stream_kind"), idx, m instanceof StreamMethod s ? streamKind(s.kind()) : "");
                setBinary(col.apply("params_schema_ipc"), idx, schemaIpc(m.paramsSchema()));
                // Absent schemas are empty bytes rather than nulls, as the other ports send them.
                setBinary(col.apply("result_schema_ipc"), idx, hasReturn ? schemaIpc(((UnaryMethod) m).resultSchema()) : new byte[0]);
                setBinary(col.apply("header_schema_ipc"), idx, header != null ? schemaIpc(header) : new byte[0]);
                // Java registrations declare no retry safety, so the cautious default applies.
                setString(col.apply("idempotency"), idx, "unknown");
                setBool(col.apply("deprecated"), idx, false);
                setString(col.apply("deprecation_message"), idx, "");
            }
            list.endValue(0, methods.size());
            root.setRowCount(1);
            return toIpcStream(root, allocator);
        }
    }

    /** Writes the six summary columns of {@code service} at row {@code idx}. */
    private void writeSummary(Function<String, FieldVector> col, int idx, RpcService service) {
        setString(col.apply("protocol"), idx, service.protocolName());
        setString(col.apply("protocol_version"), idx, service.protocolVersion() == null ? "" : service.protocolVersion());
        setString(col.apply("protocol_hash"), idx, hash(service));
        setBool(col.apply("deprecated"), idx, false);
        setString(col.apply("deprecation_message"), idx, "");
        ListVector features = (ListVector) col.apply("features");
        features.startNewValue(idx);
        features.endValue(idx, 0);
    }

    /** The {@code stream_kind} spelling of a declared kind. */
    static String streamKind(StreamMethod.Kind kind) {
        return switch (kind) {
            case PRODUCER -> "producer";
            case EXCHANGE -> "exchange";
            case UNKNOWN -> "unknown";
        };
    }

    /** {@code schema} as one encapsulated IPC Schema message, as clients hand it to their Arrow reader. */
    static byte[] schemaIpc(Schema schema) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            MessageSerializer.serialize(new WriteChannel(Channels.newChannel(out)), schema);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] toIpcStream(VectorSchemaRoot root, BufferAllocator allocator) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        IpcStreamWriter writer = new IpcStreamWriter(out);
        try {
            writer.start(root.getSchema(), null, allocator);
            writer.writeBatch(root, Map.of());
            writer.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.abandon();
        }
        return out.toByteArray();
    }

    private static void setString(FieldVector v, int idx, String s) {
        ((VarCharVector) v).setSafe(idx, s.getBytes(StandardCharsets.UTF_8));
    }

    private static void setBool(FieldVector v, int idx, boolean b) {
        ((BitVector) v).setSafe(idx, b ? 1 : 0);
    }

    private static void setBinary(FieldVector v, int idx, byte[] b) {
        ((VarBinaryVector) v).setSafe(idx, b);
    }

    private static Field utf8(String name) {
        return new Field(name, FieldType.notNullable(ArrowType.Utf8.INSTANCE), null);
    }

    private static Field bool(String name) {
        return new Field(name, FieldType.notNullable(ArrowType.Bool.INSTANCE), null);
    }

    private static Field binary(String name) {
        return new Field(name, FieldType.notNullable(ArrowType.Binary.INSTANCE), null);
    }

    /** A non-nullable list of nullable structs, the shape the other ports give a list of records. */
    private static Field listOf(String name, List<Field> members) {
        Field item = new Field("item", FieldType.nullable(ArrowType.Struct.INSTANCE), members);
        return new Field(name, FieldType.notNullable(ArrowType.List.INSTANCE), List.of(item));
    }

    /** Python's {@code repr} of a string, so messages read the same as the reference server's. */
    private static String pyRepr(String s) {
        boolean useDouble = s.indexOf('\'') >= 0 && s.indexOf('"') < 0;
        char q = useDouble ? '"' : '\'';
        StringBuilder sb = new StringBuilder().append(q);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == q || c == '\\') {
                sb.append('\\').append(c);
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (c == '\t') {
                sb.append("\\t");
            } else if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append(q).toString();
    }

    private static String pyRepr(List<String> names) {
        List<String> parts = new ArrayList<>(names.size());
        for (String n : names) {
            parts.add(pyRepr(n));
        }
        return "[" + String.join(", ", parts) + "]";
    }
}
