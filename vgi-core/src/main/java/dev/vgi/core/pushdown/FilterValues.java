package dev.vgi.core.pushdown;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.arrow.vector.DurationVector;
import org.apache.arrow.vector.PeriodDuration;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

import dev.vgi.core.arrow.ArrowValues;

/**
 * Reads one cell of an Arrow vector as the Java value documented on {@link FilterExpression}: the
 * value {@link ArrowValues} reads, typed exactly ({@code Long} and {@code BigInteger} integers,
 * {@code Double} floats, {@link Bytes}, {@code java.time} values, {@code PeriodDuration} intervals,
 * unmodifiable collections). Extension types are recognised by their field metadata
 * ({@code ARROW:extension:name}) or by a registered Arrow Java extension type.
 */
final class FilterValues {

    static final String EXTENSION_NAME = "ARROW:extension:name";

    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    /** The evaluator's value model on top of {@link ArrowValues}'; other vector types keep {@code getObject}. */
    private static final ArrowValues.ValueModel MODEL = new ArrowValues.ValueModel() {
        @Override
        public Object convert(Field field, Object value) {
            return typed(field, value);
        }

        @Override
        public Object unsupported(ValueVector vector, int index) {
            return vector.getObject(index);
        }
    };

    private FilterValues() {
    }

    /** The extension name of {@code field}, or {@code null}. */
    static String extensionName(Field field) {
        if (field.getType() instanceof ArrowType.ExtensionType ext) {
            return ext.extensionName();
        }
        Map<String, String> metadata = field.getMetadata();
        return metadata == null ? null : metadata.get(EXTENSION_NAME);
    }

    /** The value of row {@code row} of {@code vector}. */
    static Object get(ValueVector vector, int row) {
        return get(vector, vector.getField(), row);
    }

    /** The value of row {@code row} of {@code vector}, whose extension metadata is {@code field}'s. */
    static Object get(ValueVector vector, Field field, int row) {
        return ArrowValues.read(vector, field, row, MODEL);
    }

    /** The evaluator's value of a non-null cell of {@code field} whose {@link ArrowValues} value is {@code value}. */
    private static Object typed(Field field, Object value) {
        ArrowType type = field.getType() instanceof ArrowType.ExtensionType e ? e.storageType() : field.getType();
        String extension = extensionName(field);
        if ("arrow.bool8".equals(extension) && type instanceof ArrowType.Int i && i.getBitWidth() == 8 && i.getIsSigned()) {
            return ((Integer) value) != 0;
        }
        if ("arrow.uuid".equals(extension) && type instanceof ArrowType.FixedSizeBinary f && f.getByteWidth() == 16) {
            ByteBuffer b = ByteBuffer.wrap((byte[]) value);
            return new UUID(b.getLong(), b.getLong());
        }
        if (type instanceof ArrowType.Int i) {
            if (i.getBitWidth() == 64 && !i.getIsSigned()) {
                long raw = (Long) value;
                BigInteger unsigned = BigInteger.valueOf(raw);
                return raw < 0 ? unsigned.add(TWO_64) : unsigned;
            }
            return ((Number) value).longValue();
        }
        if (type instanceof ArrowType.FloatingPoint) {
            return ((Number) value).doubleValue();
        }
        if (type instanceof ArrowType.Binary || type instanceof ArrowType.LargeBinary
                || type instanceof ArrowType.BinaryView || type instanceof ArrowType.FixedSizeBinary) {
            return Bytes.wrap((byte[]) value);
        }
        if (type instanceof ArrowType.Date d) {
            long n = ((Number) value).longValue();
            return LocalDate.ofEpochDay(d.getUnit() == DateUnit.DAY ? n : Math.floorDiv(n, 86_400_000L));
        }
        if (type instanceof ArrowType.Time t) {
            long n = ((Number) value).longValue();
            return switch (t.getUnit()) {
                case SECOND -> LocalTime.ofSecondOfDay(n);
                case MILLISECOND -> LocalTime.ofNanoOfDay(n * 1_000_000L);
                case MICROSECOND -> LocalTime.ofNanoOfDay(n * 1_000L);
                case NANOSECOND -> LocalTime.ofNanoOfDay(n);
            };
        }
        if (type instanceof ArrowType.Timestamp t) {
            Instant instant = instant((Long) value, t.getUnit());
            return t.getTimezone() == null ? LocalDateTime.ofInstant(instant, ZoneOffset.UTC) : instant;
        }
        if (type instanceof ArrowType.Duration d) {
            return DurationVector.toDuration((Long) value, d.getUnit());
        }
        if (type instanceof ArrowType.Interval) {
            if (value instanceof Period months) {
                // year_month
                return new PeriodDuration(months, Duration.ZERO);
            }
            if (value instanceof Duration d) {
                // day_time
                long days = d.toDays();
                return new PeriodDuration(Period.ofDays((int) days), d.minusDays(days));
            }
            return value;
        }
        if (type instanceof ArrowType.List || type instanceof ArrowType.LargeList
                || type instanceof ArrowType.FixedSizeList) {
            return Collections.unmodifiableList((List<?>) value);
        }
        if (type instanceof ArrowType.Struct || type instanceof ArrowType.Map) {
            return Collections.unmodifiableMap((Map<?, ?>) value);
        }
        return value;
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
}
