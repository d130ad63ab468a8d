package dev.vgi.core.util;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.vgi.core.util.JsonParseException.Kind;

/** The recursive-descent reader behind {@link Json#parse(String, Json.Limits)}. */
final class JsonParser {

    private final String text;
    private final int maxDepth;
    private int pos;

    private JsonParser(String text, int maxDepth) {
        this.text = text;
        this.maxDepth = maxDepth;
    }

    static Object parse(String text, Json.Limits limits) {
        if (text == null) {
            throw new JsonParseException(Kind.SYNTAX, -1, "no JSON text (null)");
        }
        long bytes = utf8Length(text, limits.maxBytes());
        if (bytes > limits.maxBytes()) {
            throw new JsonParseException(Kind.TOO_LARGE, -1,
                    "JSON text exceeds " + limits.maxBytes() + " UTF-8 bytes");
        }
        JsonParser parser = new JsonParser(text, limits.maxDepth());
        parser.skipWhitespace();
        Object value = parser.value(0);
        parser.skipWhitespace();
        if (parser.pos != text.length()) {
            throw parser.syntax("unexpected content after the JSON value");
        }
        return value;
    }

    /** UTF-8 length of {@code s}, counting stops once it passes {@code cap}. */
    private static long utf8Length(String s, long cap) {
        long n = 0;
        for (int i = 0; i < s.length() && n <= cap; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    private JsonParseException syntax(String message) {
        return new JsonParseException(Kind.SYNTAX, pos, message);
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                pos++;
            } else {
                return;
            }
        }
    }

    private Object value(int depth) {
        if (pos >= text.length()) {
            throw syntax("unexpected end of JSON text");
        }
        char c = text.charAt(pos);
        switch (c) {
            case '{':
                return object(depth + 1);
            case '[':
                return array(depth + 1);
            case '"':
                return string();
            case 't':
                literal("true");
                return Boolean.TRUE;
            case 'f':
                literal("false");
                return Boolean.FALSE;
            case 'n':
                literal("null");
                return null;
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw syntax("unexpected character " + describe(c));
        }
    }

    private static String describe(char c) {
        return c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }

    private void literal(String word) {
        if (!text.startsWith(word, pos)) {
            throw syntax("invalid literal (expected " + word + ")");
        }
        pos += word.length();
    }

    private void enter(int depth) {
        if (depth > maxDepth) {
            throw new JsonParseException(Kind.TOO_DEEP, pos, "JSON nesting exceeds depth " + maxDepth);
        }
    }

    private Map<String, Object> object(int depth) {
        enter(depth);
        pos++; // '{'
        Map<String, Object> map = new LinkedHashMap<>();
        skipWhitespace();
        if (pos < text.length() && text.charAt(pos) == '}') {
            pos++;
            return Collections.unmodifiableMap(map);
        }
        while (true) {
            skipWhitespace();
            if (pos >= text.length() || text.charAt(pos) != '"') {
                throw syntax("expected a string key");
            }
            int keyAt = pos;
            String key = string();
            skipWhitespace();
            if (pos >= text.length() || text.charAt(pos) != ':') {
                throw syntax("expected ':' after an object key");
            }
            pos++;
            skipWhitespace();
            Object value = value(depth);
            if (map.containsKey(key)) {
                throw new JsonParseException(Kind.DUPLICATE_KEY, keyAt, "duplicate object key \"" + key + "\"");
            }
            map.put(key, value);
            skipWhitespace();
            if (pos >= text.length()) {
                throw syntax("unterminated object");
            }
            char c = text.charAt(pos++);
            if (c == '}') {
                return Collections.unmodifiableMap(map);
            }
            if (c != ',') {
                pos--;
                throw syntax("expected ',' or '}' in an object");
            }
        }
    }

    private List<Object> array(int depth) {
        enter(depth);
        pos++; // '['
        List<Object> list = new ArrayList<>();
        skipWhitespace();
        if (pos < text.length() && text.charAt(pos) == ']') {
            pos++;
            return Collections.unmodifiableList(list);
        }
        while (true) {
            skipWhitespace();
            list.add(value(depth));
            skipWhitespace();
            if (pos >= text.length()) {
                throw syntax("unterminated array");
            }
            char c = text.charAt(pos++);
            if (c == ']') {
                return Collections.unmodifiableList(list);
            }
            if (c != ',') {
                pos--;
                throw syntax("expected ',' or ']' in an array");
            }
        }
    }

    private String string() {
        pos++; // opening quote
        int start = pos;
        // Fast path: no escapes.
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '"') {
                return text.substring(start, pos++);
            }
            if (c == '\\') {
                break;
            }
            if (c < 0x20) {
                throw syntax("unescaped control character " + describe(c) + " in a string");
            }
            pos++;
        }
        StringBuilder sb = new StringBuilder(pos - start + 16).append(text, start, pos);
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '"') {
                pos++;
                return sb.toString();
            }
            if (c < 0x20) {
                throw syntax("unescaped control character " + describe(c) + " in a string");
            }
            if (c != '\\') {
                sb.append(c);
                pos++;
                continue;
            }
            if (pos + 1 >= text.length()) {
                break;
            }
            char e = text.charAt(pos + 1);
            switch (e) {
                case '"' -> sb.append('"');
                case '\\' -> sb.append('\\');
                case '/' -> sb.append('/');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    if (pos + 6 > text.length()) {
                        throw syntax("truncated \\u escape");
                    }
                    int code = 0;
                    for (int i = pos + 2; i < pos + 6; i++) {
                        int d = hex(text.charAt(i));
                        if (d < 0) {
                            throw syntax("invalid \\u escape");
                        }
                        code = code * 16 + d;
                    }
                    sb.append((char) code);
                    pos += 4;
                }
                default -> throw syntax("invalid escape \\" + describe(e));
            }
            pos += 2;
        }
        throw syntax("unterminated string");
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private Number number() {
        int start = pos;
        if (text.charAt(pos) == '-') {
            pos++;
        }
        if (pos >= text.length()) {
            throw syntax("truncated number");
        }
        char c = text.charAt(pos);
        if (c == '0') {
            pos++;
        } else if (c >= '1' && c <= '9') {
            digits();
        } else {
            throw syntax("invalid number");
        }
        boolean integral = true;
        if (pos < text.length() && text.charAt(pos) == '.') {
            integral = false;
            pos++;
            if (!digits()) {
                throw syntax("a fraction needs digits");
            }
        }
        if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            integral = false;
            pos++;
            if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
                pos++;
            }
            if (!digits()) {
                throw syntax("an exponent needs digits");
            }
        }
        String token = text.substring(start, pos);
        if (!integral) {
            return Double.parseDouble(token);
        }
        if (token.length() <= 18) {
            return Long.parseLong(token);
        }
        BigInteger big = new BigInteger(token);
        return big.bitLength() < 64 ? (Number) big.longValue() : big;
    }

    private boolean digits() {
        int start = pos;
        while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
            pos++;
        }
        return pos > start;
    }
}
