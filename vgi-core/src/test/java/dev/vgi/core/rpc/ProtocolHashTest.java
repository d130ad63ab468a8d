package dev.vgi.core.rpc;

import static dev.vgi.core.rpc.ArrowTypeTokensTest.map;
import static dev.vgi.core.rpc.ArrowTypeTokensTest.n;
import static dev.vgi.core.rpc.ArrowTypeTokensTest.nn;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/**
 * Protocol hashes against the reference implementation: the expected preimages and digests were
 * computed by {@code vgi_rpc.rpc._protocol_hash} (vgi-rpc 0.52.2) for the same protocols declared in
 * Python. Equal digests are what lets a client compare hashes across ports.
 */
class ProtocolHashTest {

    private static final UnaryMethod.Handler NO_UNARY = (ctx, p, r) -> {
        throw new UnsupportedOperationException();
    };
    private static final StreamMethod.Handler NO_STREAM = (ctx, p) -> {
        throw new UnsupportedOperationException();
    };

    private static Schema schema(Field... fields) {
        return new Schema(List.of(fields));
    }

    /** Unary with result, void unary, plain stream, stream with header and a dictionary parameter. */
    static RpcService sample(StreamMethod.Kind countKind) {
        return RpcService.builder("Sample.v1").version("3.1.4")
                .method(UnaryMethod.of("stats", schema(
                        nn("xs", ArrowType.List.INSTANCE, n("item", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE))),
                        n("at", new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC")),
                        nn("amount", new ArrowType.Decimal(20, 4, 128))),
                        map("result", true, false, nn("key", ArrowType.Utf8.INSTANCE), n("value", new ArrowType.Int(64, true))),
                        NO_UNARY))
                .method(UnaryMethod.of("echo", schema(nn("value", ArrowType.Utf8.INSTANCE)), nn("ignored", ArrowType.Utf8.INSTANCE), NO_UNARY))
                .method(UnaryMethod.ofVoid("noop", RpcMethod.EMPTY_SCHEMA, NO_UNARY))
                .method(StreamMethod.builder("count", NO_STREAM).params(schema(nn("n", new ArrowType.Int(32, true))))
                        .kind(countKind).build())
                .method(StreamMethod.builder("scan", NO_STREAM)
                        .params(schema(new Field("filter", new FieldType(true, ArrowType.Utf8.INSTANCE,
                                new DictionaryEncoding(3, false, new ArrowType.Int(16, true))), null)))
                        .header(schema(nn("total", new ArrowType.Int(64, true)), n("label", ArrowType.Utf8.INSTANCE)))
                        .kind(StreamMethod.Kind.EXCHANGE).build())
                .build();
    }

    private static final String SAMPLE_PREIMAGE = "{\"methods\":[{\"has_header\":false,\"has_return\":false,\"name\":\"count\","
            + "\"params\":[{\"name\":\"n\",\"nullable\":false,\"type\":\"int32\"}],\"type\":\"stream\"},{\"has_header\":false,"
            + "\"has_return\":true,\"name\":\"echo\",\"params\":[{\"name\":\"value\",\"nullable\":false,\"type\":\"utf8\"}],"
            + "\"result\":[{\"name\":\"result\",\"nullable\":false,\"type\":\"utf8\"}],\"type\":\"unary\"},{\"has_header\":false,"
            + "\"has_return\":false,\"name\":\"noop\",\"params\":[],\"type\":\"unary\"},{\"has_header\":true,\"has_return\":false,"
            + "\"header\":[{\"name\":\"total\",\"nullable\":false,\"type\":\"int64\"},{\"name\":\"label\",\"nullable\":true,"
            + "\"type\":\"utf8\"}],\"name\":\"scan\",\"params\":[{\"name\":\"filter\",\"nullable\":true,"
            + "\"type\":\"dictionary<index:int16,value:utf8>\"}],\"type\":\"stream\"},{\"has_header\":false,\"has_return\":true,"
            + "\"name\":\"stats\",\"params\":[{\"name\":\"xs\",\"nullable\":false,\"type\":\"list<item?:float64>\"},"
            + "{\"name\":\"at\",\"nullable\":true,\"type\":\"timestamp(us,tz=UTC)\"},{\"name\":\"amount\",\"nullable\":false,"
            + "\"type\":\"decimal128(20,4)\"}],\"result\":[{\"name\":\"result\",\"nullable\":true,"
            + "\"type\":\"map<key:utf8,value?:int64>\"}],\"type\":\"unary\"}],\"protocol\":\"Sample.v1\"}";

    @Test
    void samplePreimageAndHashMatchTheReference() {
        RpcService sample = sample(StreamMethod.Kind.PRODUCER);
        assertEquals(SAMPLE_PREIMAGE, new String(ProtocolHash.canonicalJson(ProtocolHash.description(sample)), StandardCharsets.UTF_8));
        assertEquals("9711f9fc8dde8eba46ddd0f83d84659b9ae1a00a58a35b79a8e28ef5e1c37f0c", ProtocolHash.of(sample));
    }

    @Test
    void streamKindAndVersionAreNotHashed() {
        assertEquals(ProtocolHash.of(sample(StreamMethod.Kind.PRODUCER)), ProtocolHash.of(sample(StreamMethod.Kind.UNKNOWN)));
    }

    @Test
    void escapingAndCodePointMethodOrderMatchTheReference() {
        // U+FF61 sorts before U+1F600 by code point, after it by UTF-16 unit: the reference uses code points.
        RpcService odd = RpcService.builder("Odd")
                .method(UnaryMethod.ofVoid("\uD83D\uDE00\u00e9\"\\\n\t\u0001\u20ac", schema(
                        nn("\u00fc name", ArrowType.Struct.INSTANCE, n("k\u007f", ArrowType.Bool.INSTANCE))), NO_UNARY))
                .method(UnaryMethod.ofVoid("\uff61x", RpcMethod.EMPTY_SCHEMA, NO_UNARY))
                .build();
        String preimage = "{\"methods\":[{\"has_header\":false,\"has_return\":false,\"name\":\"\uff61x\",\"params\":[],"
                + "\"type\":\"unary\"},{\"has_header\":false,\"has_return\":false,"
                + "\"name\":\"\uD83D\uDE00\u00e9\\\"\\\\\\n\\t\\u0001\u20ac\",\"params\":[{\"name\":\"\u00fc name\","
                + "\"nullable\":false,\"type\":\"struct<k\u007f?:bool>\"}],\"type\":\"unary\"}],\"protocol\":\"Odd\"}";
        assertArrayEquals(preimage.getBytes(StandardCharsets.UTF_8), ProtocolHash.canonicalJson(ProtocolHash.description(odd)));
        assertEquals("f4257ca890f82b8896ca955b7ece21da82d17a49c10662aa0e0406290c513566", ProtocolHash.of(odd));
    }

    @Test
    void smallProtocolsMatchTheReference() {
        assertEquals("d2170c5ae051598b0c4882f5138ec342978f2ce59e3186e4dc97234f6fbb21ac",
                ProtocolHash.of(RpcService.builder("Empty").build()));
        assertEquals("c6921bfb6326f9591986bd45005de75494e571659050fe93a5d215b6d7e6004b",
                ProtocolHash.of(RpcService.builder("P").method(UnaryMethod.ofVoid("ping", RpcMethod.EMPTY_SCHEMA, NO_UNARY)).build()));
    }

    @Test
    void reflectionHashMatchesTheReference() {
        assertEquals("3c7db4cae8cdfc93dc4a76e73b8b759e18e45e6a5811adba4e520366344b919a",
                ProtocolHash.of(ReflectionService.create(List::of, () -> "id")));
    }

    @Test
    void canonicalJsonSortsKeysAndRefusesNumbers() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("b", List.of(true, "\u001f\b\f\r"));
        m.put("a", Map.of());
        assertEquals("{\"a\":{},\"b\":[true,\"\\u001f\\b\\f\\r\"]}", new String(ProtocolHash.canonicalJson(m), StandardCharsets.UTF_8));
        assertThrows(IllegalArgumentException.class, () -> ProtocolHash.canonicalJson(Map.of("n", 1)));
        assertThrows(IllegalArgumentException.class, () -> ProtocolHash.canonicalJson(List.of("\uD800")));
    }
}
