package dev.vgi.core.arrow;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseLargeVariableWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BaseVariableWidthViewVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.Decimal256Vector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.DurationVector;
import org.apache.arrow.vector.ExtensionTypeVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float2Vector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.IntervalDayVector;
import org.apache.arrow.vector.IntervalMonthDayNanoVector;
import org.apache.arrow.vector.IntervalYearVector;
import org.apache.arrow.vector.LargeVarBinaryVector;
import org.apache.arrow.vector.LargeVarCharVector;
import org.apache.arrow.vector.NullVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeNanoVector;
import org.apache.arrow.vector.TimeSecVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt2Vector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ViewVarCharVector;
import org.apache.arrow.vector.complex.DenseUnionVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.LargeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.complex.UnionVector;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Moves plain Java values in and out of Arrow vectors, so records, headers and rows are written as
 * data rather than as vector plumbing.
 *
 * <p>The value model ({@code null} is null everywhere):
 *
 * <table>
 *   <caption>Arrow type to Java value</caption>
 *   <tr><th>Arrow</th><th>written from</th><th>read as</th></tr>
 *   <tr><td>utf8, large_utf8</td><td>{@code String}, or an {@code Enum} (its name)</td><td>{@code String}</td></tr>
 *   <tr><td>binary, large_binary, fixed_size_binary</td><td>{@code byte[]}</td><td>{@code byte[]}</td></tr>
 *   <tr><td>int8, int16, int32, uint8, uint16</td><td>any {@code Number}</td><td>{@code Integer}</td></tr>
 *   <tr><td>int64, uint32, uint64</td><td>any {@code Number}</td><td>{@code Long} (uint64 as its bits)</td></tr>
 *   <tr><td>float32, float64</td><td>any {@code Number}</td><td>{@code Float}, {@code Double}</td></tr>
 *   <tr><td>bool</td><td>{@code Boolean}</td><td>{@code Boolean}</td></tr>
 *   <tr><td>decimal128</td><td>{@code BigDecimal}</td><td>{@code BigDecimal}</td></tr>
 *   <tr><td>timestamp</td><td>a {@code Number} in the field's unit, or an {@code Instant}</td><td>{@code Long} in the field's unit</td></tr>
 *   <tr><td>duration</td><td>a {@code Number} in the field's unit, or a {@code java.time.Duration}</td><td>{@code Long} in the field's unit</td></tr>
 *   <tr><td>date32, date64</td><td>a {@code Number} (days, milliseconds), or a {@code LocalDate}</td><td>{@code Integer} days, {@code Long} milliseconds</td></tr>
 *   <tr><td>time32, time64</td><td>a {@code Number} in the field's unit, or a {@code LocalTime}</td><td>{@code Integer} (s, ms), {@code Long} (us, ns)</td></tr>
 *   <tr><td>null</td><td>only {@code null}</td><td>{@code null}</td></tr>
 *   <tr><td>list</td><td>{@code List}</td><td>{@code List}</td></tr>
 *   <tr><td>map</td><td>{@code Map}, entries in iteration order</td><td>insertion-ordered {@code Map}</td></tr>
 *   <tr><td>struct</td><td>{@code Map<String, ?>} by child name (absent = null)</td><td>insertion-ordered {@code Map<String, Object>}</td></tr>
 *   <tr><td>utf8_view; binary_view</td><td>(read only)</td><td>{@code String}; {@code byte[]}</td></tr>
 *   <tr><td>float16; decimal256</td><td>(read only)</td><td>{@code Float}; {@code BigDecimal}</td></tr>
 *   <tr><td>interval</td><td>(read only)</td><td>Arrow Java's values: {@code Period} (year_month), {@code Duration} (day_time), {@code PeriodDuration} (month_day_nano)</td></tr>
 *   <tr><td>large_list, fixed_size_list</td><td>(read only)</td><td>{@code List}</td></tr>
 *   <tr><td>sparse and dense union</td><td>(read only)</td><td>the value of the row's member</td></tr>
 *   <tr><td>extension types</td><td>(read only)</td><td>the value of their storage</td></tr>
 * </table>
 *
 * <p>Temporal values read back as their stored number rather than a {@code java.time} object, so
 * every value round-trips exactly whatever its unit or zone; the {@code java.time} forms are
 * accepted on writing as a convenience.
 *
 * <p>Other value models are built on this one with {@link #read(ValueVector, Field, int, ValueModel)}
 * rather than by reading vectors again (the filter evaluator's typed values are).
 *
 * <p>Dictionary-encoded fields in the values form (see {@link ArrowFields#dictionary}) are ordinary
 * string or binary vectors here; decoding received dictionaries is the reader's job
 * ({@link dev.vgi.core.rpc.Batches#detach}) before values are read.
 */
public final class ArrowValues {

    private ArrowValues() {
    }

    /** Writes {@code row} (column name to value) at {@code index} of every column of {@code root}; absent names are null. */
    public static void writeRow(VectorSchemaRoot root, int index, Map<String, ?> row) {
        for (FieldVector v : root.getFieldVectors()) {
            write(v, index, row.get(v.getName()));
        }
    }

    /**
     * Reads row {@code index} of {@code root} as column name to value, in column order. Names are
     * the vectors' own: after Arrow's {@code DictionaryEncoder.decode} a top-level column is named
     * after its dictionary, so readers of decoded batches should key by the received schema instead
     * (as {@link dev.vgi.core.protocol.RecordReader} does).
     */
    public static Map<String, Object> readRow(VectorSchemaRoot root, int index) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (FieldVector v : root.getFieldVectors()) {
            row.put(v.getName(), read(v, index));
        }
        return row;
    }

    /**
     * Writes one value at {@code index}, growing the vector as needed.
     *
     * @throws IllegalArgumentException when the vector type is not in the value model
     * @throws ClassCastException when {@code value} is not of the Java type the vector takes
     */
    public static void write(FieldVector vector, int index, Object value) {
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
            v.setSafe(index, text(value));
        } else if (vector instanceof LargeVarCharVector v) {
            v.setSafe(index, text(value));
        } else if (vector instanceof VarBinaryVector v) {
            v.setSafe(index, (byte[]) value);
        } else if (vector instanceof LargeVarBinaryVector v) {
            v.setSafe(index, (byte[]) value);
        } else if (vector instanceof FixedSizeBinaryVector v) {
            v.setSafe(index, (byte[]) value);
        } else if (vector instanceof BigIntVector v) {
            v.setSafe(index, ((Number) value).longValue());
        } else if (vector instanceof IntVector v) {
            v.setSafe(index, ((Number) value).intValue());
        } else if (vector instanceof SmallIntVector v) {
            v.setSafe(index, ((Number) value).shortValue());
        } else if (vector instanceof TinyIntVector v) {
            v.setSafe(index, ((Number) value).byteValue());
        } else if (vector instanceof UInt8Vector v) {
            v.setSafe(index, ((Number) value).longValue());
        } else if (vector instanceof UInt4Vector v) {
            v.setSafe(index, ((Number) value).intValue());
        } else if (vector instanceof UInt2Vector v) {
            v.setSafe(index, (char) ((Number) value).intValue());
        } else if (vector instanceof UInt1Vector v) {
            v.setSafe(index, ((Number) value).byteValue());
        } else if (vector instanceof Float8Vector v) {
            v.setSafe(index, ((Number) value).doubleValue());
        } else if (vector instanceof Float4Vector v) {
            v.setSafe(index, ((Number) value).floatValue());
        } else if (vector instanceof BitVector v) {
            v.setSafe(index, ((Boolean) value) ? 1 : 0);
        } else if (vector instanceof DecimalVector v) {
            v.setSafe(index, (BigDecimal) value);
        } else if (vector instanceof TimeStampVector v) {
            v.setSafe(index, value instanceof Instant instant ? timestamp(instant, v) : ((Number) value).longValue());
        } else if (vector instanceof DurationVector v) {
            v.setSafe(index, value instanceof Duration d ? inUnit(d, ((ArrowType.Duration) v.getField().getType()).getUnit())
                    : ((Number) value).longValue());
        } else if (vector instanceof DateDayVector v) {
            v.setSafe(index, value instanceof LocalDate d ? Math.toIntExact(d.toEpochDay()) : ((Number) value).intValue());
        } else if (vector instanceof DateMilliVector v) {
            v.setSafe(index, value instanceof LocalDate d ? Math.multiplyExact(d.toEpochDay(), 86_400_000L)
                    : ((Number) value).longValue());
        } else if (vector instanceof TimeSecVector v) {
            v.setSafe(index, value instanceof LocalTime t ? t.toSecondOfDay() : ((Number) value).intValue());
        } else if (vector instanceof TimeMilliVector v) {
            v.setSafe(index, value instanceof LocalTime t ? (int) (t.toNanoOfDay() / 1_000_000) : ((Number) value).intValue());
        } else if (vector instanceof TimeMicroVector v) {
            v.setSafe(index, value instanceof LocalTime t ? t.toNanoOfDay() / 1_000 : ((Number) value).longValue());
        } else if (vector instanceof TimeNanoVector v) {
            v.setSafe(index, value instanceof LocalTime t ? t.toNanoOfDay() : ((Number) value).longValue());
        } else {
            throw new IllegalArgumentException("unsupported vector type " + vector.getField());
        }
    }

    private static byte[] text(Object value) {
        String s = value instanceof Enum<?> e ? e.name() : (String) value;
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static long timestamp(Instant instant, TimeStampVector v) {
        TimeUnit unit = ((ArrowType.Timestamp) v.getField().getType()).getUnit();
        return switch (unit) {
            case SECOND -> instant.getEpochSecond();
            case MILLISECOND -> instant.toEpochMilli();
            case MICROSECOND -> Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
            case NANOSECOND -> Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
        };
    }

    private static long inUnit(Duration d, TimeUnit unit) {
        return switch (unit) {
            case SECOND -> d.getSeconds();
            case MILLISECOND -> d.toMillis();
            case MICROSECOND -> Math.addExact(Math.multiplyExact(d.getSeconds(), 1_000_000L), d.getNano() / 1_000);
            case NANOSECOND -> d.toNanos();
        };
    }

    private static void setNull(FieldVector vector, int index) {
        if (vector instanceof ListVector list) {
            // also covers MapVector; Arrow fills the offset hole when the next value is written
            list.setNull(index);
        } else if (vector instanceof StructVector struct) {
            struct.setNull(index);
        } else if (vector instanceof BaseVariableWidthVector v) {
            v.setNull(index);
        } else if (vector instanceof BaseLargeVariableWidthVector v) {
            v.setNull(index);
        } else if (vector instanceof BaseFixedWidthVector v) {
            // fixed-width setNull does not grow the buffers
            while (index >= v.getValueCapacity()) {
                v.reAlloc();
            }
            v.setNull(index);
        } else if (!(vector instanceof NullVector)) {
            throw new IllegalArgumentException("cannot write null into " + vector.getField());
        }
    }

    /**
     * Reads the value at {@code index} in the value model {@link #write} accepts (and the read-only
     * rows of the table above).
     *
     * @throws IllegalArgumentException when the vector type is not in the value model (a
     *     dictionary-encoded vector holding indices included: decode it first)
     */
    public static Object read(FieldVector vector, int index) {
        return read(vector, vector.getField(), index, AS_READ);
    }

    /**
     * Reads the value at {@code index} into a value model built on this one: every non-null value is
     * read as {@link #read(FieldVector, int)} reads it and handed to {@code model} with the field that
     * describes it, a nested value after its elements (so {@code model} sees lists and maps of its own
     * values, and a union's value is its member's, converted with the member's field).
     *
     * @param field describes the top-level value: {@code vector}'s field, or one carrying metadata
     *     (an extension name) the vector lost, as a dictionary-decoded column does; nested values are
     *     described by their own vectors' fields
     * @throws IllegalArgumentException as {@link #read(FieldVector, int)}, unless
     *     {@link ValueModel#unsupported} says otherwise
     */
    public static Object read(ValueVector vector, Field field, int index, ValueModel model) {
        if (vector.isNull(index)) {
            return null;
        }
        Object value = cell(vector, index, model);
        if (value instanceof Unconverted u) {
            return u.value();
        }
        return value == null ? null : model.convert(field, value);
    }

    /**
     * A value model derived from the {@link ArrowValues} one: what
     * {@link #read(ValueVector, Field, int, ValueModel)} turns each value into.
     */
    public interface ValueModel {

        /**
         * The value of a non-null cell of {@code field}, given its value in the {@link ArrowValues}
         * model (for an extension type, its storage's value; for a list, struct or map, a mutable
         * {@code List} or {@code Map} of values this model already converted).
         */
        Object convert(Field field, Object value);

        /**
         * The value of a non-null cell of a vector type outside the {@link ArrowValues} model, which
         * is refused by default; what it returns is not passed to {@link #convert}.
         */
        default Object unsupported(ValueVector vector, int index) {
            throw new IllegalArgumentException("unsupported vector type " + vector.getField());
        }
    }

    /** The {@link ArrowValues} model itself. */
    private static final ValueModel AS_READ = (field, value) -> value;

    /** What {@link ValueModel#unsupported} made of a cell, which {@link ValueModel#convert} must not see. */
    private record Unconverted(Object value) {
    }

    private static Object read(ValueVector vector, int index, ValueModel model) {
        return read(vector, vector.getField(), index, model);
    }

    /** The value of the non-null cell {@code index}, nested values already converted by {@code model}. */
    private static Object cell(ValueVector vector, int index, ValueModel model) {
        if (vector instanceof ExtensionTypeVector<?> ext) {
            return cell(ext.getUnderlyingVector(), index, model);
        }
        // MapVector is a ListVector: test it first
        if (vector instanceof MapVector map) {
            // by position: not every writer names the entries' children key and value
            StructVector entries = (StructVector) map.getDataVector();
            ValueVector keys = entries.getChildByOrdinal(0);
            ValueVector values = entries.getChildByOrdinal(1);
            Map<Object, Object> out = new LinkedHashMap<>();
            for (int i = map.getElementStartIndex(index); i < map.getElementEndIndex(index); i++) {
                out.put(read(keys, i, model), read(values, i, model));
            }
            return out;
        }
        if (vector instanceof ListVector list) {
            return elements(list.getDataVector(), list.getElementStartIndex(index), list.getElementEndIndex(index), model);
        }
        if (vector instanceof LargeListVector list) {
            return elements(list.getDataVector(), Math.toIntExact(list.getElementStartIndex(index)),
                    Math.toIntExact(list.getElementEndIndex(index)), model);
        }
        if (vector instanceof FixedSizeListVector list) {
            return elements(list.getDataVector(), list.getElementStartIndex(index), list.getElementEndIndex(index), model);
        }
        if (vector instanceof StructVector struct) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (FieldVector child : struct.getChildrenFromFields()) {
                out.put(child.getName(), read(child, index, model));
            }
            return out;
        }
        if (vector instanceof UnionVector union) {
            ValueVector member = union.getVectorByType(union.getTypeValue(index));
            return member == null ? null : read(member, index, model);
        }
        if (vector instanceof DenseUnionVector union) {
            ValueVector member = union.getVectorByType(union.getTypeId(index));
            return member == null ? null : read(member, union.getOffset(index), model);
        }
        if (vector.getField().getDictionary() != null && !(vector instanceof BaseVariableWidthVector)) {
            throw new IllegalArgumentException("column '" + vector.getName() + "' holds dictionary indices; decode it before reading");
        }
        if (vector instanceof VarCharVector v) {
            return new String(v.get(index), StandardCharsets.UTF_8);
        }
        if (vector instanceof LargeVarCharVector v) {
            return new String(v.get(index), StandardCharsets.UTF_8);
        }
        if (vector instanceof ViewVarCharVector v) {
            return new String(v.get(index), StandardCharsets.UTF_8);
        }
        if (vector instanceof VarBinaryVector v) {
            return v.get(index);
        }
        if (vector instanceof LargeVarBinaryVector v) {
            return v.get(index);
        }
        if (vector instanceof BaseVariableWidthViewVector v) {
            return v.get(index);
        }
        if (vector instanceof FixedSizeBinaryVector v) {
            return v.get(index);
        }
        if (vector instanceof BigIntVector v) {
            return v.get(index);
        }
        if (vector instanceof IntVector v) {
            return v.get(index);
        }
        if (vector instanceof SmallIntVector v) {
            return (int) v.get(index);
        }
        if (vector instanceof TinyIntVector v) {
            return (int) v.get(index);
        }
        if (vector instanceof UInt8Vector v) {
            return v.get(index);
        }
        if (vector instanceof UInt4Vector v) {
            return Integer.toUnsignedLong(v.get(index));
        }
        if (vector instanceof UInt2Vector v) {
            return (int) v.get(index);
        }
        if (vector instanceof UInt1Vector v) {
            return Byte.toUnsignedInt(v.get(index));
        }
        if (vector instanceof Float8Vector v) {
            return v.get(index);
        }
        if (vector instanceof Float4Vector v) {
            return v.get(index);
        }
        if (vector instanceof Float2Vector v) {
            return v.getValueAsFloat(index);
        }
        if (vector instanceof BitVector v) {
            return v.get(index) != 0;
        }
        if (vector instanceof DecimalVector v) {
            return v.getObject(index);
        }
        if (vector instanceof Decimal256Vector v) {
            return v.getObject(index);
        }
        if (vector instanceof TimeStampVector v) {
            return v.get(index);
        }
        if (vector instanceof DurationVector v) {
            return DurationVector.get(v.getDataBuffer(), index);
        }
        if (vector instanceof DateDayVector v) {
            return v.get(index);
        }
        if (vector instanceof DateMilliVector v) {
            return v.get(index);
        }
        if (vector instanceof TimeSecVector v) {
            return v.get(index);
        }
        if (vector instanceof TimeMilliVector v) {
            return v.get(index);
        }
        if (vector instanceof TimeMicroVector v) {
            return v.get(index);
        }
        if (vector instanceof TimeNanoVector v) {
            return v.get(index);
        }
        if (vector instanceof IntervalYearVector v) {
            return v.getObject(index);
        }
        if (vector instanceof IntervalDayVector v) {
            return v.getObject(index);
        }
        if (vector instanceof IntervalMonthDayNanoVector v) {
            return v.getObject(index);
        }
        return new Unconverted(model.unsupported(vector, index));
    }

    private static List<Object> elements(ValueVector data, int start, int end, ValueModel model) {
        List<Object> out = new ArrayList<>(end - start);
        for (int i = start; i < end; i++) {
            out.add(read(data, i, model));
        }
        return out;
    }
}
