package dev.vgi.core.protocol;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.arrow.memory.BufferAllocator;

/**
 * Builds one row of a {@link RecordType}, failing at the {@link #set} of a name the record does not
 * have, so a typo is caught where it is made rather than at encoding time. Everything else
 * (nullability, value types) is checked by {@link RecordWriter} when the row is encoded.
 */
public final class RecordBuilder {

    private final RecordType type;
    private final Map<String, Object> values = new LinkedHashMap<>();

    RecordBuilder(RecordType type) {
        this.type = type;
    }

    /**
     * Sets field {@code name} to {@code value} (in the {@link dev.vgi.core.arrow.ArrowValues} model).
     *
     * @throws IllegalArgumentException when the record has no such field
     */
    public RecordBuilder set(String name, Object value) {
        if (type.field(name) == null) {
            throw new IllegalArgumentException(type.name() + " has no field named '" + name + "'");
        }
        values.put(name, value);
        return this;
    }

    /** The row so far (unset fields are absent, which encodes as null). */
    public Map<String, Object> build() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** Encodes the row as a one-row IPC stream. */
    public byte[] encode(BufferAllocator allocator) {
        return RecordWriter.write(type, values, allocator);
    }
}
