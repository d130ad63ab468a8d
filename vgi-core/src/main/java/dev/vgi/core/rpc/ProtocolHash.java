package dev.vgi.core.rpc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.arrow.vector.types.pojo.Schema;

import dev.vgi.core.util.CodePoints;
import dev.vgi.core.util.Json;

/**
 * The protocol hash: a fingerprint of a protocol's wire surface that every vgi-rpc port computes
 * identically for the same protocol.
 *
 * <pre>
 *   sha256("vgi_rpc.protocol_hash.v1|" + canonicalJson(description))
 * </pre>
 *
 * <p>The description is {@code {"protocol": name, "methods": [...]}} with the methods sorted by name
 * and, per method, {@code name}, {@code type} ({@code unary}/{@code stream}), {@code has_return},
 * {@code has_header}, {@code params}, and {@code result} / {@code header} only when present (a void
 * method and a method returning an empty struct must not hash alike). Each schema is a list of
 * {@link ArrowTypeTokens#fieldToken field tokens} in declaration order.
 *
 * <p>Deliberately left out: server identity, protocol version, whether a stream is an exchange
 * (not every port can state it ahead of a call) and anything else that varies between builds or
 * ports without changing the bytes on the wire.
 *
 * <p>The JSON profile is RFC 8785 (JCS). The description holds only objects, arrays, strings and
 * booleans, so JCS's number canonicalisation never applies; {@link #canonicalJson} rejects numbers
 * to keep it that way.
 */
public final class ProtocolHash {

    /** Domain separator; changes only when the hash definition changes. */
    public static final String DOMAIN = "vgi_rpc.protocol_hash.v1|";

    private ProtocolHash() {
    }

    /** The lower-case hex SHA-256 fingerprint of {@code service}. */
    public static String of(RpcService service) {
        byte[] preimage = canonicalJson(description(service));
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(DOMAIN.getBytes(StandardCharsets.UTF_8));
            sha.update(preimage);
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    /** The methods of {@code service} in the order the hash and reflection list them. */
    public static List<RpcMethod> sortedMethods(RpcService service) {
        List<RpcMethod> methods = new ArrayList<>(service.methods());
        methods.sort(Comparator.comparing(RpcMethod::name, CodePoints.ORDER));
        return methods;
    }

    /**
     * The hash preimage of {@code service} before JSON encoding: maps, lists, strings and booleans.
     *
     * @throws ArrowTypeTokens.UnsupportedTypeException when a schema uses a type with no canonical token
     */
    public static Map<String, Object> description(RpcService service) {
        List<Object> methods = new ArrayList<>();
        for (RpcMethod m : sortedMethods(service)) {
            boolean hasReturn = m instanceof UnaryMethod u && !u.isVoid();
            Schema header = m instanceof StreamMethod s ? s.headerSchema() : null;
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", m.name());
            entry.put("type", m.isStream() ? "stream" : "unary");
            entry.put("has_return", hasReturn);
            entry.put("has_header", header != null);
            entry.put("params", ArrowTypeTokens.schemaTokens(m.paramsSchema()));
            if (hasReturn) {
                entry.put("result", ArrowTypeTokens.schemaTokens(((UnaryMethod) m).resultSchema()));
            }
            if (header != null) {
                entry.put("header", ArrowTypeTokens.schemaTokens(header));
            }
            methods.add(entry);
        }
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("protocol", service.protocolName());
        description.put("methods", methods);
        return description;
    }

    /**
     * Encodes {@code value} as RFC 8785 canonical JSON in UTF-8: object members sorted by key (UTF-16
     * code units), no insignificant whitespace, only the mandatory escapes.
     *
     * @param value a {@link Map} with string keys, {@link List}, {@link String} or {@link Boolean}, nested
     * @throws IllegalArgumentException for numbers, nulls, other types and unpaired surrogates
     */
    public static byte[] canonicalJson(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value);
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void write(StringBuilder sb, Object value) {
        if (value instanceof String s) {
            string(sb, s);
        } else if (value instanceof Boolean b) {
            sb.append(b ? "true" : "false");
        } else if (value instanceof Map<?, ?> map) {
            List<String> keys = new ArrayList<>(map.size());
            for (Object k : map.keySet()) {
                if (!(k instanceof String key)) {
                    throw new IllegalArgumentException("object keys must be strings, found " + k);
                }
                keys.add(key);
            }
            // String.compareTo compares UTF-16 code units, which is exactly JCS's member order.
            keys.sort(null);
            sb.append('{');
            for (int i = 0; i < keys.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                string(sb, keys.get(i));
                sb.append(':');
                write(sb, map.get(keys.get(i)));
            }
            sb.append('}');
        } else if (value instanceof List<?> list) {
            sb.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                write(sb, list.get(i));
            }
            sb.append(']');
        } else if (value instanceof Number) {
            // Numbers are kept out of the preimage so no port has to implement JCS number
            // formatting; a number here means a type parameter escaped its token.
            throw new IllegalArgumentException("the protocol-hash preimage carries no numbers, found " + value);
        } else {
            throw new IllegalArgumentException("unsupported value in the protocol-hash preimage: " + value);
        }
    }

    private static void string(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                // An unpaired surrogate has no UTF-8 encoding; substituting one would hash a name no
                // other port can produce.
                throw new IllegalArgumentException("unpaired surrogate in the protocol-hash preimage");
            }
        }
        // Json.quote escapes as JCS does: the two-character forms, else lower-case hex for other controls.
        Json.quote(sb, s);
    }
}
