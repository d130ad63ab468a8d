package dev.vgi.core.protocol;

import java.util.Map;
import java.util.Objects;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * One VGI protocol record: its reference name (the vgi-python class name, e.g. {@code FunctionInfo})
 * and its exact Arrow schema. The name is kept so error messages and the reference comparison test
 * speak of the same record the other SDKs do.
 *
 * @param name the record's name in the reference implementation
 * @param schema the record's Arrow schema; dictionary-encoded fields are in the values form
 *     (see {@link dev.vgi.core.arrow.ArrowFields#dictionary})
 */
public record RecordType(String name, Schema schema) {

    /** Checks both parts are present. */
    public RecordType {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(schema, "schema");
    }

    /** The field called {@code fieldName}, or {@code null} when the record has none. */
    public Field field(String fieldName) {
        for (Field f : schema.getFields()) {
            if (f.getName().equals(fieldName)) {
                return f;
            }
        }
        return null;
    }

    /** A builder for one row of this record, checking field names as they are set. */
    public RecordBuilder builder() {
        return new RecordBuilder(this);
    }

    /** Encodes one row of this record as a complete IPC stream ({@link RecordWriter#write(RecordType, Map, BufferAllocator)}). */
    public byte[] encode(Map<String, ?> row, BufferAllocator allocator) {
        return RecordWriter.write(this, row, allocator);
    }

    /** Decodes a one-row IPC stream leniently ({@link RecordReader#read(RecordType, byte[], BufferAllocator)}). */
    public Record decode(byte[] ipc, BufferAllocator allocator) {
        return RecordReader.read(this, ipc, allocator);
    }

    @Override
    public String toString() {
        return name + schema.getFields();
    }
}
