package dev.vgi.core.pushdown;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.arrow.vector.PeriodDuration;

import dev.vgi.core.util.CodePoints;

/**
 * DuckDB's total order on non-NULL values of comparable types (the Java values of
 * {@link FilterExpression}):
 * <ul>
 * <li>numbers compare exactly across integer and decimal types; when either side is floating
 * point both compare as {@code double}, where NaN equals NaN and is above every other value, and
 * {@code -0.0 = 0.0};</li>
 * <li>strings compare by code point (= UTF-8 bytes, DuckDB's binary collation), blobs by unsigned
 * bytes, UUIDs as unsigned 128-bit numbers;</li>
 * <li>a date compares with a timestamp as midnight of that day;</li>
 * <li>intervals compare after normalisation (24-hour days, 30-day months);</li>
 * <li>lists compare element by element then by length, structs field by field; inside them NULL
 * equals NULL and sorts above every value.</li>
 * </ul>
 */
final class SqlOrder {

    static final Comparator<Object> COMPARATOR = SqlOrder::compare;

    private static final long MICROS_PER_DAY = 86_400_000_000L;
    private static final long DAYS_PER_MONTH = 30;

    private SqlOrder() {
    }

    /** Compares two non-NULL values. */
    static int compare(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return compareNumbers(x, y);
        }
        if (a instanceof String x && b instanceof String y) {
            return CodePoints.compare(x, y);
        }
        if (a instanceof Boolean x && b instanceof Boolean y) {
            return Boolean.compare(x, y);
        }
        if (a instanceof Bytes x && b instanceof Bytes y) {
            return x.compareTo(y);
        }
        if (a instanceof UUID x && b instanceof UUID y) {
            int c = Long.compareUnsigned(x.getMostSignificantBits(), y.getMostSignificantBits());
            return c != 0 ? c : Long.compareUnsigned(x.getLeastSignificantBits(), y.getLeastSignificantBits());
        }
        if (a instanceof LocalDate x && b instanceof LocalDate y) {
            return x.compareTo(y);
        }
        if (a instanceof LocalDateTime x && b instanceof LocalDateTime y) {
            return x.compareTo(y);
        }
        if (a instanceof LocalDate x && b instanceof LocalDateTime y) {
            return x.atStartOfDay().compareTo(y);
        }
        if (a instanceof LocalDateTime x && b instanceof LocalDate y) {
            return x.compareTo(y.atStartOfDay());
        }
        if (a instanceof Instant x && b instanceof Instant y) {
            return x.compareTo(y);
        }
        if (a instanceof LocalTime x && b instanceof LocalTime y) {
            return x.compareTo(y);
        }
        if (a instanceof Duration x && b instanceof Duration y) {
            return x.compareTo(y);
        }
        if (a instanceof PeriodDuration x && b instanceof PeriodDuration y) {
            return compareIntervals(x, y);
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            return compareLists(x, y);
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            return compareStructs(x, y);
        }
        throw new FilterException(FilterException.Reason.TYPE_MISMATCH,
                "cannot compare " + a.getClass().getSimpleName() + " with " + b.getClass().getSimpleName());
    }

    /** SQL equality of two non-NULL values. */
    static boolean equal(Object a, Object b) {
        return compare(a, b) == 0;
    }

    static int compareNumbers(Number a, Number b) {
        if (a instanceof Long x && b instanceof Long y) {
            return Long.compare(x, y);
        }
        if (a instanceof Double || b instanceof Double || a instanceof Float || b instanceof Float) {
            return compareDoubles(a.doubleValue(), b.doubleValue());
        }
        if (a instanceof BigDecimal || b instanceof BigDecimal) {
            return decimal(a).compareTo(decimal(b));
        }
        return integer(a).compareTo(integer(b));
    }

    /** DuckDB's double order: NaN equals NaN and is the greatest; -0.0 equals 0.0. */
    static int compareDoubles(double x, double y) {
        boolean nx = Double.isNaN(x);
        boolean ny = Double.isNaN(y);
        if (nx || ny) {
            return nx == ny ? 0 : nx ? 1 : -1;
        }
        return x < y ? -1 : x > y ? 1 : 0;
    }

    static BigDecimal decimal(Number n) {
        if (n instanceof BigDecimal d) {
            return d;
        }
        if (n instanceof BigInteger i) {
            return new BigDecimal(i);
        }
        return BigDecimal.valueOf(n.longValue());
    }

    static BigInteger integer(Number n) {
        return n instanceof BigInteger i ? i : BigInteger.valueOf(n.longValue());
    }

    private static int compareIntervals(PeriodDuration a, PeriodDuration b) {
        long[] x = normalize(a);
        long[] y = normalize(b);
        for (int i = 0; i < 3; i++) {
            int c = Long.compare(x[i], y[i]);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /**
     * DuckDB's interval normalisation: whole days carried out of the microseconds, then whole
     * 30-day months out of the days (truncating, so signs are kept); gives (months, days, micros).
     */
    static long[] normalize(PeriodDuration p) {
        long months = p.getPeriod().toTotalMonths();
        long days = p.getPeriod().getDays();
        long micros = p.getDuration().getSeconds() * 1_000_000L + p.getDuration().getNano() / 1_000L;
        long carryDays = micros / MICROS_PER_DAY;
        micros -= carryDays * MICROS_PER_DAY;
        days += carryDays;
        long carryMonths = days / DAYS_PER_MONTH;
        days -= carryMonths * DAYS_PER_MONTH;
        return new long[] {months + carryMonths, days, micros};
    }

    private static int nested(Object x, Object y) {
        if (x == null || y == null) {
            return x == null ? (y == null ? 0 : 1) : -1;
        }
        return compare(x, y);
    }

    private static int compareLists(List<?> a, List<?> b) {
        int n = Math.min(a.size(), b.size());
        for (int i = 0; i < n; i++) {
            int c = nested(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    private static int compareStructs(Map<?, ?> a, Map<?, ?> b) {
        Iterator<?> x = a.values().iterator();
        Iterator<?> y = b.values().iterator();
        while (x.hasNext() && y.hasNext()) {
            int c = nested(x.next(), y.next());
            if (c != 0) {
                return c;
            }
        }
        return Boolean.compare(x.hasNext(), y.hasNext());
    }
}
