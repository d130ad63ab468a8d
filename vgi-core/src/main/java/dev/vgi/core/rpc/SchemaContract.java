package dev.vgi.core.rpc;

import java.util.List;
import java.util.Objects;

import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Strict comparison of a request's schema with a method's declared parameters: field count, then
 * per position name, type (children included) and nullability. Metadata and dictionary ids are not
 * compared; a dictionary-encoded string is accepted where a plain string is declared.
 */
public final class SchemaContract {

    private SchemaContract() {
    }

    /**
     * Returns {@code null} when {@code actual} (as sent, dictionary fields carrying their value type)
     * satisfies {@code declared}, else a message naming the first difference.
     */
    public static String check(Schema declared, Schema actual) {
        List<Field> d = declared.getFields();
        List<Field> a = actual.getFields();
        if (d.size() != a.size()) {
            return "Expected " + d.size() + " parameter field(s) " + names(d) + ", got " + a.size() + " " + names(a);
        }
        for (int i = 0; i < d.size(); i++) {
            String problem = compare(d.get(i), a.get(i), d.get(i).getName());
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private static String names(List<Field> fields) {
        return fields.stream().map(Field::getName).toList().toString();
    }

    private static String compare(Field declared, Field actual, String path) {
        if (!Objects.equals(declared.getName(), actual.getName())) {
            return "Field " + path + ": expected name '" + declared.getName() + "', got '" + actual.getName() + "'";
        }
        if (declared.isNullable() != actual.isNullable()) {
            return "Field " + path + ": expected nullable=" + declared.isNullable() + ", got nullable=" + actual.isNullable();
        }
        if (!declared.getType().equals(actual.getType())) {
            return "Field " + path + ": expected type " + declared.getType() + ", got " + actual.getType();
        }
        DictionaryEncoding de = declared.getDictionary();
        DictionaryEncoding ae = actual.getDictionary();
        if (de != null) {
            if (ae == null || !de.getIndexType().equals(ae.getIndexType()) || de.isOrdered() != ae.isOrdered()) {
                return "Field " + path + ": expected dictionary<" + de.getIndexType() + ", " + declared.getType() + ">, got "
                        + (ae == null ? actual.getType() : "dictionary<" + ae.getIndexType() + ">");
            }
        } else if (ae != null && !(declared.getType() instanceof ArrowType.Utf8)) {
            return "Field " + path + ": expected " + declared.getType() + ", got a dictionary-encoded column";
        }
        List<Field> dc = declared.getChildren();
        List<Field> ac = actual.getChildren();
        if (dc.size() != ac.size()) {
            return "Field " + path + ": expected " + dc.size() + " child field(s), got " + ac.size();
        }
        for (int i = 0; i < dc.size(); i++) {
            String p = compare(dc.get(i), ac.get(i), path + "." + dc.get(i).getName());
            if (p != null) {
                return p;
            }
        }
        return null;
    }
}
