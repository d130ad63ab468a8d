package dev.vgi.core.rpc;

import java.util.ArrayList;
import java.util.List;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.util.AutoCloseables;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryEncoder;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.message.ArrowFieldNode;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * Decodes dictionary-encoded columns nested inside lists, maps and structs (e.g. a
 * {@code list<dictionary<int16, utf8>>} parameter), which {@link DictionaryEncoder} cannot do on its
 * own: each container is rebuilt around its decoded children, reusing its own validity and offset
 * buffers. Methods thereby always see plain values, as the {@link UnaryMethod.Handler} contract says.
 */
final class NestedDictionaries {

    private NestedDictionaries() {
    }

    /** Whether a dictionary encoding appears anywhere below {@code field} (not on it). */
    static boolean below(Field field) {
        for (Field child : field.getChildren()) {
            if (child.getDictionary() != null || below(child)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Returns a decoded copy of {@code vector} owned by {@code allocator}; the source keeps its own
     * references and is released by its owner as usual.
     */
    static FieldVector decode(FieldVector vector, DictionaryProvider dictionaries, BufferAllocator allocator) {
        Field field = vector.getField();
        if (field.getDictionary() != null) {
            Dictionary d = dictionaries.lookup(field.getDictionary().getId());
            if (d == null) {
                throw RpcException.protocolError("no dictionary batch for dictionary id " + field.getDictionary().getId());
            }
            return (FieldVector) DictionaryEncoder.decode(vector, d, allocator);
        }
        if (!below(field)) {
            var tp = vector.getTransferPair(allocator);
            tp.transfer();
            return (FieldVector) tp.getTo();
        }
        List<FieldVector> children = new ArrayList<>();
        FieldVector out = null;
        try {
            List<Field> childFields = new ArrayList<>();
            List<Field> declaredChildren = field.getChildren();
            List<FieldVector> sourceChildren = vector.getChildrenFromFields();
            for (int i = 0; i < sourceChildren.size(); i++) {
                FieldVector decoded = decode(sourceChildren.get(i), dictionaries, allocator);
                children.add(decoded);
                Field declared = declaredChildren.get(i);
                // the decoded child may be named after its dictionary; keep the declared name
                childFields.add(new Field(declared.getName(),
                        new FieldType(declared.isNullable(), decoded.getField().getType(), null, declared.getMetadata()),
                        decoded.getField().getChildren()));
            }
            out = new Field(field.getName(), new FieldType(field.isNullable(), field.getType(), null, field.getMetadata()),
                    childFields).createVector(allocator);
            // the container's own buffers (validity, offsets) are reused, the children replaced
            out.loadFieldBuffers(new ArrowFieldNode(vector.getValueCount(), vector.getNullCount()), vector.getFieldBuffers());
            List<FieldVector> targets = out.getChildrenFromFields();
            for (int i = 0; i < children.size(); i++) {
                children.get(i).makeTransferPair(targets.get(i)).transfer();
            }
            out.setValueCount(vector.getValueCount());
            FieldVector result = out;
            out = null;
            return result;
        } finally {
            AutoCloseables.closeNoChecked(AutoCloseables.all(children));
            if (out != null) {
                out.close();
            }
        }
    }
}
