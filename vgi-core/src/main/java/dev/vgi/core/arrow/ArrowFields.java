package dev.vgi.core.arrow;

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
 * Terse builders for Arrow fields shaped the way pyarrow shapes them, so schemas declared in Java
 * compare equal, child by child, with the ones the Python peers send and expect.
 *
 * <p>pyarrow's conventions, which strict peers compare: a list's child is named {@code item} and is
 * nullable; a map has a non-null {@code entries} struct holding a non-null {@code key} and a nullable
 * {@code value}, keys not declared sorted. Dictionary-encoded fields are built in the "values form"
 * {@link dev.vgi.core.rpc.ipc.IpcStreamWriter} understands: the field's type is the value type and
 * the encoding names the index type, so vectors created from it hold plain values.
 */
public final class ArrowFields {

    private ArrowFields() {
    }

    /** {@code int8}. */
    public static final ArrowType.Int INT8 = new ArrowType.Int(8, true);
    /** {@code int16}, the index type of enum dictionaries. */
    public static final ArrowType.Int INT16 = new ArrowType.Int(16, true);
    /** {@code int32}. */
    public static final ArrowType.Int INT32 = new ArrowType.Int(32, true);
    /** {@code int64}. */
    public static final ArrowType.Int INT64 = new ArrowType.Int(64, true);
    /** {@code uint8}. */
    public static final ArrowType.Int UINT8 = new ArrowType.Int(8, false);
    /** {@code uint16}. */
    public static final ArrowType.Int UINT16 = new ArrowType.Int(16, false);
    /** {@code uint32}. */
    public static final ArrowType.Int UINT32 = new ArrowType.Int(32, false);
    /** {@code uint64}. */
    public static final ArrowType.Int UINT64 = new ArrowType.Int(64, false);
    /** {@code float32} ({@code float}). */
    public static final ArrowType FLOAT32 = new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
    /** {@code float64} ({@code double}). */
    public static final ArrowType FLOAT64 = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
    /** {@code bool}. */
    public static final ArrowType BOOL = ArrowType.Bool.INSTANCE;
    /** {@code utf8} ({@code string}). */
    public static final ArrowType UTF8 = ArrowType.Utf8.INSTANCE;
    /** {@code large_utf8} ({@code large_string}). */
    public static final ArrowType LARGE_UTF8 = ArrowType.LargeUtf8.INSTANCE;
    /** {@code binary}. */
    public static final ArrowType BINARY = ArrowType.Binary.INSTANCE;
    /** {@code large_binary}. */
    public static final ArrowType LARGE_BINARY = ArrowType.LargeBinary.INSTANCE;
    /** {@code date32} (days). */
    public static final ArrowType DATE32 = new ArrowType.Date(DateUnit.DAY);
    /** {@code timestamp[us, tz=UTC]}. */
    public static final ArrowType TIMESTAMP_US_UTC = new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC");

    /** A non-nullable field of a non-nested type. */
    public static Field required(String name, ArrowType type) {
        return new Field(name, FieldType.notNullable(type), null);
    }

    /** A nullable field of a non-nested type. */
    public static Field optional(String name, ArrowType type) {
        return new Field(name, FieldType.nullable(type), null);
    }

    /** A field of a non-nested type. */
    public static Field field(String name, boolean nullable, ArrowType type) {
        return new Field(name, new FieldType(nullable, type, null), null);
    }

    /** {@code list<item>} with the given child (which pyarrow names {@code item}). */
    public static Field list(String name, boolean nullable, Field item) {
        return new Field(name, new FieldType(nullable, ArrowType.List.INSTANCE, null), List.of(item));
    }

    /** {@code list<T>} with a nullable {@code item} child of a non-nested type. */
    public static Field list(String name, boolean nullable, ArrowType itemType) {
        return list(name, nullable, optional("item", itemType));
    }

    /** {@code map<utf8, V>}: non-null {@code entries}, non-null {@code key}, the given value field. */
    public static Field map(String name, boolean nullable, Field value) {
        Field entries = new Field("entries", FieldType.notNullable(ArrowType.Struct.INSTANCE),
                List.of(required("key", UTF8), value));
        return new Field(name, new FieldType(nullable, new ArrowType.Map(false), null), List.of(entries));
    }

    /** {@code map<utf8, V>} with a nullable {@code value} of a non-nested type. */
    public static Field map(String name, boolean nullable, ArrowType valueType) {
        return map(name, nullable, optional("value", valueType));
    }

    /** A struct field. */
    public static Field struct(String name, boolean nullable, Field... children) {
        return new Field(name, new FieldType(nullable, ArrowType.Struct.INSTANCE, null), List.of(children));
    }

    /**
     * {@code dictionary<int16, utf8>}, unordered: how the Python peers declare an enum column, filled
     * with the member <em>names</em>. The dictionary id is a placeholder; {@link #schema} numbers the
     * ids of a schema's dictionary fields.
     */
    public static Field enumField(String name, boolean nullable) {
        return dictionary(name, nullable, UTF8, INT16);
    }

    /**
     * A dictionary-encoded field in the values form: {@code valueType} values, {@code indexType}
     * indices, unordered. The dictionary id is a placeholder, renumbered by {@link #schema}.
     */
    public static Field dictionary(String name, boolean nullable, ArrowType valueType, ArrowType.Int indexType) {
        return new Field(name, new FieldType(nullable, valueType, new DictionaryEncoding(0, false, indexType)), null);
    }

    /**
     * A schema of {@code fields} whose dictionary-encoded fields (at any depth) get distinct ids
     * 0, 1, 2… in depth-first order. Ids only link a field to its dictionary batches inside one IPC
     * stream, so they are not part of any contract, but two fields must never share one by accident:
     * their values would be pooled into one dictionary.
     */
    public static Schema schema(Field... fields) {
        return schema(List.of(fields));
    }

    /** As {@link #schema(Field...)}. */
    public static Schema schema(List<Field> fields) {
        long[] next = {0};
        return new Schema(fields.stream().map(f -> numbered(f, next)).toList());
    }

    private static Field numbered(Field f, long[] next) {
        DictionaryEncoding d = f.getDictionary();
        DictionaryEncoding renumbered = d == null ? null : new DictionaryEncoding(next[0]++, d.isOrdered(), d.getIndexType());
        List<Field> children = f.getChildren().stream().map(c -> numbered(c, next)).toList();
        return new Field(f.getName(), new FieldType(f.isNullable(), f.getType(), renumbered, f.getMetadata()), children);
    }
}
