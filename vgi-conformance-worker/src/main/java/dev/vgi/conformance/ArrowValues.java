package dev.vgi.conformance;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;

/**
 * Moves plain Java values in and out of Arrow vectors, so records, headers and output rows can be
 * written as data rather than as vector plumbing. The value model: {@code String} (utf8),
 * {@code byte[]} (binary), {@code Long}, {@code Integer}, {@code Double}, {@code Float},
 * {@code Boolean}, {@code List} (list), {@code Map<String, ?>} (struct, by child name) and
 * insertion-ordered {@code Map} (map entries); {@code null} is null. Only the vector types the
 * conformance service writes are handled.
 */
final class ArrowValues {

    private ArrowValues() {
    }

    /** Writes {@code row} (column name to value) at {@code index} of every column of {@code root}. */
    static void writeRow(VectorSchemaRoot root, int index, Map<String, ?> row) {
        for (FieldVector v : root.getFieldVectors()) {
            write(v, index, row.get(v.getName()));
        }
    }

    /** Writes one value at {@code index}, growing the vector as needed. */
    static void write(FieldVector vector, int index, Object value) {
        if (value == null) {
            setNull(vector, index);
            return;
        }
        // MapVector is a ListVector: test it first
        if (vector instanceof MapVector map) {
            Map<?, ?> entries = (Map<?, ?>) value;
            int offset = map.startNewValue(index);
            StructVector struct = (StructVector) map.getDataVector();
            int i = offset;
            for (Map.Entry<?, ?> e : entries.entrySet()) {
                struct.setIndexDefined(i);
                write((FieldVector) struct.getChild(MapVector.KEY_NAME), i, e.getKey());
                write((FieldVector) struct.getChild(MapVector.VALUE_NAME), i, e.getValue());
                i++;
            }
            map.endValue(index, entries.size());
        } else if (vector instanceof ListVector list) {
            List<?> items = (List<?>) value;
            int offset = list.startNewValue(index);
            FieldVector data = list.getDataVector();
            for (int i = 0; i < items.size(); i++) {
                write(data, offset + i, items.get(i));
            }
            list.endValue(index, items.size());
        } else if (vector instanceof StructVector struct) {
            Map<?, ?> fields = (Map<?, ?>) value;
            struct.setIndexDefined(index);
            for (FieldVector child : struct.getChildrenFromFields()) {
                write(child, index, fields.get(child.getName()));
            }
        } else if (vector instanceof VarCharVector v) {
            v.setSafe(index, ((String) value).getBytes(StandardCharsets.UTF_8));
        } else if (vector instanceof VarBinaryVector v) {
            v.setSafe(index, (byte[]) value);
        } else if (vector instanceof BigIntVector v) {
            v.setSafe(index, ((Number) value).longValue());
        } else if (vector instanceof IntVector v) {
            v.setSafe(index, ((Number) value).intValue());
        } else if (vector instanceof Float8Vector v) {
            v.setSafe(index, ((Number) value).doubleValue());
        } else if (vector instanceof Float4Vector v) {
            v.setSafe(index, ((Number) value).floatValue());
        } else if (vector instanceof BitVector v) {
            v.setSafe(index, ((Boolean) value) ? 1 : 0);
        } else {
            throw new IllegalArgumentException("unsupported vector type " + vector.getField());
        }
    }

    private static void setNull(FieldVector vector, int index) {
        if (vector instanceof ListVector list) {
            // also covers MapVector; Arrow fills the offset hole when the next value is written
            list.setNull(index);
        } else if (vector instanceof StructVector struct) {
            struct.setNull(index);
        } else if (vector instanceof VarCharVector v) {
            v.setNull(index);
        } else if (vector instanceof VarBinaryVector v) {
            v.setNull(index);
        } else if (vector instanceof BaseFixedWidthVector v) {
            // fixed-width setNull does not grow the buffers
            while (index >= v.getValueCapacity()) {
                v.reAlloc();
            }
            v.setNull(index);
        } else {
            throw new IllegalArgumentException("cannot write null into " + vector.getField());
        }
    }

    /** Reads the value at {@code index} in the same value model {@link #write} accepts. */
    static Object read(FieldVector vector, int index) {
        if (vector.isNull(index)) {
            return null;
        }
        if (vector instanceof MapVector map) {
            StructVector struct = (StructVector) map.getDataVector();
            Map<Object, Object> out = new LinkedHashMap<>();
            int start = map.getElementStartIndex(index);
            int end = map.getElementEndIndex(index);
            for (int i = start; i < end; i++) {
                out.put(read((FieldVector) struct.getChild(MapVector.KEY_NAME), i),
                        read((FieldVector) struct.getChild(MapVector.VALUE_NAME), i));
            }
            return out;
        }
        if (vector instanceof ListVector list) {
            List<Object> out = new ArrayList<>();
            int start = list.getElementStartIndex(index);
            int end = list.getElementEndIndex(index);
            for (int i = start; i < end; i++) {
                out.add(read(list.getDataVector(), i));
            }
            return out;
        }
        if (vector instanceof StructVector struct) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (FieldVector child : struct.getChildrenFromFields()) {
                out.put(child.getName(), read(child, index));
            }
            return out;
        }
        if (vector instanceof VarCharVector v) {
            return new String(v.get(index), StandardCharsets.UTF_8);
        }
        if (vector instanceof VarBinaryVector v) {
            return v.get(index);
        }
        if (vector instanceof BigIntVector v) {
            return v.get(index);
        }
        if (vector instanceof IntVector v) {
            return v.get(index);
        }
        if (vector instanceof Float8Vector v) {
            return v.get(index);
        }
        if (vector instanceof Float4Vector v) {
            return v.get(index);
        }
        if (vector instanceof BitVector v) {
            return v.get(index) != 0;
        }
        throw new IllegalArgumentException("unsupported vector type " + vector.getField());
    }
}
