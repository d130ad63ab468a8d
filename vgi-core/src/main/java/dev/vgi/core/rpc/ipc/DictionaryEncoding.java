package dev.vgi.core.rpc.ipc;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.message.ArrowFieldNode;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Writes batches whose schema declares dictionary-encoded fields while the vectors hold the plain
 * values (the "values form": a {@code VarCharVector} or {@code VarBinaryVector} whose field carries a
 * dictionary encoding). Users fill enum-like columns with strings (and binary-valued dictionaries,
 * such as VGI's {@code dict<int32, binary>} schema columns, with bytes); this class builds each
 * batch's dictionaries and index buffers at write time, for top-level and nested fields alike.
 */
final class DictionaryEncoding {

    private DictionaryEncoding() {
    }

    /** Whether {@code schema} has a dictionary-encoded field anywhere. */
    static boolean declaresDictionaries(Schema schema) {
        for (Field f : schema.getFields()) {
            if (declares(f)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code f} or any of its children is dictionary-encoded. */
    static boolean declares(Field f) {
        if (f.getDictionary() != null) {
            return true;
        }
        for (Field c : f.getChildren()) {
            if (declares(c)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the dictionary fields of {@code schema} hold values (message format) rather than indices. */
    static boolean isValuesForm(Schema schema) {
        for (Field f : schema.getFields()) {
            Boolean v = valuesForm(f);
            if (v != null) {
                return v;
            }
        }
        return false;
    }

    private static Boolean valuesForm(Field f) {
        if (f.getDictionary() != null) {
            return !(f.getType() instanceof ArrowType.Int);
        }
        for (Field c : f.getChildren()) {
            Boolean v = valuesForm(c);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    /** Distinct values per dictionary id, in first-seen order. */
    static final class Values {
        final Map<Long, LinkedHashMap<ByteBuffer, Integer>> byId = new LinkedHashMap<>();

        LinkedHashMap<ByteBuffer, Integer> of(long id) {
            return byId.computeIfAbsent(id, k -> new LinkedHashMap<>());
        }
    }

    /** Registers every dictionary id of {@code schema} (so empty dictionaries can be written). */
    static Values empty(Schema schema) {
        Values v = new Values();
        List<Field> pending = new ArrayList<>(schema.getFields());
        while (!pending.isEmpty()) {
            Field f = pending.remove(0);
            if (f.getDictionary() != null) {
                v.of(f.getDictionary().getId());
            }
            pending.addAll(f.getChildren());
        }
        return v;
    }

    /** Collects the distinct values of every dictionary field of {@code root}. */
    static Values collect(VectorSchemaRoot root) {
        Values values = empty(root.getSchema());
        for (FieldVector v : root.getFieldVectors()) {
            collect(v, values);
        }
        return values;
    }

    private static void collect(FieldVector v, Values values) {
        Field f = v.getField();
        if (f.getDictionary() != null) {
            BaseVariableWidthVector strings = requireStrings(v);
            LinkedHashMap<ByteBuffer, Integer> map = values.of(f.getDictionary().getId());
            for (int i = 0; i < strings.getValueCount(); i++) {
                if (!strings.isNull(i)) {
                    map.putIfAbsent(ByteBuffer.wrap(strings.get(i)), map.size());
                }
            }
            return;
        }
        for (FieldVector c : v.getChildrenFromFields()) {
            collect(c, values);
        }
    }

    private static BaseVariableWidthVector requireStrings(FieldVector v) {
        if (!(v instanceof BaseVariableWidthVector s)) {
            throw new IllegalArgumentException("dictionary-encoded field '" + v.getName()
                    + "' must be filled with string or binary values, got " + v.getClass().getSimpleName());
        }
        return s;
    }

    /**
     * The dictionary vector for {@code id}, filled with its values; the caller closes it. Its type is
     * the declared value type ({@code utf8} for enums, {@code binary} for e.g. {@code dict<int32, binary>}
     * schema columns), since the dictionary batch is read back against that type.
     */
    static FieldVector dictionary(Values values, long id, Field valueField, BufferAllocator allocator) {
        ArrowType type = valueField.getType();
        BaseVariableWidthVector dict;
        if (type instanceof ArrowType.Utf8) {
            dict = new VarCharVector("dictionary", allocator);
        } else if (type instanceof ArrowType.Binary) {
            dict = new VarBinaryVector("dictionary", allocator);
        } else {
            throw new IllegalArgumentException("dictionary-encoded field '" + valueField.getName()
                    + "' must have utf8 or binary values, has " + type);
        }
        LinkedHashMap<ByteBuffer, Integer> map = values.of(id);
        dict.allocateNew(Math.max(1, map.size()));
        int i = 0;
        for (ByteBuffer b : map.keySet()) {
            dict.setSafe(i++, b.array());
        }
        dict.setValueCount(map.size());
        return dict;
    }

    /**
     * Unloads {@code root} into a record batch, replacing each values-form dictionary column by int
     * indices into {@code values}. The index buffers are owned by the returned batch's caller through
     * {@code owned}, released after the batch is written.
     */
    static ArrowRecordBatch unload(VectorSchemaRoot root, Values values, BufferAllocator allocator, List<ArrowBuf> owned) {
        List<ArrowFieldNode> nodes = new ArrayList<>();
        List<ArrowBuf> buffers = new ArrayList<>();
        for (FieldVector v : root.getFieldVectors()) {
            append(v, values, allocator, nodes, buffers, owned);
        }
        return new ArrowRecordBatch(root.getRowCount(), nodes, buffers);
    }

    private static void append(FieldVector v, Values values, BufferAllocator allocator, List<ArrowFieldNode> nodes,
            List<ArrowBuf> buffers, List<ArrowBuf> owned) {
        Field f = v.getField();
        nodes.add(new ArrowFieldNode(v.getValueCount(), v.getNullCount()));
        if (f.getDictionary() != null) {
            BaseVariableWidthVector strings = requireStrings(v);
            ArrowType.Int indexType = f.getDictionary().getIndexType();
            int width = indexType.getBitWidth() / 8;
            int rows = strings.getValueCount();
            ArrowBuf indices = allocator.buffer(Math.max(8, ((long) rows * width + 7) / 8 * 8));
            indices.setZero(0, indices.capacity());
            owned.add(indices);
            LinkedHashMap<ByteBuffer, Integer> map = values.of(f.getDictionary().getId());
            for (int i = 0; i < rows; i++) {
                if (strings.isNull(i)) {
                    continue;
                }
                int index = map.get(ByteBuffer.wrap(strings.get(i)));
                switch (width) {
                    case 1 -> indices.setByte(i, index);
                    case 2 -> indices.setShort((long) i * 2, index);
                    case 4 -> indices.setInt((long) i * 4, index);
                    default -> indices.setLong((long) i * 8, index);
                }
            }
            indices.writerIndex((long) rows * width);
            buffers.add(strings.getValidityBuffer());
            buffers.add(indices);
            return;
        }
        buffers.addAll(v.getFieldBuffers());
        for (FieldVector c : v.getChildrenFromFields()) {
            append(c, values, allocator, nodes, buffers, owned);
        }
    }
}
