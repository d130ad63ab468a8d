package dev.vgi.core.rpc;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryEncoder;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.util.AutoCloseables;

/** Batch-level helpers of the wire layer: detaching a received batch, decoding dictionaries, coercing input. */
public final class Batches {

    private Batches() {
    }

    /**
     * Moves the columns of {@code root} (which a stream reader is about to reuse) into a new root
     * without copying, replacing each dictionary-encoded column (top-level or nested) with its decoded values.
     */
    public static VectorSchemaRoot detach(VectorSchemaRoot root, DictionaryProvider dictionaries, BufferAllocator allocator) {
        List<FieldVector> vectors = new ArrayList<>(root.getFieldVectors().size());
        try {
            for (FieldVector v : root.getFieldVectors()) {
                if (v.getField().getDictionary() != null && dictionaries != null) {
                    Dictionary d = dictionaries.lookup(v.getField().getDictionary().getId());
                    // the decoder names its result after the dictionary; keep the column's own name
                    try (ValueVector decoded = DictionaryEncoder.decode(v, d, allocator)) {
                        var rename = decoded.getTransferPair(v.getName(), allocator);
                        rename.transfer();
                        vectors.add((FieldVector) rename.getTo());
                    }
                } else if (dictionaries != null && NestedDictionaries.below(v.getField())) {
                    vectors.add(NestedDictionaries.decode(v, dictionaries, allocator));
                } else {
                    var tp = v.getTransferPair(allocator);
                    tp.transfer();
                    vectors.add((FieldVector) tp.getTo());
                }
            }
        } catch (RuntimeException e) {
            AutoCloseables.closeNoChecked(AutoCloseables.all(vectors));
            throw e;
        }
        List<Field> fields = new ArrayList<>(vectors.size());
        for (FieldVector v : vectors) {
            fields.add(v.getField());
        }
        return new VectorSchemaRoot(fields, vectors, root.getRowCount());
    }

    /** Whether two schemas have the same fields by name, type, nullability and children (metadata ignored). */
    public static boolean sameFields(Schema a, Schema b) {
        return SchemaContract.check(a, b) == null;
    }

    /**
     * Reconciles an input batch with the declared input schema: equal schemas pass through;
     * the same field names in another order are reordered; numeric columns are cast to the declared
     * numeric type. A different set of field names is a {@code TypeError} ("Input schema mismatch").
     *
     * @return {@code input} itself, or a new root the caller must close
     */
    public static VectorSchemaRoot coerce(VectorSchemaRoot input, Schema declared, BufferAllocator allocator) {
        Schema actual = input.getSchema();
        if (sameFields(declared, actual)) {
            return input;
        }
        Set<String> declaredNames = new HashSet<>();
        declared.getFields().forEach(f -> declaredNames.add(f.getName()));
        Set<String> actualNames = new HashSet<>();
        actual.getFields().forEach(f -> actualNames.add(f.getName()));
        if (!declaredNames.equals(actualNames) || declared.getFields().size() != actual.getFields().size()) {
            throw RpcException.typeError("Input schema mismatch: expected " + declared + ", got " + actual);
        }
        Map<String, FieldVector> byName = new HashMap<>();
        for (FieldVector v : input.getFieldVectors()) {
            byName.put(v.getName(), v);
        }
        int rows = input.getRowCount();
        List<FieldVector> out = new ArrayList<>();
        try {
            for (Field f : declared.getFields()) {
                FieldVector source = byName.get(f.getName());
                if (source.getField().getType().equals(f.getType())) {
                    var tp = source.getTransferPair(allocator);
                    tp.transfer();
                    out.add((FieldVector) tp.getTo());
                } else {
                    out.add(castNumeric(source, f, rows, allocator));
                }
            }
        } catch (RuntimeException e) {
            AutoCloseables.closeNoChecked(AutoCloseables.all(out));
            throw e;
        }
        List<Field> fields = new ArrayList<>();
        out.forEach(v -> fields.add(v.getField()));
        return new VectorSchemaRoot(fields, out, rows);
    }

    private static FieldVector castNumeric(FieldVector source, Field target, int rows, BufferAllocator allocator) {
        ArrowType t = target.getType();
        if (!(t instanceof ArrowType.FloatingPoint fp)) {
            throw RpcException.typeError("Input schema mismatch: cannot cast column '" + source.getName() + "' from "
                    + source.getField().getType() + " to " + t);
        }
        Field nullableTarget = new Field(target.getName(), new org.apache.arrow.vector.types.pojo.FieldType(true, t, null), null);
        FieldVector dest = nullableTarget.createVector(allocator);
        try {
            dest.allocateNew();
            for (int i = 0; i < rows; i++) {
                if (source.isNull(i)) {
                    dest.setNull(i);
                    continue;
                }
                double value = numericValue(source, i);
                if (fp.getPrecision() == FloatingPointPrecision.DOUBLE) {
                    ((Float8Vector) dest).setSafe(i, value);
                } else if (fp.getPrecision() == FloatingPointPrecision.SINGLE) {
                    ((Float4Vector) dest).setSafe(i, (float) value);
                } else {
                    throw RpcException.typeError("Input schema mismatch: unsupported target type " + t);
                }
            }
            dest.setValueCount(rows);
            return dest;
        } catch (RuntimeException e) {
            dest.close();
            throw e;
        }
    }

    private static double numericValue(FieldVector v, int i) {
        if (v instanceof BaseIntVector iv) {
            return iv.getValueAsLong(i);
        }
        if (v instanceof Float4Vector f4) {
            return f4.get(i);
        }
        if (v instanceof Float8Vector f8) {
            return f8.get(i);
        }
        throw RpcException.typeError("Input schema mismatch: cannot cast column '" + v.getName() + "' of type "
                + v.getField().getType() + " to a floating-point type");
    }
}
