package dev.vgi.conformance;

import java.util.List;

import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Terse builders for the Arrow fields the conformance schemas are made of. Names of nested children
 * ({@code item}, {@code entries}, {@code key}, {@code value}) and their nullability follow what
 * pyarrow produces, because the server compares parameter schemas child by child.
 */
final class ArrowFields {

    private ArrowFields() {
    }

    static final ArrowType INT8 = new ArrowType.Int(8, true);
    static final ArrowType INT16 = new ArrowType.Int(16, true);
    static final ArrowType INT32 = new ArrowType.Int(32, true);
    static final ArrowType INT64 = new ArrowType.Int(64, true);
    static final ArrowType UINT8 = new ArrowType.Int(8, false);
    static final ArrowType UINT16 = new ArrowType.Int(16, false);
    static final ArrowType UINT32 = new ArrowType.Int(32, false);
    static final ArrowType UINT64 = new ArrowType.Int(64, false);
    static final ArrowType FLOAT32 = new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
    static final ArrowType FLOAT64 = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
    static final ArrowType BOOL = ArrowType.Bool.INSTANCE;
    static final ArrowType UTF8 = ArrowType.Utf8.INSTANCE;
    static final ArrowType LARGE_UTF8 = ArrowType.LargeUtf8.INSTANCE;
    static final ArrowType BINARY = ArrowType.Binary.INSTANCE;
    static final ArrowType LARGE_BINARY = ArrowType.LargeBinary.INSTANCE;
    static final ArrowType FIXED_BINARY_8 = new ArrowType.FixedSizeBinary(8);
    static final ArrowType DATE32 = new ArrowType.Date(DateUnit.DAY);
    static final ArrowType TIME64_US = new ArrowType.Time(TimeUnit.MICROSECOND, 64);
    static final ArrowType TIMESTAMP_US = new ArrowType.Timestamp(TimeUnit.MICROSECOND, null);
    static final ArrowType TIMESTAMP_US_UTC = new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC");
    static final ArrowType DURATION_US = new ArrowType.Duration(TimeUnit.MICROSECOND);
    static final ArrowType DECIMAL_20_4 = new ArrowType.Decimal(20, 4, 128);

    /** A non-nullable scalar field. */
    static Field required(String name, ArrowType type) {
        return new Field(name, FieldType.notNullable(type), null);
    }

    /** A nullable scalar field. */
    static Field optional(String name, ArrowType type) {
        return new Field(name, FieldType.nullable(type), null);
    }

    /** {@code list<item>}; pyarrow's list items are nullable. */
    static Field list(String name, boolean nullable, Field item) {
        return new Field(name, new FieldType(nullable, ArrowType.List.INSTANCE, null), List.of(item));
    }

    /** {@code list<T>} with a nullable {@code item} of a scalar type. */
    static Field list(String name, boolean nullable, ArrowType itemType) {
        return list(name, nullable, optional("item", itemType));
    }

    /** {@code map<utf8, V>}: non-null {@code entries} struct, non-null {@code key}, nullable {@code value}. */
    static Field map(String name, boolean nullable, Field value) {
        Field entries = new Field("entries", FieldType.notNullable(ArrowType.Struct.INSTANCE),
                List.of(required("key", UTF8), value));
        return new Field(name, new FieldType(nullable, new ArrowType.Map(false), null), List.of(entries));
    }

    /** {@code map<utf8, T>} with a scalar value type. */
    static Field map(String name, boolean nullable, ArrowType valueType) {
        return map(name, nullable, optional("value", valueType));
    }

    /** A struct field. */
    static Field struct(String name, boolean nullable, List<Field> children) {
        return new Field(name, new FieldType(nullable, ArrowType.Struct.INSTANCE, null), children);
    }

    /**
     * {@code dictionary<int16, utf8>} as the client declares enums and dictionary-encoded strings.
     * Only used in declared parameter schemas, which are compared, never materialised: the runtime
     * decodes such columns to plain strings before a method sees them.
     */
    static Field dictionaryString(String name, boolean nullable) {
        return new Field(name, new FieldType(nullable, UTF8, new DictionaryEncoding(0, false, (ArrowType.Int) INT16)), null);
    }

    /** A schema from fields. */
    static Schema schema(Field... fields) {
        return new Schema(List.of(fields));
    }
}
