package dev.vgi.core.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.vgi.core.util.JsonParseException.Kind;

class JsonTest {

    @Test
    void scalars() {
        assertEquals(Boolean.TRUE, Json.parse("true"));
        assertEquals(Boolean.FALSE, Json.parse(" false "));
        assertNull(Json.parse("null"));
        assertEquals("", Json.parse("\"\""));
        assertEquals(0L, Json.parse("0"));
        assertEquals(0L, Json.parse("-0"));
        assertEquals(42L, Json.parse("\t\r\n42\n"));
        assertEquals(Long.MIN_VALUE, Json.parse("-9223372036854775808"));
        assertEquals(Long.MAX_VALUE, Json.parse("9223372036854775807"));
        assertEquals(new BigInteger("9223372036854775808"), Json.parse("9223372036854775808"));
        assertEquals(new BigInteger("-123456789012345678901234567890"), Json.parse("-123456789012345678901234567890"));
        assertEquals(1.5, Json.parse("1.5"));
        assertEquals(-1000.0, Json.parse("-1E3"));
        assertEquals(0.025, Json.parse("2.5e-2"));
        assertEquals(1.0, Json.parse("1.0"));
        assertEquals(Double.POSITIVE_INFINITY, Json.parse("1e400"));
    }

    @Test
    void strings() {
        assertEquals("a\"b\\c/d\b\f\n\r\t", Json.parse("\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\""));
        assertEquals("\u00e9\u20ac\uD83D\uDE00", Json.parse("\"\\u00e9\\u20AC\\ud83d\\ude00\""));
        assertEquals("\u00e9\uD83D\uDE00 raw", Json.parse("\"\u00e9\uD83D\uDE00 raw\""));
        assertEquals("\uD800", Json.parse("\"\\ud800\""), "a lone surrogate escape is accepted (RFC 8259 grammar)");
        assertEquals("\u007f", Json.parse("\"\u007f\""));
    }

    @Test
    void containers() {
        Object parsed = Json.parse("{ \"a\" : [1, {\"b\": null}, []], \"c\": {}, \"d\": \"x\" }");
        Map<?, ?> map = assertInstanceOf(Map.class, parsed);
        assertEquals(List.of("a", "c", "d"), new ArrayList<>(map.keySet()), "insertion order kept");
        List<?> a = assertInstanceOf(List.class, map.get("a"));
        assertEquals(1L, a.get(0));
        Map<String, Object> withNull = new LinkedHashMap<>();
        withNull.put("b", null);
        assertEquals(withNull, a.get(1));
        assertEquals(List.of(), a.get(2));
        assertEquals(Map.of(), map.get("c"));
        assertEquals(Arrays.asList(null, 1L), Json.parse("[null,1]"));
        assertThrows(UnsupportedOperationException.class, () -> ((Map<String, Object>) map).put("z", 1));
        assertThrows(UnsupportedOperationException.class, () -> ((List<Object>) a).add(1));
    }

    @Test
    void roundTripsWithTheWriter() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("s", "q\"\n\u0001\u00e9");
        value.put("n", 12L);
        value.put("d", 2.5);
        value.put("l", Arrays.asList(true, false, null, List.of()));
        value.put("m", Map.of("k", "v"));
        assertEquals(value, Json.parse(Json.write(value)));
        assertEquals(value, Json.parse(Json.writeCompact(value)));
    }

    @Test
    void syntaxErrors() {
        String[] bad = {"", " ", "[1,]", "{\"a\":1,}", "01", "-01", "1.", ".5", "+1", "-", "1e", "1e+", "NaN",
            "Infinity", "-Infinity", "'a'", "\"a", "\"\\x\"", "\"\t\"", "\"\n\"", "[1 2]", "{1:2}", "{\"a\" 1}",
            "{\"a\":}", "tru", "nul", "True", "1 2", "\uFEFF{}", "\"\\u12G4\"", "\"\\u12\"", "[", "{", "]", "}",
            "[1,,2]", "{\"a\":1 \"b\":2}", "\"\\", "/* c */ 1", "0x10", "\u00a01"};
        for (String text : bad) {
            JsonParseException e = assertThrows(JsonParseException.class, () -> Json.parse(text), () -> "'" + text + "'");
            assertEquals(Kind.SYNTAX, e.kind(), text);
        }
        JsonParseException at = assertThrows(JsonParseException.class, () -> Json.parse("[1, x]"));
        assertEquals(4, at.offset());
        assertTrue(at.getMessage().contains("offset 4"), at.getMessage());
        assertEquals(Kind.SYNTAX, assertThrows(JsonParseException.class, () -> Json.parse(null)).kind());
    }

    @Test
    void duplicateKeys() {
        JsonParseException e = assertThrows(JsonParseException.class, () -> Json.parse("{\"a\":1,\"b\":{\"a\":1,\"a\":2}}"));
        assertEquals(Kind.DUPLICATE_KEY, e.kind());
        assertTrue(e.getMessage().contains("\"a\""), e.getMessage());
    }

    @Test
    void depthLimit() {
        String ok = "[".repeat(64) + "]".repeat(64);
        Json.parse(ok);
        JsonParseException e = assertThrows(JsonParseException.class,
                () -> Json.parse("[".repeat(65) + "]".repeat(65)));
        assertEquals(Kind.TOO_DEEP, e.kind());
        String objects = "{\"a\":".repeat(65) + "1" + "}".repeat(65);
        assertEquals(Kind.TOO_DEEP, assertThrows(JsonParseException.class, () -> Json.parse(objects)).kind());
        Json.parse(objects, new Json.Limits(65, 1 << 20));
        // Deep input well past any stack limit fails on depth, not with a StackOverflowError.
        assertEquals(Kind.TOO_DEEP, assertThrows(JsonParseException.class,
                () -> Json.parse("[".repeat(100_000))).kind());
    }

    @Test
    void sizeLimitCountsUtf8Bytes() {
        int limit = 1 << 20;
        String fits = "\"" + "x".repeat(limit - 2) + "\"";
        assertEquals(limit - 2, ((String) Json.parse(fits)).length());
        JsonParseException e = assertThrows(JsonParseException.class, () -> Json.parse(fits + " "));
        assertEquals(Kind.TOO_LARGE, e.kind());
        // 2-byte characters: half as many characters reach the limit.
        String wide = "\"" + "\u00e9".repeat(limit / 2) + "\"";
        assertEquals(Kind.TOO_LARGE, assertThrows(JsonParseException.class, () -> Json.parse(wide)).kind());
        assertEquals(Kind.TOO_LARGE, assertThrows(JsonParseException.class,
                () -> Json.parse("[1,2]", new Json.Limits(64, 4))).kind());
        assertThrows(IllegalArgumentException.class, () -> new Json.Limits(0, 1));
    }
}
