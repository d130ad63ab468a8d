package dev.vgi.core.arrow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Period;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntervalYearVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ViewVarCharVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/** The value model of {@link ArrowValues}: each Arrow type written from and read back as its Java form. */
class ArrowValuesTest {

    private static Object roundTrip(BufferAllocator allocator, ArrowType type, Object value, int index) {
        try (FieldVector v = ArrowFields.optional("v", type).createVector(allocator)) {
            v.allocateNew();
            ArrowValues.write(v, index, value);
            v.setValueCount(index + 1);
            for (int i = 0; i < index; i++) {
                assertNull(ArrowValues.read(v, i), "untouched slots stay null");
            }
            return ArrowValues.read(v, index);
        }
    }

    @Test
    void scalarsRoundTripAtAnyIndex() {
        try (RootAllocator allocator = new RootAllocator()) {
            for (int index : new int[] {0, 5000}) {
                assertEquals("héllo", roundTrip(allocator, ArrowFields.UTF8, "héllo", index));
                assertEquals("INPUT", roundTrip(allocator, ArrowFields.UTF8, Phase.INPUT, index));
                assertEquals("x", roundTrip(allocator, ArrowType.LargeUtf8.INSTANCE, "x", index));
                assertArrayEquals(new byte[] {1, 2}, (byte[]) roundTrip(allocator, ArrowFields.BINARY, new byte[] {1, 2}, index));
                assertArrayEquals(new byte[] {3}, (byte[]) roundTrip(allocator, ArrowFields.LARGE_BINARY, new byte[] {3}, index));
                assertEquals(Long.MAX_VALUE, roundTrip(allocator, ArrowFields.INT64, Long.MAX_VALUE, index));
                assertEquals(-5, roundTrip(allocator, ArrowFields.INT32, -5L, index));
                assertEquals(-300, roundTrip(allocator, ArrowFields.INT16, -300, index));
                assertEquals(-7, roundTrip(allocator, new ArrowType.Int(8, true), -7, index));
                assertEquals(200, roundTrip(allocator, new ArrowType.Int(8, false), 200, index));
                assertEquals(65000, roundTrip(allocator, new ArrowType.Int(16, false), 65000, index));
                assertEquals(4_000_000_000L, roundTrip(allocator, new ArrowType.Int(32, false), 4_000_000_000L, index));
                assertEquals(-1L, roundTrip(allocator, ArrowFields.UINT64, -1L, index));
                assertEquals(2.5, roundTrip(allocator, ArrowFields.FLOAT64, 2.5f, index));
                assertEquals(true, roundTrip(allocator, ArrowFields.BOOL, true, index));
                assertEquals(new BigDecimal("12.3400"), roundTrip(allocator, new ArrowType.Decimal(20, 4, 128), new BigDecimal("12.3400"), index));
                assertNull(roundTrip(allocator, ArrowFields.INT64, null, index));
                assertNull(roundTrip(allocator, ArrowFields.UTF8, null, index));
            }
        }
    }

    enum Phase {
        INPUT
    }

    @Test
    void temporalValuesReadBackAsTheirStoredNumber() {
        try (RootAllocator allocator = new RootAllocator()) {
            Instant at = Instant.parse("2026-01-02T03:04:05.123456Z");
            assertEquals(1_767_323_045_123_456L, roundTrip(allocator, ArrowFields.TIMESTAMP_US_UTC, at, 0));
            assertEquals(1_767_323_045_123L, roundTrip(allocator, new ArrowType.Timestamp(TimeUnit.MILLISECOND, null), at, 0));
            assertEquals(7L, roundTrip(allocator, ArrowFields.TIMESTAMP_US_UTC, 7L, 0));
            assertEquals(1_500_000_000L, roundTrip(allocator, new ArrowType.Duration(TimeUnit.NANOSECOND), Duration.ofMillis(1500), 0));
            assertEquals(1_500_000L, roundTrip(allocator, new ArrowType.Duration(TimeUnit.MICROSECOND), Duration.ofMillis(1500), 3));
            assertEquals(20_455, roundTrip(allocator, new ArrowType.Date(DateUnit.DAY), LocalDate.of(2026, 1, 2), 0));
            assertEquals(20_455L * 86_400_000L, roundTrip(allocator, new ArrowType.Date(DateUnit.MILLISECOND), LocalDate.of(2026, 1, 2), 0));
            assertEquals(3_723, roundTrip(allocator, new ArrowType.Time(TimeUnit.SECOND, 32), LocalTime.of(1, 2, 3), 0));
            assertEquals(3_723_000_000L, roundTrip(allocator, new ArrowType.Time(TimeUnit.MICROSECOND, 64), LocalTime.of(1, 2, 3), 0));
            assertEquals(0, allocator.getAllocatedMemory());
        }
    }

    @Test
    void nestedValuesRoundTripThroughARow() {
        Field point = ArrowFields.struct("p", true, ArrowFields.required("x", ArrowFields.FLOAT64), ArrowFields.optional("label", ArrowFields.UTF8));
        Schema schema = new Schema(List.of(
                ArrowFields.list("xs", true, ArrowFields.INT64),
                ArrowFields.map("m", false, ArrowFields.INT64),
                point,
                ArrowFields.list("ps", false, ArrowFields.struct("item", true, ArrowFields.required("x", ArrowFields.FLOAT64)))));
        List<Object> xs = new ArrayList<>();
        xs.add(1L);
        xs.add(null);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("b", 2L);
        m.put("a", null);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("x", 1.5);
        p.put("label", null);
        List<Object> ps = new ArrayList<>();
        ps.add(Map.of("x", 2.0));
        ps.add(null);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("xs", xs);
        row.put("m", m);
        row.put("p", p);
        row.put("ps", ps);
        try (RootAllocator allocator = new RootAllocator(); VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
            root.allocateNew();
            ArrowValues.writeRow(root, 0, row);
            ArrowValues.writeRow(root, 1, Map.of("m", Map.of()));
            root.setRowCount(2);
            Map<String, Object> back = ArrowValues.readRow(root, 0);
            assertEquals(row, back);
            assertEquals(List.of("b", "a"), new ArrayList<>(((Map<?, ?>) back.get("m")).keySet()), "maps keep their order");
            Map<String, Object> second = ArrowValues.readRow(root, 1);
            assertNull(second.get("xs"));
            assertEquals(Map.of(), second.get("m"));
            assertNull(second.get("p"));
        }
    }

    @Test
    void wrongJavaTypesAndUnsupportedVectorsFail() {
        try (RootAllocator allocator = new RootAllocator()) {
            assertThrows(ClassCastException.class, () -> roundTrip(allocator, ArrowFields.UTF8, 5, 0));
            assertThrows(IllegalArgumentException.class, () -> roundTrip(allocator, new ArrowType.Interval(
                    org.apache.arrow.vector.types.IntervalUnit.DAY_TIME), 5, 0));
        }
    }

    @Test
    void readOnlyTypesAndDerivedModels() {
        try (RootAllocator allocator = new RootAllocator()) {
            Field list = new Field("fsl", FieldType.nullable(new ArrowType.FixedSizeList(2)),
                    List.of(ArrowFields.optional("item", ArrowFields.INT32)));
            try (FixedSizeListVector v = (FixedSizeListVector) list.createVector(allocator);
                    ViewVarCharVector view = new ViewVarCharVector("view", allocator);
                    IntervalYearVector months = new IntervalYearVector("months", allocator)) {
                v.allocateNew();
                v.setNotNull(0);
                ArrowValues.write(v.getDataVector(), 0, 7);
                ArrowValues.write(v.getDataVector(), 1, null);
                v.setNull(1);
                v.setValueCount(2);
                assertEquals(Arrays.asList(7, null), ArrowValues.read(v, 0));
                assertNull(ArrowValues.read(v, 1));
                view.setSafe(0, "\u03bb".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                view.setValueCount(1);
                assertEquals("\u03bb", ArrowValues.read(view, 0));
                months.setSafe(0, 14);
                months.setValueCount(1);
                assertEquals(Period.ofMonths(14), ArrowValues.read(months, 0));

                // a derived model sees each value with its field, elements before their list
                List<String> seen = new ArrayList<>();
                ArrowValues.ValueModel model = (field, value) -> {
                    seen.add(field.getName());
                    return value instanceof Integer i ? (long) i : value;
                };
                assertEquals(Arrays.asList(7L, null), ArrowValues.read(v, list, 0, model));
                assertEquals(List.of(v.getDataVector().getName(), "fsl"), seen, "nulls skip the model");
            }
        }
    }
}
