package dev.vgi.core.pushdown;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.arrow.vector.BaseVariableWidthViewVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.Decimal256Vector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.DurationVector;
import org.apache.arrow.vector.ExtensionTypeVector;
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
import org.apache.arrow.vector.PeriodDuration;
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
import org.apache.arrow.vector.ViewVarBinaryVector;
import org.apache.arrow.vector.ViewVarCharVector;
import org.apache.arrow.vector.complex.BaseListVector;
import org.apache.arrow.vector.complex.DenseUnionVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.LargeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.complex.UnionVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Reads one cell of an Arrow vector as the Java value documented on {@link FilterExpression}.
 * Extension types are recognised by their field metadata ({@code ARROW:extension:name}) or by a
 * registered Arrow Java extension type.
 */
final class ArrowValues {

    static final String EXTENSION_NAME = "ARROW:extension:name";

    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    private ArrowValues() {
    }

    /** The extension name of {@code field}, or {@code null}. */
    static String extensionName(Field field) {
        if (field.getType() instanceof ArrowType.ExtensionType ext) {
            return ext.extensionName();
        }
        Map<String, String> metadata = field.getMetadata();
        return metadata == null ? null : metadata.get(EXTENSION_NAME);
    }

    /** The value of row {@code row} of {@code vector} (whose field is {@code field}). */
    static Object get(ValueVector vector, int row) {
        return get(vector, vector.getField(), row);
    }

    static Object get(ValueVector vector, Field field, int row) {
        if (vector.isNull(row)) {
            return null;
        }
        String extension = extensionName(field);
        ValueVector storage = vector instanceof ExtensionTypeVector<?> ext ? ext.getUnderlyingVector() : vector;
        if (extension != null) {
            switch (extension) {
                case "arrow.bool8":
                    if (storage instanceof TinyIntVector t) {
                        return t.get(row) != 0;
                    }
                    break;
                case "arrow.uuid":
                    if (storage instanceof FixedSizeBinaryVector f && f.getByteWidth() == 16) {
                        ByteBuffer b = ByteBuffer.wrap(f.get(row));
                        return new UUID(b.getLong(), b.getLong());
                    }
                    break;
                default:
                    break;
            }
        }
        return plain(storage, row);
    }

    private static Object plain(ValueVector v, int row) {
        if (v instanceof BitVector b) {
            return b.get(row) != 0;
        }
        if (v instanceof BigIntVector b) {
            return b.get(row);
        }
        if (v instanceof IntVector b) {
            return (long) b.get(row);
        }
        if (v instanceof SmallIntVector b) {
            return (long) b.get(row);
        }
        if (v instanceof TinyIntVector b) {
            return (long) b.get(row);
        }
        if (v instanceof UInt1Vector b) {
            return (long) (b.get(row) & 0xFF);
        }
        if (v instanceof UInt2Vector b) {
            return (long) b.get(row);
        }
        if (v instanceof UInt4Vector b) {
            return b.get(row) & 0xFFFFFFFFL;
        }
        if (v instanceof UInt8Vector b) {
            long raw = b.get(row);
            BigInteger value = BigInteger.valueOf(raw);
            return raw < 0 ? value.add(TWO_64) : value;
        }
        if (v instanceof Float8Vector b) {
            return b.get(row);
        }
        if (v instanceof Float4Vector b) {
            return (double) b.get(row);
        }
        if (v instanceof Float2Vector b) {
            return (double) b.getValueAsFloat(row);
        }
        if (v instanceof DecimalVector b) {
            return b.getObject(row);
        }
        if (v instanceof Decimal256Vector b) {
            return b.getObject(row);
        }
        if (v instanceof VarCharVector b) {
            return new String(b.get(row), StandardCharsets.UTF_8);
        }
        if (v instanceof LargeVarCharVector b) {
            return new String(b.get(row), StandardCharsets.UTF_8);
        }
        if (v instanceof ViewVarCharVector b) {
            return new String(b.get(row), StandardCharsets.UTF_8);
        }
        if (v instanceof VarBinaryVector b) {
            return Bytes.wrap(b.get(row));
        }
        if (v instanceof LargeVarBinaryVector b) {
            return Bytes.wrap(b.get(row));
        }
        if (v instanceof ViewVarBinaryVector b) {
            return Bytes.wrap(b.get(row));
        }
        if (v instanceof BaseVariableWidthViewVector b) {
            return Bytes.wrap(b.get(row));
        }
        if (v instanceof FixedSizeBinaryVector b) {
            return Bytes.wrap(b.get(row));
        }
        if (v instanceof DateDayVector b) {
            return LocalDate.ofEpochDay(b.get(row));
        }
        if (v instanceof DateMilliVector b) {
            return LocalDate.ofEpochDay(Math.floorDiv(b.get(row), 86_400_000L));
        }
        if (v instanceof TimeSecVector b) {
            return LocalTime.ofSecondOfDay(b.get(row));
        }
        if (v instanceof TimeMilliVector b) {
            return LocalTime.ofNanoOfDay(b.get(row) * 1_000_000L);
        }
        if (v instanceof TimeMicroVector b) {
            return LocalTime.ofNanoOfDay(b.get(row) * 1_000L);
        }
        if (v instanceof TimeNanoVector b) {
            return LocalTime.ofNanoOfDay(b.get(row));
        }
        if (v instanceof TimeStampVector b) {
            ArrowType.Timestamp type = (ArrowType.Timestamp) b.getField().getType();
            Instant instant = instant(b.get(row), type.getUnit());
            return type.getTimezone() == null ? LocalDateTime.ofInstant(instant, ZoneOffset.UTC) : instant;
        }
        if (v instanceof IntervalMonthDayNanoVector b) {
            return b.getObject(row);
        }
        if (v instanceof IntervalDayVector b) {
            Duration d = b.getObject(row);
            long days = d.toDays();
            return new PeriodDuration(Period.ofDays((int) days), d.minusDays(days));
        }
        if (v instanceof IntervalYearVector b) {
            return new PeriodDuration(Period.ofMonths(b.get(row)), Duration.ZERO);
        }
        if (v instanceof DurationVector b) {
            return b.getObject(row);
        }
        if (v instanceof MapVector m) {
            return map(m, row);
        }
        if (v instanceof ListVector || v instanceof FixedSizeListVector) {
            BaseListVector l = (BaseListVector) v;
            return list(childOf(l), l.getElementStartIndex(row), l.getElementEndIndex(row));
        }
        if (v instanceof LargeListVector l) {
            return list(l.getDataVector(), Math.toIntExact(l.getElementStartIndex(row)),
                    Math.toIntExact(l.getElementEndIndex(row)));
        }
        if (v instanceof StructVector s) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (String name : s.getChildFieldNames()) {
                ValueVector child = s.getChild(name);
                out.put(name, get(child, row));
            }
            return Collections.unmodifiableMap(out);
        }
        if (v instanceof UnionVector u) {
            ValueVector child = u.getVectorByType(u.getTypeValue(row));
            return child == null ? null : get(child, row);
        }
        if (v instanceof DenseUnionVector u) {
            ValueVector child = u.getVectorByType(u.getTypeId(row));
            return child == null ? null : get(child, u.getOffset(row));
        }
        if (v instanceof NullVector) {
            return null;
        }
        return v.getObject(row);
    }

    private static Instant instant(long value, org.apache.arrow.vector.types.TimeUnit unit) {
        return switch (unit) {
            case SECOND -> Instant.ofEpochSecond(value);
            case MILLISECOND -> Instant.ofEpochMilli(value);
            case MICROSECOND -> Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000L),
                    TimeUnit.MICROSECONDS.toNanos(Math.floorMod(value, 1_000_000L)));
            case NANOSECOND -> Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000_000L),
                    Math.floorMod(value, 1_000_000_000L));
        };
    }

    private static List<Object> list(ValueVector child, int start, int end) {
        List<Object> out = new ArrayList<>(end - start);
        for (int i = start; i < end; i++) {
            out.add(get(child, i));
        }
        return Collections.unmodifiableList(out);
    }

    private static ValueVector childOf(BaseListVector v) {
        if (v instanceof ListVector l) {
            return l.getDataVector();
        }
        return ((FixedSizeListVector) v).getDataVector();
    }

    private static Map<Object, Object> map(MapVector m, int row) {
        StructVector entries = (StructVector) m.getDataVector();
        ValueVector keys = entries.getChildByOrdinal(0);
        ValueVector values = entries.getChildByOrdinal(1);
        Map<Object, Object> out = new LinkedHashMap<>();
        for (int i = m.getElementStartIndex(row); i < m.getElementEndIndex(row); i++) {
            out.put(get(keys, i), get(values, i));
        }
        return Collections.unmodifiableMap(out);
    }
}
