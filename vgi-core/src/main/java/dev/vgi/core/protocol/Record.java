package dev.vgi.core.protocol;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.arrow.vector.types.pojo.Schema;

import dev.vgi.core.arrow.SchemaMessages;
import dev.vgi.core.rpc.RpcException;

/**
 * One decoded record row, read by field name.
 *
 * <p>Reading is lenient, because peers of other versions send other shapes: a field the sender did
 * not include reads as null, fields this SDK does not know are kept but ignored, a null in a field
 * the schema declares non-nullable is returned as null (the {@code require…} accessors are where a
 * caller insists), and the typed accessors accept every encoding the protocol allows for a value
 * ({@code int32} or {@code int64} integers, dictionary-encoded or plain strings, a
 * {@code dict<int32, binary>} or plain {@code binary}), since dictionaries are decoded on reading.
 *
 * <p>Values follow the {@link dev.vgi.core.arrow.ArrowValues} model. A value of the wrong kind is an
 * {@link RpcException} of type {@code TypeError}; a missing required value one of type
 * {@code ValueError}, which the vgi-rpc runtime reports to the client as such.
 */
public final class Record {

    private final String name;
    private final Schema schema;
    private final Map<String, Object> values;

    Record(String name, Schema schema, Map<String, Object> values) {
        this.name = name;
        this.schema = schema;
        this.values = Collections.unmodifiableMap(values);
    }

    /** The record's name, for messages ({@code "record"} when read without a {@link RecordType}). */
    public String recordName() {
        return name;
    }

    /** The schema as received (dictionary fields carry their value type); for a struct, the struct's children. */
    public Schema schema() {
        return schema;
    }

    /** The names of the fields received, in wire order. */
    public Set<String> names() {
        return values.keySet();
    }

    /** Every received value by field name, in wire order. */
    public Map<String, Object> asMap() {
        return values;
    }

    /** Whether the sender included field {@code field} (whatever its value). */
    public boolean has(String field) {
        return values.containsKey(field);
    }

    /** Whether {@code field} is absent or null. */
    public boolean isNull(String field) {
        return values.get(field) == null;
    }

    /** The raw value of {@code field}, or {@code null} when absent or null. */
    public Object get(String field) {
        return values.get(field);
    }

    /** A string field; {@code null} when absent or null. */
    public String getString(String field) {
        Object v = values.get(field);
        if (v == null || v instanceof String) {
            return (String) v;
        }
        throw wrongType(field, v, "a string");
    }

    /** A binary field (plain or dictionary-encoded); {@code null} when absent or null. */
    public byte[] getBytes(String field) {
        Object v = values.get(field);
        if (v == null || v instanceof byte[]) {
            return (byte[]) v;
        }
        throw wrongType(field, v, "binary");
    }

    /** An integer field of any width; {@code null} when absent or null. */
    public Long getLong(String field) {
        Object v = values.get(field);
        if (v == null) {
            return null;
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        throw wrongType(field, v, "an integer");
    }

    /** An integer field as an {@code int}; {@code null} when absent or null. */
    public Integer getInt(String field) {
        Long v = getLong(field);
        if (v == null) {
            return null;
        }
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw RpcException.valueError(name + "." + field + " = " + v + " does not fit a 32-bit integer");
        }
        return v.intValue();
    }

    /** A floating-point (or integer) field as a {@code double}; {@code null} when absent or null. */
    public Double getDouble(String field) {
        Object v = values.get(field);
        if (v == null) {
            return null;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw wrongType(field, v, "a number");
    }

    /** A boolean field; {@code null} when absent or null. */
    public Boolean getBoolean(String field) {
        Object v = values.get(field);
        if (v == null || v instanceof Boolean) {
            return (Boolean) v;
        }
        throw wrongType(field, v, "a boolean");
    }

    /** A boolean field, or {@code fallback} when absent or null. */
    public boolean getBoolean(String field, boolean fallback) {
        Boolean v = getBoolean(field);
        return v == null ? fallback : v;
    }

    /** A list field as is; {@code null} when absent or null. */
    public List<Object> getList(String field) {
        Object v = values.get(field);
        if (v == null) {
            return null;
        }
        if (v instanceof List<?> list) {
            return Collections.unmodifiableList(new ArrayList<>(list));
        }
        throw wrongType(field, v, "a list");
    }

    /** A {@code list<utf8>} field (items may be null); {@code null} when absent or null. */
    public List<String> getStringList(String field) {
        List<Object> list = getList(field);
        if (list == null) {
            return null;
        }
        List<String> out = new ArrayList<>(list.size());
        for (Object item : list) {
            if (item != null && !(item instanceof String)) {
                throw wrongType(field, item, "a list of strings");
            }
            out.add((String) item);
        }
        return Collections.unmodifiableList(out);
    }

    /** A list of integers of any width ({@code list<int32>} or {@code list<int64>}); {@code null} when absent or null. */
    public List<Long> getLongList(String field) {
        List<Object> list = getList(field);
        if (list == null) {
            return null;
        }
        List<Long> out = new ArrayList<>(list.size());
        for (Object item : list) {
            if (item == null) {
                out.add(null);
            } else if (item instanceof Long || item instanceof Integer || item instanceof Short || item instanceof Byte) {
                out.add(((Number) item).longValue());
            } else {
                throw wrongType(field, item, "a list of integers");
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** A {@code list<binary>} field (items may be null); {@code null} when absent or null. */
    public List<byte[]> getBytesList(String field) {
        List<Object> list = getList(field);
        if (list == null) {
            return null;
        }
        List<byte[]> out = new ArrayList<>(list.size());
        for (Object item : list) {
            if (item != null && !(item instanceof byte[])) {
                throw wrongType(field, item, "a list of binary values");
            }
            out.add((byte[]) item);
        }
        return Collections.unmodifiableList(out);
    }

    /** A map field in wire order; {@code null} when absent or null. */
    public Map<Object, Object> getMap(String field) {
        Object v = values.get(field);
        if (v == null) {
            return null;
        }
        if (v instanceof Map<?, ?> map) {
            return Collections.unmodifiableMap(new LinkedHashMap<>(map));
        }
        throw wrongType(field, v, "a map");
    }

    /** A {@code map<utf8, utf8>} field in wire order; {@code null} when absent or null. */
    public Map<String, String> getStringMap(String field) {
        Map<Object, Object> map = getMap(field);
        if (map == null) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<Object, Object> e : map.entrySet()) {
            if (!(e.getKey() instanceof String) || (e.getValue() != null && !(e.getValue() instanceof String))) {
                throw wrongType(field, e.getValue(), "a map of strings to strings");
            }
            out.put((String) e.getKey(), (String) e.getValue());
        }
        return Collections.unmodifiableMap(out);
    }

    /** A struct field as a nested record; {@code null} when absent or null. */
    public Record getStruct(String field) {
        Object v = values.get(field);
        if (v == null) {
            return null;
        }
        if (v instanceof Map<?, ?> map) {
            Map<String, Object> copy = stringKeys(map);
            Schema children = null;
            for (var f : schema.getFields()) {
                if (f.getName().equals(field)) {
                    children = new Schema(f.getChildren());
                }
            }
            return new Record(name + "." + field, children == null ? new Schema(List.of()) : children, copy);
        }
        throw wrongType(field, v, "a struct");
    }

    /** A {@code list<struct>} field as nested records (null items stay null); {@code null} when absent or null. */
    public List<Record> getStructList(String field) {
        List<Object> list = getList(field);
        if (list == null) {
            return null;
        }
        Schema children = new Schema(List.of());
        for (var f : schema.getFields()) {
            if (f.getName().equals(field) && f.getChildren().size() == 1) {
                children = new Schema(f.getChildren().get(0).getChildren());
            }
        }
        List<Record> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            Object item = list.get(i);
            if (item != null && !(item instanceof Map<?, ?>)) {
                throw wrongType(field, item, "a list of structs");
            }
            out.add(item == null ? null : new Record(name + "." + field + "[" + i + "]", children, stringKeys((Map<?, ?>) item)));
        }
        return Collections.unmodifiableList(out);
    }

    private static Map<String, Object> stringKeys(Map<?, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, x) -> copy.put(String.valueOf(k), x));
        return copy;
    }

    /**
     * A binary field holding a schema message ({@code output_schema}, {@code input_schema}, …),
     * parsed; {@code null} when absent, null or empty.
     *
     * @throws RpcException {@code ValueError} when the bytes are not a schema message
     */
    public Schema getSchema(String field) {
        byte[] bytes = getBytes(field);
        try {
            return SchemaMessages.parse(bytes);
        } catch (IllegalArgumentException e) {
            throw RpcException.valueError(name + "." + field + " is " + e.getMessage());
        }
    }

    /** A string field that must be present and non-null. */
    public String requireString(String field) {
        return require(field, getString(field));
    }

    /** A binary field that must be present and non-null. */
    public byte[] requireBytes(String field) {
        return require(field, getBytes(field));
    }

    /** An integer field that must be present and non-null. */
    public long requireLong(String field) {
        return require(field, getLong(field));
    }

    /** A schema-message field that must be present and non-null. */
    public Schema requireSchema(String field) {
        return require(field, getSchema(field));
    }

    private <T> T require(String field, T value) {
        if (value == null) {
            throw RpcException.valueError(name + "." + field + (has(field) ? " is null" : " is missing"));
        }
        return value;
    }

    private RpcException wrongType(String field, Object value, String expected) {
        String actual = value instanceof byte[] b ? "binary (" + b.length + " bytes)" : value.getClass().getSimpleName();
        return RpcException.typeError(name + "." + field + " must be " + expected + ", got " + actual);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name).append('{');
        boolean first = true;
        for (Map.Entry<String, Object> e : values.entrySet()) {
            if (!first) {
                sb.append(", ");
            }
            first = false;
            Object v = e.getValue();
            sb.append(e.getKey()).append('=').append(v instanceof byte[] b ? "<" + b.length + " bytes>" : v);
        }
        return sb.append('}').toString();
    }
}
