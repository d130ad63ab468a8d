package dev.vgi.core.rpc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.IntervalUnit;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.UnionMode;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Canonical text tokens for Arrow types, the vocabulary of the {@link ProtocolHash} preimage
 * (type-token spelling version {@value #VERSION}).
 *
 * <p>The hash has to come out the same in every vgi-rpc port, so it is taken over what a schema
 * <em>decodes to</em> rather than over serialized schema bytes or {@code ArrowType.toString()},
 * both of which differ between Arrow implementations. Every spelling here must therefore match the
 * other ports character for character; the grammar is:
 *
 * <ul>
 *   <li>lower-case ASCII; parameters in parentheses ({@code decimal128(38,9)},
 *       {@code timestamp(us,tz=UTC)}), children in angle brackets;
 *   <li>a struct or union child is {@code name:token} when non-nullable and {@code name?:token}
 *       when nullable;
 *   <li>list, list-view, fixed-size-list and map children are renamed to {@code item}, {@code key}
 *       and {@code value} (Arrow's type equality ignores those names, and producers disagree on
 *       them), but keep their nullability;
 *   <li>a dictionary-encoded field is {@code dictionary<index:I,value:V>} with {@code ,ordered}
 *       appended when ordered; a sorted map appends {@code ,keys_sorted}.
 * </ul>
 *
 * <p>The mapping is total over Arrow Java's type universe or it throws: a type without an agreed
 * spelling raises {@link UnsupportedTypeException} instead of inventing one, because a one-sided
 * spelling would silently give this port a hash no other port computes.
 */
public final class ArrowTypeTokens {

    /** Version of the spelling; changing any spelling changes every protocol hash. */
    public static final int VERSION = 1;

    private ArrowTypeTokens() {
    }

    /** An Arrow type that has no canonical token (for example a 32- or 64-bit decimal). */
    public static final class UnsupportedTypeException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        UnsupportedTypeException(String message) {
            super(message);
        }
    }

    /**
     * The token of {@code field}'s type, dictionary encoding included.
     *
     * <p>Takes a {@link Field} rather than an {@link ArrowType} because Arrow Java keeps a nested
     * type's children and a column's dictionary encoding on the field, not on the type.
     */
    public static String typeToken(Field field) {
        String value = typeToken(field.getType(), field.getChildren());
        DictionaryEncoding dictionary = field.getDictionary();
        if (dictionary == null) {
            return value;
        }
        // Arrow's default index type applies when a dictionary encoding names none.
        ArrowType.Int index = dictionary.getIndexType() != null ? dictionary.getIndexType() : new ArrowType.Int(32, true);
        return "dictionary<index:" + intToken(index) + ",value:" + value + ">" + (dictionary.isOrdered() ? ",ordered" : "");
    }

    /**
     * The token of {@code type} whose child fields (for nested types) are {@code children}; the
     * children's own dictionary encodings are honoured.
     */
    public static String typeToken(ArrowType type, List<Field> children) {
        return type.accept(new Tokenizer(children == null ? List.of() : children));
    }

    /** The preimage entry of one top-level field: {@code name}, {@code nullable}, {@code type}. */
    public static Map<String, Object> fieldToken(Field field) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", field.getName());
        entry.put("nullable", field.isNullable());
        entry.put("type", typeToken(field));
        return entry;
    }

    /** The preimage entries of a schema's fields, in declaration order (which is significant). */
    public static List<Map<String, Object>> schemaTokens(Schema schema) {
        List<Map<String, Object>> out = new ArrayList<>(schema.getFields().size());
        for (Field f : schema.getFields()) {
            out.add(fieldToken(f));
        }
        return out;
    }

    /** A named child: struct and union members, whose names are part of the type. */
    private static String child(Field f) {
        return f.getName() + (f.isNullable() ? "?" : "") + ":" + typeToken(f);
    }

    /** A child whose name Arrow does not consider part of the type, spelled under a fixed name. */
    private static String anonymous(Field f, String name) {
        return name + (f.isNullable() ? "?" : "") + ":" + typeToken(f);
    }

    private static String intToken(ArrowType.Int t) {
        int bits = t.getBitWidth();
        if (bits != 8 && bits != 16 && bits != 32 && bits != 64) {
            throw new UnsupportedTypeException("integer of " + bits + " bits has no canonical token");
        }
        return (t.getIsSigned() ? "int" : "uint") + bits;
    }

    private static String unit(TimeUnit unit) {
        return switch (unit) {
            case SECOND -> "s";
            case MILLISECOND -> "ms";
            case MICROSECOND -> "us";
            case NANOSECOND -> "ns";
        };
    }

    /** Spells one type; holds the children Arrow Java keeps on the enclosing field. */
    private static final class Tokenizer implements ArrowType.ArrowTypeVisitor<String> {

        private final List<Field> children;

        Tokenizer(List<Field> children) {
            this.children = children;
        }

        private Field only(String what) {
            if (children.size() != 1) {
                throw new UnsupportedTypeException(what + " must have exactly one child field, has " + children.size());
            }
            return children.get(0);
        }

        private String joined() {
            List<String> parts = new ArrayList<>(children.size());
            for (Field f : children) {
                parts.add(child(f));
            }
            return String.join(",", parts);
        }

        @Override
        public String visit(ArrowType.Null type) {
            return "null";
        }

        @Override
        public String visit(ArrowType.Struct type) {
            return "struct<" + joined() + ">";
        }

        @Override
        public String visit(ArrowType.List type) {
            return "list<" + anonymous(only("list"), "item") + ">";
        }

        @Override
        public String visit(ArrowType.LargeList type) {
            return "large_list<" + anonymous(only("large_list"), "item") + ">";
        }

        @Override
        public String visit(ArrowType.FixedSizeList type) {
            return "fixed_size_list(" + type.getListSize() + ")<" + anonymous(only("fixed_size_list"), "item") + ">";
        }

        @Override
        public String visit(ArrowType.ListView type) {
            return "list_view<" + anonymous(only("list_view"), "item") + ">";
        }

        @Override
        public String visit(ArrowType.LargeListView type) {
            return "large_list_view<" + anonymous(only("large_list_view"), "item") + ">";
        }

        @Override
        public String visit(ArrowType.Union type) {
            int[] codes = type.getTypeIds();
            if (codes != null && codes.length != children.size()) {
                throw new UnsupportedTypeException("union declares " + codes.length + " type ids for " + children.size() + " children");
            }
            // Type codes are part of the type and need not be 0..n-1, so each is spelled out;
            // a union without explicit ids uses the child positions, as Arrow does.
            List<String> parts = new ArrayList<>(children.size());
            for (int i = 0; i < children.size(); i++) {
                parts.add((codes == null ? i : codes[i]) + "=" + child(children.get(i)));
            }
            String kind = type.getMode() == UnionMode.Sparse ? "sparse_union" : "dense_union";
            return kind + "<" + String.join(",", parts) + ">";
        }

        @Override
        public String visit(ArrowType.Map type) {
            // Arrow Java nests key and value in a single "entries" struct child.
            Field entries = only("map");
            List<Field> kv = entries.getChildren();
            if (kv.size() != 2) {
                throw new UnsupportedTypeException("map entries must have a key and a value field, has " + kv.size());
            }
            return "map<" + anonymous(kv.get(0), "key") + "," + anonymous(kv.get(1), "value") + ">"
                    + (type.getKeysSorted() ? ",keys_sorted" : "");
        }

        @Override
        public String visit(ArrowType.Int type) {
            return intToken(type);
        }

        @Override
        public String visit(ArrowType.FloatingPoint type) {
            FloatingPointPrecision p = type.getPrecision();
            return switch (p) {
                case HALF -> "float16";
                case SINGLE -> "float32";
                case DOUBLE -> "float64";
            };
        }

        @Override
        public String visit(ArrowType.Utf8 type) {
            return "utf8";
        }

        @Override
        public String visit(ArrowType.Utf8View type) {
            return "utf8_view";
        }

        @Override
        public String visit(ArrowType.LargeUtf8 type) {
            return "large_utf8";
        }

        @Override
        public String visit(ArrowType.Binary type) {
            return "binary";
        }

        @Override
        public String visit(ArrowType.BinaryView type) {
            return "binary_view";
        }

        @Override
        public String visit(ArrowType.LargeBinary type) {
            return "large_binary";
        }

        @Override
        public String visit(ArrowType.FixedSizeBinary type) {
            return "fixed_size_binary(" + type.getByteWidth() + ")";
        }

        @Override
        public String visit(ArrowType.Bool type) {
            return "bool";
        }

        @Override
        public String visit(ArrowType.Decimal type) {
            // Only the 128- and 256-bit decimals have agreed spellings across ports.
            return switch (type.getBitWidth()) {
                case 128 -> "decimal128(" + type.getPrecision() + "," + type.getScale() + ")";
                case 256 -> "decimal256(" + type.getPrecision() + "," + type.getScale() + ")";
                default -> throw new UnsupportedTypeException("decimal of " + type.getBitWidth() + " bits has no canonical token");
            };
        }

        @Override
        public String visit(ArrowType.Date type) {
            return type.getUnit() == DateUnit.DAY ? "date32" : "date64";
        }

        @Override
        public String visit(ArrowType.Time type) {
            return "time" + type.getBitWidth() + "(" + unit(type.getUnit()) + ")";
        }

        @Override
        public String visit(ArrowType.Timestamp type) {
            // The zone is kept verbatim: "UTC" and "+00:00" are different Arrow types. An empty
            // zone means no zone, as other Arrow implementations decode it.
            String tz = type.getTimezone();
            return tz == null || tz.isEmpty() ? "timestamp(" + unit(type.getUnit()) + ")"
                    : "timestamp(" + unit(type.getUnit()) + ",tz=" + tz + ")";
        }

        @Override
        public String visit(ArrowType.Interval type) {
            IntervalUnit u = type.getUnit();
            return switch (u) {
                case YEAR_MONTH -> "interval_months";
                case DAY_TIME -> "interval_day_time";
                case MONTH_DAY_NANO -> "interval_month_day_nano";
            };
        }

        @Override
        public String visit(ArrowType.Duration type) {
            return "duration(" + unit(type.getUnit()) + ")";
        }

        @Override
        public String visit(ArrowType.RunEndEncoded type) {
            if (children.size() != 2) {
                throw new UnsupportedTypeException("run_end_encoded must have run_ends and values children, has " + children.size());
            }
            return "run_end_encoded<run_ends:" + typeToken(children.get(0)) + ",values:" + typeToken(children.get(1)) + ">";
        }

        @Override
        public String visit(ArrowType.ExtensionType type) {
            // The storage is spelled too, so a reader without the extension registered still
            // compares a type it knows.
            return "extension(" + type.extensionName() + ")<" + typeToken(type.storageType(), children) + ">";
        }
    }
}
