package dev.vgi.conformance;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.vgi.core.arrow.ArrowValues;
import dev.vgi.core.rpc.StreamSetup;

/**
 * The {@code RichHeader} a stream sends for a given {@code seed}. Every field is a fixed function of
 * the seed, and clients check each one against their own computation, so the arithmetic mirrors
 * Python's: {@code %} is floor modulo (non-negative for a positive divisor) and
 * {@code annotated_float32} is {@code seed / 3.0} narrowed to float32.
 */
public final class RichHeaders {

    private RichHeaders() {
    }

    /** The header row for {@code seed}, keyed by {@link ConformanceRecords#RICH_HEADER} field name. */
    public static Map<String, Object> values(long seed) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("str_field", "seed-" + seed);
        row.put("bytes_field", new byte[] {
                (byte) Math.floorMod(seed, 256), (byte) Math.floorMod(seed + 1, 256), (byte) Math.floorMod(seed + 2, 256)});
        row.put("int_field", seed * 7);
        row.put("float_field", seed * 1.5);
        row.put("bool_field", Math.floorMod(seed, 2) == 0);
        row.put("list_of_int", List.of(seed, seed + 1, seed + 2));
        row.put("list_of_str", List.of("item-" + seed, "item-" + (seed + 1)));
        row.put("dict_field", ordered("a", seed, "b", seed + 1));
        row.put("enum_field", ConformanceRecords.STATUS_MEMBERS.get((int) Math.floorMod(seed, 3)));
        row.put("nested_point", point(seed, seed * 2.0));
        row.put("optional_str", Math.floorMod(seed, 2) == 0 ? "opt-" + seed : null);
        row.put("optional_int", Math.floorMod(seed, 2) == 1 ? seed * 3 : null);
        row.put("optional_nested", Math.floorMod(seed, 3) == 0 ? point(seed, 0.0) : null);
        row.put("list_of_nested", List.of(point(seed, seed + 1.0)));
        row.put("nested_list", List.of(List.of(seed, seed + 1), List.of(seed + 2)));
        row.put("annotated_int32", (int) Math.floorMod(seed, 1000));
        row.put("annotated_float32", (float) (seed / 3.0));
        row.put("dict_str_str", ordered("key", "val-" + seed));
        return row;
    }

    /** A header writer filling row 0 with {@link #values(long)}. */
    public static StreamSetup.HeaderWriter writer(long seed) {
        Map<String, Object> row = values(seed);
        return header -> ArrowValues.writeRow(header, 0, row);
    }

    /** A {@code Point} value in the struct form {@link ArrowValues} writes. */
    static Map<String, Object> point(double x, double y) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("x", x);
        p.put("y", y);
        return p;
    }

    private static Map<Object, Object> ordered(Object... keyValues) {
        // maps keep entry order on the wire, and the reference's dicts are insertion-ordered
        Map<Object, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return m;
    }
}
