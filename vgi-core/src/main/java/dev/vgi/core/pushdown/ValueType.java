package dev.vgi.core.pushdown;

import java.util.List;

import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * The evaluator's view of an Arrow type: a category plus the few parameters evaluation needs.
 * Extension types are classified by name ({@code arrow.bool8} is BOOL, {@code arrow.uuid} UUID,
 * {@code arrow.json} STRING); any other extension is OTHER.
 */
record ValueType(Kind kind, Field field, int bits, boolean signed, int precision, int scale) {

    enum Kind {
        BOOL, INT, FLOAT, DECIMAL, STRING, BINARY, UUID, DATE, TIME, TIMESTAMP, TIMESTAMP_TZ, INTERVAL, DURATION,
        LIST, STRUCT, MAP, NULL, OTHER
    }

    static final ValueType BOOLEAN = of(Field.nullable("", ArrowType.Bool.INSTANCE));

    static ValueType of(Field field) {
        String ext = FilterValues.extensionName(field);
        ArrowType type = field.getType() instanceof ArrowType.ExtensionType e ? e.storageType() : field.getType();
        if (ext != null) {
            switch (ext) {
                case "arrow.bool8":
                    return new ValueType(Kind.BOOL, field, 0, false, 0, 0);
                case "arrow.uuid":
                    return new ValueType(Kind.UUID, field, 0, false, 0, 0);
                case "arrow.json":
                    return new ValueType(Kind.STRING, field, 0, false, 0, 0);
                default:
                    return new ValueType(Kind.OTHER, field, 0, false, 0, 0);
            }
        }
        if (type instanceof ArrowType.Bool) {
            return new ValueType(Kind.BOOL, field, 0, false, 0, 0);
        }
        if (type instanceof ArrowType.Int i) {
            return new ValueType(Kind.INT, field, i.getBitWidth(), i.getIsSigned(), 0, 0);
        }
        if (type instanceof ArrowType.FloatingPoint f) {
            int bits = f.getPrecision() == FloatingPointPrecision.DOUBLE ? 64
                    : f.getPrecision() == FloatingPointPrecision.SINGLE ? 32 : 16;
            return new ValueType(Kind.FLOAT, field, bits, true, 0, 0);
        }
        if (type instanceof ArrowType.Decimal d) {
            return new ValueType(Kind.DECIMAL, field, d.getBitWidth(), true, d.getPrecision(), d.getScale());
        }
        if (type instanceof ArrowType.Utf8 || type instanceof ArrowType.LargeUtf8 || type instanceof ArrowType.Utf8View) {
            return new ValueType(Kind.STRING, field, 0, false, 0, 0);
        }
        if (type instanceof ArrowType.Binary || type instanceof ArrowType.LargeBinary
                || type instanceof ArrowType.BinaryView || type instanceof ArrowType.FixedSizeBinary) {
            return new ValueType(Kind.BINARY, field, 0, false, 0, 0);
        }
        if (type instanceof ArrowType.Date) {
            return new ValueType(Kind.DATE, field, 0, false, 0, 0);
        }
        if (type instanceof ArrowType.Time) {
            return new ValueType(Kind.TIME, field, 0, false, 0, 0);
        }
        if (type instanceof ArrowType.Timestamp t) {
            return new ValueType(t.getTimezone() == null ? Kind.TIMESTAMP : Kind.TIMESTAMP_TZ, field, 0, false, 0, 0);
        }
        if (type instanceof ArrowType.Interval) {
            return new ValueType(Kind.INTERVAL, field, 0, false, 0, 0);
        }
        if (type instanceof ArrowType.Duration) {
            return new ValueType(Kind.DURATION, field, 0, false, 0, 0);
        }
        if (type instanceof ArrowType.Map) {
            return new ValueType(Kind.MAP, field, 0, false, 0, 0);
        }
        if (type instanceof ArrowType.List || type instanceof ArrowType.LargeList
                || type instanceof ArrowType.FixedSizeList) {
            return new ValueType(Kind.LIST, field, 0, false, 0, 0);
        }
        if (type instanceof ArrowType.Struct) {
            return new ValueType(Kind.STRUCT, field, 0, false, 0, 0);
        }
        if (type instanceof ArrowType.Null) {
            return new ValueType(Kind.NULL, field, 0, false, 0, 0);
        }
        return new ValueType(Kind.OTHER, field, 0, false, 0, 0);
    }

    /** An integer type of {@code bits} width. */
    static ValueType integer(int bits, boolean signed) {
        return of(Field.nullable("", new ArrowType.Int(bits, signed)));
    }

    /** A floating-point type of {@code bits} (32 or 64). */
    static ValueType floating(int bits) {
        return of(Field.nullable("", new ArrowType.FloatingPoint(
                bits == 64 ? FloatingPointPrecision.DOUBLE : FloatingPointPrecision.SINGLE)));
    }

    /** The element type of a LIST. */
    ValueType element() {
        return of(field.getChildren().get(0));
    }

    /** The fields of a STRUCT. */
    List<Field> structFields() {
        return field.getChildren();
    }

    /** The storage Arrow type (extension types unwrapped). */
    ArrowType arrowType() {
        return field.getType() instanceof ArrowType.ExtensionType e ? e.storageType() : field.getType();
    }

    boolean numeric() {
        return kind == Kind.INT || kind == Kind.FLOAT || kind == Kind.DECIMAL;
    }

    /** Whether values of this type are {@code BigInteger} ({@code uint64}). */
    boolean bigInteger() {
        return kind == Kind.INT && bits == 64 && !signed;
    }

    /** A DuckDB-ish name for messages. */
    String describe() {
        return switch (kind) {
            case INT -> (signed ? "int" : "uint") + bits;
            case FLOAT -> "float" + bits;
            case DECIMAL -> "decimal(" + precision + "," + scale + ")";
            default -> {
                String ext = FilterValues.extensionName(field);
                yield ext != null ? ext : arrowType().toString().toLowerCase(java.util.Locale.ROOT);
            }
        };
    }

    /** Whether two types can be compared (DuckDB would bind the comparison without a lossy guess). */
    static boolean comparable(ValueType a, ValueType b) {
        if (a.kind == Kind.NULL || b.kind == Kind.NULL) {
            return true;
        }
        if (a.numeric() && b.numeric()) {
            return true;
        }
        if ((a.kind == Kind.DATE && b.kind == Kind.TIMESTAMP) || (a.kind == Kind.TIMESTAMP && b.kind == Kind.DATE)) {
            return true;
        }
        if (a.kind != b.kind) {
            return false;
        }
        return switch (a.kind) {
            case LIST -> comparable(a.element(), b.element());
            case STRUCT -> {
                List<Field> fa = a.structFields();
                List<Field> fb = b.structFields();
                if (fa.size() != fb.size()) {
                    yield false;
                }
                for (int i = 0; i < fa.size(); i++) {
                    if (!comparable(of(fa.get(i)), of(fb.get(i)))) {
                        yield false;
                    }
                }
                yield true;
            }
            case MAP, OTHER -> false;
            default -> true;
        };
    }

    /** Whether the type (or a nested element/field) holds strings, which a collation governs. */
    boolean holdsStrings() {
        return switch (kind) {
            case STRING -> true;
            case LIST -> element().holdsStrings();
            case STRUCT -> structFields().stream().anyMatch(f -> of(f).holdsStrings());
            default -> false;
        };
    }

    /** A nullable field of {@code type}, for derived expression results. */
    static Field fieldOf(ArrowType type) {
        return new Field("", FieldType.nullable(type), null);
    }
}
