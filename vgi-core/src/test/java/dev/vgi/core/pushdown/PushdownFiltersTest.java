package dev.vgi.core.pushdown;

import static dev.vgi.core.pushdown.FilterBatchWriter.column;
import static dev.vgi.core.pushdown.FilterBatchWriter.comparison;
import static dev.vgi.core.pushdown.FilterBatchWriter.literal;
import static dev.vgi.core.pushdown.FilterBatchWriter.predicate;
import static dev.vgi.core.pushdown.FilterBatchWriter.snapshot;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.DurationVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.IntervalMonthDayNanoVector;
import org.apache.arrow.vector.PeriodDuration;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.complex.impl.UnionListWriter;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.IntervalUnit;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

import dev.vgi.core.ArrowMemoryTest;
import dev.vgi.core.pushdown.FilterException.Reason;
import dev.vgi.core.pushdown.FilterExpression.Call;
import dev.vgi.core.pushdown.FilterExpression.ColumnRef;
import dev.vgi.core.pushdown.FilterExpression.Comparison;
import dev.vgi.core.pushdown.FilterExpression.ComparisonOp;
import dev.vgi.core.pushdown.FilterExpression.Literal;
import dev.vgi.core.pushdown.FilterExpression.Unsupported;

/** Decoding of v2 filter batches into the model: the captured batch, literal values, errors, limits, deltas. */
class PushdownFiltersTest extends ArrowMemoryTest {

    /** The §6.2 filter_echo batch, serialised by the reference builder (vgi-python 0.47.0). */
    static final String CAPTURED_B64 = String.join("",
            "/////4ABAAAQAAAAAAAKAA4ABgAFAAgACgAAAAABBAAQAAAAAAAKAAwAAAAEAAgACgAAALwAAAAEAAAAAwAAAHgAAABAAAAA",
            "BAAAAJz///8YAAAABAAAAAsAAAB2Z2kubm9uZS52MQAWAAAAdmdpX2V2YWx1YXRpb25fY29udGV4dAAA1P///xAAAAAEAAAA",
            "AQAAADIAAAASAAAAdmdpX2ZpbHRlcl92ZXJzaW9uAAAIAAwABAAIAAgAAAAcAAAABAAAAA4AAAB2Z2kuZmlsdGVycy52MgAA",
            "EwAAAHZnaV9maWx0ZXJfZW5jb2RpbmcAAgAAAGAAAAAUAAAAEAAUAAgABgAHAAwAAAAQABAAAAAAAAECEAAAACAAAAAEAAAA",
            "AAAAAAcAAAB2YWx1ZV8wAAgADAAIAAcACAAAAAAAAAFAAAAAEAAUAAgAAAAHAAwAAAAQABAAAAAAAAAFEAAAACAAAAAEAAAA",
            "AAAAAAsAAABmaWx0ZXJfc3BlYwAEAAQABAAAAAAAAAD/////yAAAABQAAAAAAAAADAAWAAYABQAIAAwADAAAAAADBAAYAAAA",
            "SAEAAAAAAAAAAAoAGAAMAAQACAAKAAAAbAAAABAAAAABAAAAAAAAAAAAAAAFAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "CAAAAAAAAAAIAAAAAAAAADUBAAAAAAAAQAEAAAAAAAAAAAAAAAAAAEABAAAAAAAACAAAAAAAAAAAAAAAAgAAAAEAAAAAAAAA",
            "AAAAAAAAAAABAAAAAAAAAAAAAAAAAAAAAAAAADUBAAB7ImVuY29kaW5nIjoidmdpLmZpbHRlcnMudjIiLCJzZW1hbnRpY3Mi",
            "OiJ2Z2kuZHVja2RiLnN0YW5kYXJkLnYxIiwia2luZCI6InNuYXBzaG90IiwicHJlZGljYXRlcyI6W3siaWQiOiJwMCIsInJl",
            "dmlzaW9uIjowLCJtb2RlIjoicmVxdWlyZWQiLCJzb3VyY2UiOiJxdWVyeSIsImV4cHJlc3Npb24iOnsibm9kZSI6ImNvbXBh",
            "cmlzb24iLCJvcCI6ImdlIiwibGVmdCI6eyJub2RlIjoiY29sdW1uX3JlZiIsImNvbHVtbl9pbmRleCI6MCwiY29sdW1uX25h",
            "bWUiOiJuIn0sInJpZ2h0Ijp7Im5vZGUiOiJsaXRlcmFsIiwidmFsdWVfcmVmIjowfX19XX0AAAAIAAAAAAAAAP////8AAAAA");

    /** The §6.2 document, verbatim. */
    static final String CAPTURED_DOCUMENT = "{\"encoding\":\"vgi.filters.v2\",\"semantics\":\"vgi.duckdb.standard.v1\","
            + "\"kind\":\"snapshot\",\"predicates\":[{\"id\":\"p0\",\"revision\":0,\"mode\":\"required\",\"source\":"
            + "\"query\",\"expression\":{\"node\":\"comparison\",\"op\":\"ge\",\"left\":{\"node\":\"column_ref\","
            + "\"column_index\":0,\"column_name\":\"n\"},\"right\":{\"node\":\"literal\",\"value_ref\":0}}}]}";

    private byte[] int64Filter(String document, long value) {
        return new FilterBatchWriter(allocator).payload("value_0", new ArrowType.Int(64, true),
                v -> ((BigIntVector) v).setSafe(0, value)).build(document);
    }

    @Test
    void capturedReferenceBatchDecodes() {
        byte[] bytes = Base64.getDecoder().decode(CAPTURED_B64);
        PushdownFilters filters = PushdownFilters.decode(bytes, List.of(), allocator);
        assertEquals(CAPTURED_DOCUMENT, filters.document());
        assertSame(bytes, filters.encodedBatch());
        assertFalse(filters.isEmpty());
        assertEquals(EvaluationContext.NONE_CONTEXT, filters.evaluationContext());
        assertEquals("vgi.duckdb.standard.v1", filters.semantics());
        assertEquals(1, filters.predicates().size());
        Predicate p = filters.predicates().get(0);
        assertEquals("p0", p.id());
        assertEquals(0, p.revision());
        assertEquals(PredicateMode.REQUIRED, p.mode());
        assertTrue(p.required());
        assertEquals(PredicateSource.QUERY, p.source());
        Comparison c = assertInstanceOf(Comparison.class, p.expression());
        assertEquals(ComparisonOp.GE, c.op());
        assertEquals(new ColumnRef(0, "n"), c.left());
        Literal l = assertInstanceOf(Literal.class, c.right());
        assertEquals(0, l.valueRef());
        assertEquals(new ArrowType.Int(64, true), l.field().getType());
        assertEquals(8L, l.value());
        assertEquals("n >= 8", filters.toString());
        assertEquals(List.of(new ColumnRef(0, "n")), filters.columns());
        assertEquals(Map.of("p0", 0L), filters.revisions());
        assertEquals(List.of(p), filters.requiredPredicates());
        assertTrue(filters.advisoryPredicates().isEmpty());
    }

    @Test
    void javaBuiltBatchDecodesLikeTheReferenceBatch() {
        PushdownFilters java = PushdownFilters.decode(int64Filter(CAPTURED_DOCUMENT, 8), List.of(), allocator);
        PushdownFilters reference = PushdownFilters.decode(Base64.getDecoder().decode(CAPTURED_B64), List.of(), allocator);
        assertEquals(reference.predicates().toString(), java.predicates().toString());
        assertEquals(reference.document(), java.document());
    }

    @Test
    void noFilters() {
        assertSame(PushdownFilters.NONE, PushdownFilters.decode(null));
        assertSame(PushdownFilters.NONE, PushdownFilters.decode(new byte[0]));
        assertTrue(PushdownFilters.NONE.isEmpty());
        assertNull(PushdownFilters.NONE.document());
        assertEquals("(none)", PushdownFilters.NONE.toString());
        PushdownFilters empty = PushdownFilters.decode(new FilterBatchWriter(allocator).build(snapshot()));
        assertTrue(empty.isEmpty());
        assertTrue(FilterEvaluator.of(empty).keepsEverything());
    }

    @Test
    void compatibilityConstructorDecodesTheBytes() {
        byte[] bytes = Base64.getDecoder().decode(CAPTURED_B64);
        PushdownFilters filters = new PushdownFilters(CAPTURED_DOCUMENT, bytes);
        assertEquals("n >= 8", filters.toString());
        assertEquals(CAPTURED_DOCUMENT, new PushdownFilters(null, bytes).document());
        assertThrows(IllegalArgumentException.class, () -> new PushdownFilters("{}", bytes));
    }

    @Test
    void validateChecksColumnReferencesAgainstTheBindSchema() {
        PushdownFilters filters = PushdownFilters.decode(Base64.getDecoder().decode(CAPTURED_B64));
        Field n = Field.nullable("n", new ArrowType.Int(64, true));
        Field s = Field.nullable("s", ArrowType.Utf8.INSTANCE);
        filters.validate(new Schema(List.of(n, s)));
        FilterException renamed = assertThrows(FilterException.class, () -> filters.validate(new Schema(List.of(s, n))));
        assertEquals(Reason.MISSING_COLUMN, renamed.reason());
        assertTrue(renamed.getMessage().contains("'n'") && renamed.getMessage().contains("('s')"), renamed.getMessage());
        FilterException empty = assertThrows(FilterException.class, () -> filters.validate(new Schema(List.of())));
        assertTrue(empty.getMessage().contains("out of range"), empty.getMessage());
    }

    // ---- literal values ------------------------------------------------------------------------

    private Object literalValue(Field field, java.util.function.Consumer<org.apache.arrow.vector.FieldVector> fill) {
        String doc = snapshot(predicate("p", "advisory", comparison("eq", column(0, "x"), literal(0))));
        byte[] bytes = new FilterBatchWriter(allocator).payload(field, fill).build(doc);
        PushdownFilters filters = PushdownFilters.decode(bytes, List.of(), allocator);
        Literal l = (Literal) ((Comparison) filters.predicates().get(0).expression()).right();
        // An extension type registered with Arrow Java (e.g. arrow.uuid) surfaces as an ExtensionType.
        ArrowType type = l.field().getType() instanceof ArrowType.ExtensionType ext ? ext.storageType()
                : l.field().getType();
        assertEquals(field.getType(), type);
        return l.value();
    }

    private static Field field(ArrowType type) {
        return Field.nullable("value_0", type);
    }

    @Test
    void literalsBecomeJavaValuesOfTheirArrowType() {
        assertEquals(true, literalValue(field(ArrowType.Bool.INSTANCE), v -> ((BitVector) v).setSafe(0, 1)));
        assertEquals(-5L, literalValue(field(new ArrowType.Int(8, true)), v -> ((TinyIntVector) v).setSafe(0, -5)));
        assertEquals(255L, literalValue(field(new ArrowType.Int(8, false)), v -> ((UInt1Vector) v).setSafe(0, 255)));
        assertEquals(4294967295L, literalValue(field(new ArrowType.Int(32, false)),
                v -> ((UInt4Vector) v).setSafe(0, -1)));
        assertEquals(new BigInteger("18446744073709551615"), literalValue(field(new ArrowType.Int(64, false)),
                v -> ((UInt8Vector) v).setSafe(0, -1L)));
        assertEquals((double) 0.1f, literalValue(field(new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)),
                v -> ((Float4Vector) v).setSafe(0, 0.1f)));
        assertEquals(new BigDecimal("-12.34"), literalValue(field(new ArrowType.Decimal(10, 2, 128)),
                v -> ((DecimalVector) v).setSafe(0, new BigDecimal("-12.34"))));
        assertEquals("h\u00e9\uD83D\uDE00", literalValue(field(ArrowType.Utf8.INSTANCE),
                v -> ((VarCharVector) v).setSafe(0, "h\u00e9\uD83D\uDE00".getBytes(StandardCharsets.UTF_8))));
        assertEquals(Bytes.of(new byte[] {0, -1}), literalValue(field(ArrowType.Binary.INSTANCE),
                v -> ((VarBinaryVector) v).setSafe(0, new byte[] {0, -1})));
        assertEquals(LocalDate.of(2024, 2, 29), literalValue(field(new ArrowType.Date(DateUnit.DAY)),
                v -> ((DateDayVector) v).setSafe(0, (int) LocalDate.of(2024, 2, 29).toEpochDay())));
        assertEquals(LocalTime.of(12, 30, 0, 1000), literalValue(field(new ArrowType.Time(TimeUnit.MICROSECOND, 64)),
                v -> ((TimeMicroVector) v).setSafe(0, LocalTime.of(12, 30, 0, 1000).toNanoOfDay() / 1000)));
        assertEquals(LocalDateTime.of(1969, 12, 31, 23, 59, 59, 999_000_000),
                literalValue(field(new ArrowType.Timestamp(TimeUnit.MILLISECOND, null)),
                        v -> ((TimeStampMilliVector) v).setSafe(0, -1)));
        assertEquals(Instant.parse("2024-01-01T05:00:00Z"),
                literalValue(field(new ArrowType.Timestamp(TimeUnit.MICROSECOND, "America/New_York")),
                        v -> ((TimeStampMicroTZVector) v).setSafe(0, 1704085200000000L)));
        assertEquals(new PeriodDuration(java.time.Period.of(0, 1, 2), Duration.ofNanos(3000)),
                literalValue(field(new ArrowType.Interval(IntervalUnit.MONTH_DAY_NANO)),
                        v -> ((IntervalMonthDayNanoVector) v).setSafe(0, 1, 2, 3000)));
        assertEquals(Duration.ofMillis(-1500), literalValue(field(new ArrowType.Duration(TimeUnit.MILLISECOND)),
                v -> ((DurationVector) v).setSafe(0, -1500)));
        assertNull(literalValue(field(new ArrowType.Int(64, true)), v -> ((BigIntVector) v).setNull(0)));
        assertNull(literalValue(field(ArrowType.Null.INSTANCE), v -> { }));
    }

    @Test
    void extensionLiterals() {
        UUID uuid = UUID.fromString("f81d4fae-7dec-11d0-a765-00a0c91e6bf6");
        Field uuidField = new Field("value_0", new FieldType(true, new ArrowType.FixedSizeBinary(16), null,
                Map.of("ARROW:extension:name", "arrow.uuid", "ARROW:extension:metadata", "")), null);
        assertEquals(uuid, literalValue(uuidField, v -> ((FixedSizeBinaryVector) v).setSafe(0,
                ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                        .putLong(uuid.getLeastSignificantBits()).array())));
        Field bool8 = new Field("value_0", new FieldType(true, new ArrowType.Int(8, true), null,
                Map.of("ARROW:extension:name", "arrow.bool8")), null);
        assertEquals(false, literalValue(bool8, v -> ((TinyIntVector) v).setSafe(0, 0)));
        Field opaque = new Field("value_0", new FieldType(true, new ArrowType.FixedSizeBinary(16), null,
                Map.of("ARROW:extension:name", "arrow.opaque")), null);
        FilterException e = assertThrows(FilterException.class, () -> literalValue(opaque,
                v -> ((FixedSizeBinaryVector) v).setSafe(0, new byte[16])));
        assertTrue(e.getMessage().contains("arrow.opaque"), e.getMessage());
    }

    @Test
    void nestedLiterals() {
        Field listField = new Field("value_0", FieldType.nullable(new ArrowType.List()),
                List.of(Field.nullable("item", new ArrowType.Int(64, true))));
        Object list = literalValue(listField, v -> {
            UnionListWriter w = ((ListVector) v).getWriter();
            w.setPosition(0);
            w.startList();
            w.bigInt().writeBigInt(1);
            w.writeNull();
            w.bigInt().writeBigInt(3);
            w.endList();
        });
        assertEquals(java.util.Arrays.asList(1L, null, 3L), list);
        Field structField = new Field("value_0", FieldType.nullable(ArrowType.Struct.INSTANCE),
                List.of(Field.nullable("a", new ArrowType.Int(64, true)), Field.nullable("b", ArrowType.Utf8.INSTANCE)));
        Object struct = literalValue(structField, v -> {
            StructVector s = (StructVector) v;
            ((BigIntVector) s.getChild("a")).setSafe(0, 7);
            ((VarCharVector) s.getChild("b")).setNull(0);
            s.setIndexDefined(0);
        });
        Map<String, Object> expected = new java.util.LinkedHashMap<>();
        expected.put("a", 7L);
        expected.put("b", null);
        assertEquals(expected, struct);
        assertThrows(UnsupportedOperationException.class, () -> ((List<Object>) list).add(1L));
    }

    @Test
    void dictionaryEncodedLiteralIsDecoded() {
        DictionaryEncoding encoding = new DictionaryEncoding(1L, false, new ArrowType.Int(32, true));
        try (VarCharVector words = new VarCharVector("dict", allocator)) {
            words.allocateNew();
            words.setSafe(0, "red".getBytes(StandardCharsets.UTF_8));
            words.setSafe(1, "green".getBytes(StandardCharsets.UTF_8));
            words.setValueCount(2);
            DictionaryProvider.MapDictionaryProvider provider = new DictionaryProvider.MapDictionaryProvider();
            provider.put(new Dictionary(words, encoding));
            Field field = new Field("value_0", new FieldType(true, new ArrowType.Int(32, true), encoding), null);
            String doc = snapshot(predicate("p", "required", comparison("eq", column(0, "c"), literal(0))));
            byte[] bytes = new FilterBatchWriter(allocator).dictionaries(provider)
                    .payload(field, v -> ((org.apache.arrow.vector.IntVector) v).setSafe(0, 1)).build(doc);
            Literal l = (Literal) ((Comparison) PushdownFilters.decode(bytes, List.of(), allocator).predicates().get(0)
                    .expression()).right();
            assertEquals("green", l.value());
            assertEquals(ArrowType.Utf8.INSTANCE, l.field().getType());
        }
    }

    // ---- grammar --------------------------------------------------------------------------------

    @Test
    void unknownNodesAreKeptForTheFunctionToRefuse() {
        String node = "{\"node\":\"regex_match\",\"pattern\":\"a.*\",\"expression\":" + column(0, "s") + "}";
        PushdownFilters filters = PushdownFilters.decode(int64Filter(snapshot(predicate("p", "advisory", node)), 0));
        Unsupported u = assertInstanceOf(Unsupported.class, filters.predicates().get(0).expression());
        assertEquals("regex_match", u.node());
        assertEquals(node, u.json());
        assertTrue(FilterExpression.containsUnsupported(u));
        assertTrue(filters.columns().isEmpty(), "an unsupported node's insides are not interpreted");
    }

    @Test
    void callsKeepStandardAndExtensionFunctions() {
        String ext = "{\"node\":\"call\",\"function\":{\"namespace\":\"duckdb.spatial\",\"name\":\"intersects_extent\","
                + "\"version\":1},\"arguments\":[" + column(0, "g") + "," + literal(0) + "],\"options\":{}}";
        String std = "{\"node\":\"call\",\"function\":\"starts_with\",\"arguments\":[" + column(1, "s") + ","
                + literal(0) + "]}";
        PushdownFilters filters = PushdownFilters.decode(
                int64Filter(snapshot(predicate("a", "advisory", ext), predicate("b", "advisory", std)), 0));
        Call a = (Call) filters.predicates().get(0).expression();
        assertEquals(new FunctionIdentity("duckdb.spatial", "intersects_extent", 1), a.extension());
        assertNull(a.standardName());
        assertEquals(Map.of(), a.options());
        assertEquals("duckdb.spatial/intersects_extent@1", a.functionName());
        Call b = (Call) filters.predicates().get(1).expression();
        assertEquals("starts_with", b.standardName());
        assertEquals("starts_with(s, 0)", b.toString());
        FilterEvaluator evaluator = FilterEvaluator.of(filters);
        assertEquals(1, evaluator.skipped().size());
        assertTrue(evaluator.skipped().get(0).reason().contains("duckdb.spatial/intersects_extent@1"));
    }

    @Test
    void jsonErrorsAreTyped() {
        FilterException syntax = assertThrows(FilterException.class,
                () -> PushdownFilters.decode(int64Filter("{\"encoding\":", 0)));
        assertEquals(Reason.MALFORMED, syntax.reason());
        assertInstanceOf(dev.vgi.core.util.JsonParseException.class, syntax.getCause());
        StringBuilder big = new StringBuilder(snapshot());
        big.insert(big.length() - 1, ",\"pad\":\"" + "x".repeat(1 << 20) + "\"");
        FilterException large = assertThrows(FilterException.class,
                () -> PushdownFilters.decode(int64Filter(big.toString(), 0)));
        assertEquals(Reason.LIMIT_EXCEEDED, large.reason());
        assertTrue(large.getMessage().contains("1 MiB"), large.getMessage());
    }

    @Test
    void structuralLimits() {
        String leaf = comparison("ge", column(0, "n"), literal(0));
        String deep = leaf;
        // The root is at depth 1: 62 NOTs put the comparison at depth 63 and its operands at 64.
        for (int i = 0; i < 62; i++) {
            deep = "{\"node\":\"not\",\"expression\":" + deep + "}";
        }
        assertEquals(1, PushdownFilters.decode(int64Filter(snapshot(predicate("p", "required", deep)), 0))
                .predicates().size(), "depth 64 is allowed");
        String tooDeep = "{\"node\":\"not\",\"expression\":" + deep + "}";
        FilterException depth = assertThrows(FilterException.class,
                () -> PushdownFilters.decode(int64Filter(snapshot(predicate("p", "required", tooDeep)), 0)));
        assertEquals(Reason.LIMIT_EXCEEDED, depth.reason());
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 1025; i++) {
            many.add(predicate("p" + i, "required", leaf));
        }
        FilterException predicates = assertThrows(FilterException.class,
                () -> PushdownFilters.decode(int64Filter(snapshot(many.toArray(String[]::new)), 0)));
        assertEquals(Reason.LIMIT_EXCEEDED, predicates.reason());
        assertEquals(1024, PushdownFilters.decode(int64Filter(snapshot(many.subList(0, 1024).toArray(String[]::new)), 0))
                .predicates().size());
        // Over 10,000 nodes: 3,334 comparisons of 3 nodes each in one OR.
        String wide = "{\"node\":\"or\",\"children\":[" + String.join(",", Collections.nCopies(3334, leaf)) + "]}";
        FilterException nodes = assertThrows(FilterException.class,
                () -> PushdownFilters.decode(int64Filter(snapshot(predicate("p", "required", wide)), 0)));
        assertEquals(Reason.LIMIT_EXCEEDED, nodes.reason());
        assertTrue(nodes.getMessage().contains("node limit"), nodes.getMessage());
    }

    @Test
    void sessionContextIsExposed() {
        byte[] bytes = new FilterBatchWriter(allocator).metadata("vgi_evaluation_context", "vgi.duckdb.session.v1")
                .metadata("vgi_time_zone", "Europe/Amsterdam").metadata("vgi_calendar", "gregorian")
                .metadata("vgi_default_collation", "nocase").metadata("vgi_ieee_floating_point_ops", "true")
                .metadata("vgi_integer_division", "false").metadata("vgi_context_provider_fingerprint", "fp")
                .payload("value_0", ArrowType.Utf8.INSTANCE,
                        v -> ((VarCharVector) v).setSafe(0, "a".getBytes(StandardCharsets.UTF_8)))
                .build(snapshot(predicate("p", "required", comparison("eq", column(0, "s"), literal(0)))));
        PushdownFilters filters = PushdownFilters.decode(bytes, List.of(), allocator);
        assertEquals(new EvaluationContext("vgi.duckdb.session.v1", "Europe/Amsterdam", "gregorian", "nocase", true,
                false, "fp"), filters.evaluationContext());
        // Under a case-insensitive default collation string comparisons are not evaluated natively.
        FilterException e = assertThrows(FilterException.class, () -> FilterEvaluator.of(filters,
                new Schema(List.of(Field.nullable("s", ArrowType.Utf8.INSTANCE)))));
        assertEquals(Reason.UNSUPPORTED, e.reason());
        assertTrue(e.getMessage().contains("nocase"), e.getMessage());
        byte[] incomplete = new FilterBatchWriter(allocator).metadata("vgi_evaluation_context", "vgi.duckdb.session.v1")
                .build(snapshot());
        assertEquals(Reason.MALFORMED, assertThrows(FilterException.class,
                () -> PushdownFilters.decode(incomplete)).reason());
    }

    // ---- deltas ---------------------------------------------------------------------------------

    @Test
    void deltasFromTickMetadata() {
        PushdownFilters snapshot = PushdownFilters.decode(Base64.getDecoder().decode(CAPTURED_B64));
        String upsert = "{\"encoding\":\"vgi.filters.v2\",\"semantics\":\"vgi.duckdb.standard.v1\",\"kind\":\"delta\","
                + "\"updates\":[{\"operation\":\"upsert\",\"id\":\"top\",\"revision\":4,\"mode\":\"advisory\","
                + "\"source\":\"top_n\",\"expression\":" + comparison("lt", column(0, "n"), literal(0)) + "}]}";
        PushdownFilters after = snapshot.applyDeltaBase64(Base64.getEncoder().encodeToString(int64Filter(upsert, 42)));
        assertEquals("n >= 8 AND n < 42", after.toString());
        assertEquals(Map.of("p0", 0L, "top", 4L), after.revisions());
        assertEquals("n >= 8", snapshot.toString(), "the snapshot is unchanged");
        PushdownFilters stale = after.applyDelta(int64Filter(upsert, 7));
        assertEquals("n >= 8 AND n < 42", stale.toString(), "a revision not above the last one is a no-op");
        String remove = "{\"encoding\":\"vgi.filters.v2\",\"semantics\":\"vgi.duckdb.standard.v1\",\"kind\":\"delta\","
                + "\"updates\":[{\"operation\":\"remove\",\"id\":\"top\",\"revision\":5}]}";
        PushdownFilters removed = after.applyDelta(new FilterBatchWriter(allocator).build(remove));
        assertEquals("n >= 8", removed.toString());
        assertEquals(5L, removed.revisions().get("top"), "tombstone");
        assertEquals(Reason.MALFORMED, assertThrows(FilterException.class,
                () -> snapshot.applyDeltaBase64("not base64!")).reason());
        assertEquals(Reason.MALFORMED, assertThrows(FilterException.class,
                () -> PushdownFilters.NONE.applyDelta(int64Filter(upsert, 1))).reason());
        byte[] otherContext = new FilterBatchWriter(allocator).metadata("vgi_evaluation_context", "vgi.duckdb.session.v1")
                .metadata("vgi_time_zone", "UTC").metadata("vgi_calendar", "gregorian")
                .metadata("vgi_default_collation", "").metadata("vgi_ieee_floating_point_ops", "true")
                .metadata("vgi_integer_division", "false").build(remove);
        FilterException changed = assertThrows(FilterException.class, () -> snapshot.applyDelta(otherContext));
        assertTrue(changed.getMessage().contains("evaluation context changed"), changed.getMessage());
    }

    @Test
    void literalRendering() {
        assertEquals("NULL", Rendering.literal(null));
        assertEquals("TRUE", Rendering.literal(true));
        assertEquals("'it''s'", Rendering.literal("it's"));
        assertEquals("'\\x00ff'::BLOB", Rendering.literal(Bytes.of(new byte[] {0, -1})));
        assertEquals("[1, NULL]", Rendering.literal(java.util.Arrays.asList(1L, null)));
        assertArrayEquals(new byte[] {0, -1}, Bytes.of(new byte[] {0, -1}).toByteArray());
    }
}
