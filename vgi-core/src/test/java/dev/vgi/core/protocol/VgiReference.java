package dev.vgi.core.protocol;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The facts {@code src/test/python/vgi_reference_*.py} dumped from the installed vgi-python: record
 * and method schemas as canonical type tokens, protocol hashes, and sample records the reference
 * encoded.
 */
final class VgiReference {

    /** One field token: {@code name}, {@code nullable}, {@code type}, as in the protocol-hash preimage. */
    record FieldToken(String name, boolean nullable, String type) {
        Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", name);
            m.put("nullable", nullable);
            m.put("type", type);
            return m;
        }
    }

    /** One method of the reference protocol. */
    record Method(String name, boolean stream, boolean hasReturn, Map<String, List<FieldToken>> schemas) {
    }

    final Map<String, String> protocol = new LinkedHashMap<>();
    final Map<String, List<FieldToken>> records = new LinkedHashMap<>();
    final Map<String, Method> methods = new LinkedHashMap<>();

    private VgiReference() {
    }

    static VgiReference load() {
        VgiReference ref = new VgiReference();
        List<FieldToken> current = null;
        Method method = null;
        for (String line : lines("vgi-reference-schemas.tsv")) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] p = line.split("\t", -1);
            switch (p[0]) {
                case "protocol" -> ref.protocol.put(p[1], p[2]);
                case "record" -> {
                    current = new ArrayList<>();
                    ref.records.put(p[1], current);
                    method = null;
                }
                case "method" -> {
                    method = new Method(p[1], p[2].equals("stream"), Boolean.parseBoolean(p[3]), new LinkedHashMap<>());
                    ref.methods.put(p[1], method);
                }
                case "schema" -> {
                    current = new ArrayList<>();
                    method.schemas().put(p[1], current);
                }
                case "field" -> current.add(new FieldToken(p[1], Boolean.parseBoolean(p[2]), p[3]));
                default -> throw new IllegalStateException("unexpected line: " + line);
            }
        }
        return ref;
    }

    /** The sample records the reference encoded, by sample name. */
    static Map<String, byte[]> samples() {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (String line : lines("vgi-reference-records.tsv")) {
            String[] p = line.split("\t", -1);
            out.put(p[0], Base64.getDecoder().decode(p[1]));
        }
        return out;
    }

    private static List<String> lines(String resource) {
        try (InputStream in = VgiReference.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            return r.lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
