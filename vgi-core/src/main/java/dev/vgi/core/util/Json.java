package dev.vgi.core.util;

import java.util.Collection;
import java.util.Map;

/**
 * A small JSON writer for the few JSON documents the wire needs (log extras, error details, health,
 * access log). Values may be strings, numbers, booleans, {@code null}, maps and collections.
 *
 * <p>{@link #parse(String)} is the matching strict RFC 8259 reader (see {@link JsonParseException}
 * for its typed failures): objects become unmodifiable insertion-ordered {@code Map<String, Object>},
 * arrays unmodifiable {@code List<Object>}, strings {@code String}, {@code true}/{@code false}
 * {@code Boolean}, {@code null} Java {@code null}; a number without fraction or exponent becomes a
 * {@code Long}, or a {@code BigInteger} beyond the {@code long} range, any other number a
 * {@code Double}.
 */
public final class Json {

    private Json() {
    }

    /**
     * Limits a parse enforces, each reported as its own {@link JsonParseException.Kind}.
     *
     * @param maxDepth the deepest nesting of arrays and objects accepted (a scalar document has
     *     depth 0, {@code []} depth 1)
     * @param maxBytes the largest document accepted, counted in UTF-8 bytes
     */
    public record Limits(int maxDepth, long maxBytes) {

        /** Depth 64 and 1 MiB: the reference limits of VGI filter documents. */
        public static final Limits DEFAULT = new Limits(64, 1 << 20);

        /** Checks the limits are positive. */
        public Limits {
            if (maxDepth < 1 || maxBytes < 1) {
                throw new IllegalArgumentException("JSON limits must be positive");
            }
        }
    }

    /**
     * Parses one JSON text (RFC 8259) under {@link Limits#DEFAULT}.
     *
     * @throws JsonParseException when the text is not JSON, holds a duplicate object key, or
     *     exceeds a limit
     */
    public static Object parse(String text) {
        return parse(text, Limits.DEFAULT);
    }

    /**
     * Parses one JSON text (RFC 8259) under {@code limits}. Duplicate object keys are rejected
     * (RFC 8259 leaves their meaning open); a leading byte-order mark is not accepted.
     *
     * @throws JsonParseException when the text is not JSON, holds a duplicate object key, or
     *     exceeds a limit
     */
    public static Object parse(String text, Limits limits) {
        return JsonParser.parse(text, limits);
    }

    /** Serialises {@code value} compactly. */
    public static String write(Object value) {
        StringBuilder sb = new StringBuilder(64);
        append(sb, value, ", ", ": ");
        return sb.toString();
    }

    /** Serialises {@code value} with no spaces after separators. */
    public static String writeCompact(Object value) {
        StringBuilder sb = new StringBuilder(64);
        append(sb, value, ",", ":");
        return sb.toString();
    }

    private static void append(StringBuilder sb, Object value, String comma, String colon) {
        if (value == null) {
            sb.append("null");
        } else if (value instanceof CharSequence s) {
            quote(sb, s);
        } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long
                || value instanceof Short || value instanceof Byte) {
            sb.append(value);
        } else if (value instanceof Number n) {
            double d = n.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                sb.append("null");
            } else {
                sb.append(n);
            }
        } else if (value instanceof Map<?, ?> m) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) {
                    sb.append(comma);
                }
                first = false;
                quote(sb, String.valueOf(e.getKey()));
                sb.append(colon);
                append(sb, e.getValue(), comma, colon);
            }
            sb.append('}');
        } else if (value instanceof Collection<?> c) {
            sb.append('[');
            boolean first = true;
            for (Object o : c) {
                if (!first) {
                    sb.append(comma);
                }
                first = false;
                append(sb, o, comma, colon);
            }
            sb.append(']');
        } else {
            quote(sb, value.toString());
        }
    }

    /** Appends {@code s} as a JSON string literal. */
    public static void quote(StringBuilder sb, CharSequence s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
