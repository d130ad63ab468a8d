package dev.vgi.core.worker;

import static dev.vgi.core.worker.TestCatalog.INT64;
import static dev.vgi.core.worker.TestFilters.cmp;
import static dev.vgi.core.worker.TestFilters.col;
import static dev.vgi.core.worker.TestFilters.delta;
import static dev.vgi.core.worker.TestFilters.int64;
import static dev.vgi.core.worker.TestFilters.isNull;
import static dev.vgi.core.worker.TestFilters.lit;
import static dev.vgi.core.worker.TestFilters.predicate;
import static dev.vgi.core.worker.TestFilters.snapshot;
import static dev.vgi.core.worker.TestFilters.unknown;
import static dev.vgi.core.worker.TestFilters.upsert;
import static dev.vgi.core.worker.TestFilters.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.vgi.core.arrow.SchemaMessages;
import dev.vgi.core.catalog.Catalog;
import dev.vgi.core.catalog.CatalogSchema;
import dev.vgi.core.function.TableCapabilities;
import dev.vgi.core.protocol.Record;
import dev.vgi.core.protocol.RecordWriter;
import dev.vgi.core.protocol.VgiProtocol;
import dev.vgi.core.protocol.VgiRecords;
import dev.vgi.core.rpc.RpcServer;

/**
 * Filter pushdown in the runtime over an in-process byte-stream connection: pushed filters applied
 * to scan output (also on columns DuckDB did not project), passed through for functions that apply
 * them exactly, refused at init when they cannot be evaluated, updated by tick-time deltas, carried
 * to secondary inits, applied to table-in-out output; per-call {@code max_workers}; the
 * {@code FunctionInfo} capability fields. Every test ends with no Arrow memory allocated.
 */
class VgiWorkerFiltersTest {

    private RootAllocator root;
    private TestCatalog.Sequence sequence;
    private TestCatalog.Numbers numbers;
    private TestCatalog.Numbers exact;
    private TestCatalog.Numbers parallel;
    private TestCatalog.EchoMarked echoFiltered;
    private VgiWorker worker;
    private WireClient client;
    private byte[] token;

    @BeforeEach
    void setUp() {
        root = new RootAllocator();
        sequence = new TestCatalog.Sequence();
        numbers = new TestCatalog.Numbers("numbers", TableCapabilities.projectionAndFilters());
        exact = new TestCatalog.Numbers("exact_numbers", new TableCapabilities(true, true, true, 1));
        parallel = new TestCatalog.Numbers("parallel_numbers", new TableCapabilities(false, true, false, 1));
        echoFiltered = new TestCatalog.EchoMarked("echo_filtered", true);
        Catalog catalog = Catalog.builder("filters").schema(CatalogSchema.builder("main")
                .function(sequence).function(numbers).function(exact).function(parallel)
                .function(echoFiltered).function(new TestCatalog.EchoMarked())
                .function(new TestCatalog.UpperCase())
                .build()).build();
        worker = VgiWorker.of(catalog);
        client = new WireClient(new RpcServer(List.of(worker.service()), "abcdefabcdef", root), root);
        token = client.callWrapped(VgiProtocol.CATALOG_ATTACH, VgiRecords.CATALOG_ATTACH_REQUEST.encode(row("name", "filters"), root))
                .getBytes("attach_opaque_data");
    }

    @AfterEach
    void tearDown() throws Exception {
        client.close();
        worker.releaseWaitingProcessors();
        assertEquals(0, root.getAllocatedMemory(), "Arrow memory leaked");
        root.close();
    }

    // ---------------------------------------------------------------- requests

    private byte[] bindRequest(String function, Map<String, Long> args, Schema input) {
        List<Field> children = new ArrayList<>();
        args.keySet().forEach(k -> children.add(Field.nullable(k, INT64)));
        Schema schema = new Schema(List.of(new Field("args", FieldType.nullable(ArrowType.Struct.INSTANCE), children)));
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("function_name", function);
        r.put("arguments", RecordWriter.write(schema, Map.of("args", args), root));
        r.put("function_type", "TABLE");
        r.put("input_schema", input == null ? null : SchemaMessages.serialize(input));
        r.put("attach_opaque_data", token);
        r.put("resolved_secrets_provided", false);
        r.put("schema_path", List.of("main"));
        return VgiRecords.BIND_REQUEST.encode(r, root);
    }

    private byte[] count(String function, long count) {
        return bindRequest(function, Map.of("positional_0", count), null);
    }

    private byte[] initRequest(byte[] bind, Schema output, Map<String, Object> extra) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("bind_call", bind);
        r.put("output_schema", SchemaMessages.serialize(output));
        r.putAll(extra);
        return VgiRecords.INIT_REQUEST.encode(r, root);
    }

    private static Map<String, Object> row(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static List<Object> column(WireClient.Answer a, String name) {
        return a.rows().stream().map(r -> r.get(name)).toList();
    }

    private static List<String> names(Schema s) {
        return s.getFields().stream().map(Field::getName).toList();
    }

    private byte[] filter(String document, TestFilters.Value... values) {
        return TestFilters.batch(root, document, values);
    }

    private byte[] required(String expression, TestFilters.Value... values) {
        return filter(snapshot(predicate("p0", true, expression)), values);
    }

    // ---------------------------------------------------------------- table functions

    @Test
    void scanOutputIsFilteredByThePushedPredicates() {
        byte[] bind = count("sequence", 10);
        client.init(initRequest(bind, TestCatalog.SEQUENCE_SCHEMA, row("pushdown_filters",
                required(cmp("ge", col(0, "n"), lit(0)), int64(7L)))));
        WireClient.Answer a = client.produce(6);
        assertEquals(List.of(7L, 8L, 9L), column(a, "n"));
        assertEquals(List.of(0, 0, 0, 1, 2), a.batches().stream().map(List::size).toList(),
                "one batch per tick, filtered (0-row batches keep the client ticking)");
        assertEquals("n >= 7", sequence.lastRequest.filters().toString(), "the function still sees the filters");
    }

    @Test
    void aFilterColumnDuckDbDidNotProjectIsProducedThenDropped() {
        byte[] bind = count("sequence", 6);
        client.init(initRequest(bind, TestCatalog.SEQUENCE_SCHEMA, row("projection_ids", List.of(2L),
                "pushdown_filters", required(cmp("eq", col(1, "s"), lit(0)), utf8("v4")))));
        WireClient.Answer a = client.produce(4);
        assertEquals(List.of("sq"), names(a.schema()));
        assertEquals(List.of(16L), column(a, "sq"));
        assertEquals(List.of(2, 1), sequence.lastRequest.projection(), "the scan is asked for the filter column too");
        assertEquals(List.of("sq", "s"), names(sequence.lastRequest.projectedSchema()));
    }

    @Test
    void nullsFailComparisonsAndPassIsNull() {
        byte[] bind = count("numbers", 6);
        client.init(initRequest(bind, TestCatalog.NUMBERS_SCHEMA, row("projection_ids", List.of(0L),
                "pushdown_filters", required(cmp("ne", col(1, "label"), lit(0)), utf8("L0")))));
        assertEquals(List.of(1L, 3L, 4L), column(client.produce(4), "n"), "label is NULL for 2 and 5");
        client.init(initRequest(bind, TestCatalog.NUMBERS_SCHEMA, row("projection_ids", List.of(0L),
                "pushdown_filters", required(isNull(col(1, "label"), false)))));
        assertEquals(List.of(2L, 5L), column(client.produce(4), "n"));
    }

    @Test
    void aFunctionApplyingItsOwnFiltersGetsThemWithoutTheRuntimeEvaluatingThem() {
        byte[] bind = count("exact_numbers", 4);
        client.init(initRequest(bind, TestCatalog.NUMBERS_SCHEMA, row("projection_ids", List.of(1L),
                "pushdown_filters", required(cmp("ge", col(0, "n"), lit(0)), int64(2L)))));
        WireClient.Answer a = client.produce(3);
        assertEquals(Arrays.asList("L0", "L1", null, "L3"), column(a, "label"), "not re-evaluated");
        assertEquals(List.of(1), exact.lastRequest.projection(), "and not widened");
        assertEquals("n >= 2", exact.lastRequest.filters().toString());
    }

    @Test
    void aRequiredPredicateTheRuntimeCannotEvaluateFailsTheInit() {
        byte[] bind = count("sequence", 3);
        byte[] odd = filter(snapshot(predicate("p_odd", true, unknown(col(1, "s")))));
        WireClient.WireError e = assertThrows(WireClient.WireError.class,
                () -> client.init(initRequest(bind, TestCatalog.SEQUENCE_SCHEMA, row("pushdown_filters", odd))));
        assertTrue(e.getMessage().startsWith("ValueError: 'sequence': filter predicate 'p_odd'"), e.getMessage());
        assertTrue(e.getMessage().contains("similar_to"), e.getMessage());
        // an advisory one is skipped
        byte[] advisory = filter(snapshot(predicate("p_odd", false, unknown(col(1, "s")))));
        client.init(initRequest(bind, TestCatalog.SEQUENCE_SCHEMA, row("pushdown_filters", advisory)));
        assertEquals(List.of(0L, 1L, 2L), column(client.produce(3), "n"));
        // the function applying its own filters gets it as it is
        client.init(initRequest(count("exact_numbers", 1), TestCatalog.NUMBERS_SCHEMA, row("pushdown_filters",
                filter(snapshot(predicate("p_odd", true, unknown(col(1, "label"))))))));
        assertEquals(List.of(0L), column(client.produce(2), "n"));
    }

    @Test
    void aFilterNamingAWrongColumnFailsTheInit() {
        byte[] bind = count("sequence", 3);
        WireClient.WireError e = assertThrows(WireClient.WireError.class, () -> client.init(initRequest(bind,
                TestCatalog.SEQUENCE_SCHEMA, row("pushdown_filters", required(cmp("eq", col(1, "n"), lit(0)), int64(1L))))));
        assertTrue(e.getMessage().contains("'sequence'") && e.getMessage().contains("column_ref name 'n'"), e.getMessage());
    }

    @Test
    void tickTimeDeltasNarrowTheFollowingBatches() {
        byte[] bind = count("numbers", 8);
        client.init(initRequest(bind, TestCatalog.NUMBERS_SCHEMA, row("projection_ids", List.of(0L),
                "pushdown_filters", filter(snapshot()))));
        Map<String, String> bound = Map.of(FilterUpdates.METADATA_KEY,
                TestFilters.base64(root, delta(upsert("top", 1, cmp("lt", col(0, "n"), lit(0)))), int64(3L)));
        WireClient.Answer a = client.produce(List.of(Map.of(), bound, Map.of(), bound, Map.of(), Map.of()));
        assertEquals(List.of(List.of(0L, 1L), List.of(2L), List.of(), List.of()),
                a.batches().stream().map(b -> b.stream().map(r -> r.get("n")).toList()).toList());
        assertEquals(1, numbers.updates.size(), "told once: the repeated delta is a duplicate");
        assertEquals("n < 3", numbers.updates.get(0).toString());
    }

    @Test
    void aMalformedDeltaFailsTheScan() {
        byte[] bind = count("numbers", 8);
        client.init(initRequest(bind, TestCatalog.NUMBERS_SCHEMA, row("pushdown_filters", filter(snapshot()))));
        WireClient.WireError e = assertThrows(WireClient.WireError.class,
                () -> client.produce(List.of(Map.of(), Map.of(FilterUpdates.METADATA_KEY, "%%%"))));
        assertTrue(e.getMessage().contains("vgi_pushdown_filters is not valid base64"), e.getMessage());
    }

    @Test
    void maxWorkersIsDecidedPerCall() {
        assertEquals(5L, client.init(initRequest(count("parallel_numbers", 5), TestCatalog.NUMBERS_SCHEMA, Map.of()))
                .getLong("max_workers"));
        client.produce(4);
        assertEquals(1L, client.init(initRequest(count("parallel_numbers", 0), TestCatalog.NUMBERS_SCHEMA, Map.of()))
                .getLong("max_workers"));
        client.produce(1);
        Record secondary = client.init(initRequest(count("parallel_numbers", 5), TestCatalog.NUMBERS_SCHEMA,
                row("execution_id", "0123456789abcdef".getBytes())));
        assertEquals(InitStreams.UNLIMITED_WORKERS, secondary.getLong("max_workers"), "a secondary echoes no limit");
        client.produce(4);
    }

    @Test
    void secondaryInitsWithoutFiltersGetThePrimarysFromItsOpaqueData() {
        byte[] bind = count("parallel_numbers", 6);
        Record primary = client.init(initRequest(bind, TestCatalog.NUMBERS_SCHEMA, row("pushdown_filters",
                required(cmp("ge", col(0, "n"), lit(0)), int64(4L)))));
        byte[] opaque = primary.getBytes("opaque_data");
        assertNotNull(opaque, "filter pushdown without projection pushdown, several workers: the filters travel");
        assertEquals(List.of(4L, 5L), column(client.produce(4), "n"));
        // the secondary init as the client sends it for such a function: no filters, the primary's opaque data
        Record secondary = client.init(initRequest(bind, TestCatalog.NUMBERS_SCHEMA,
                row("execution_id", primary.getBytes("execution_id"), "init_opaque_data", opaque)));
        assertEquals(List.of(4L, 5L), column(client.produce(4), "n"));
        assertFalse(parallel.lastRequest.primary());
        assertEquals("n >= 4", parallel.lastRequest.filters().toString());
        assertEquals(opaque.length, secondary.getBytes("opaque_data").length);
        // with projection pushdown the client repeats the filters itself: nothing travels
        assertNull(client.init(initRequest(count("numbers", 6), TestCatalog.NUMBERS_SCHEMA, row("pushdown_filters",
                required(cmp("ge", col(0, "n"), lit(0)), int64(4L))))).getBytes("opaque_data"));
        client.produce(4);
    }

    // ---------------------------------------------------------------- table-in-out

    private static final Schema AB = new Schema(List.of(Field.nullable("a", INT64), Field.nullable("b", INT64)));

    private List<Object> inOut(String function, byte[] filters, List<String> phases) {
        byte[] bind = bindRequest(function, Map.of(), AB);
        Record header = client.init(initRequest(bind, AB, row("phase", "INPUT", "projection_ids", List.of(1L),
                "pushdown_filters", filters)));
        WireClient.Answer in = client.exchange(AB, List.of(List.of(row("a", 1L, "b", 2L), row("a", 3L, "b", 4L),
                row("a", 5L, "b", 6L))));
        assertEquals(List.of("b"), names(in.schema()));
        List<Object> out = new ArrayList<>(column(in, "b"));
        client.init(initRequest(bind, AB, row("phase", "FINALIZE", "execution_id", header.getBytes("execution_id"))));
        WireClient.Answer fin = client.produce(3);
        assertEquals(List.of("b"), names(fin.schema()));
        phases.add(in.batches().size() + "+" + fin.batches().size());
        out.addAll(column(fin, "b"));
        return out;
    }

    @Test
    void aTableInOutFunctionDeclaringFilterPushdownHasItsOutputFiltered() {
        List<String> phases = new ArrayList<>();
        assertEquals(List.of(2L, 6L, -1L), inOut("echo_filtered", required(cmp("ne", col(0, "a"), lit(0)), int64(3L)), phases),
                "INPUT rows with a != 3, then the FINALIZE row (a = -1)");
        assertEquals(List.of(1, 0), echoFiltered.lastRequest.projection().subList(0, 2),
                "the processor emits the filter column too");
        assertEquals(List.of(6L), inOut("echo_filtered", required(cmp("ge", col(0, "a"), lit(0)), int64(5L)), phases),
                "no FINALIZE row passes");
        assertEquals(List.of("1+1", "1+0"), phases);
        // one that does not declare it ignores filters (DuckDB never sends them)
        assertEquals(List.of(2L, 4L, 6L, -1L), inOut("echo_marked", required(cmp("ge", col(0, "a"), lit(0)), int64(5L)), phases));
    }

    // ---------------------------------------------------------------- FunctionInfo

    @Test
    void functionInfoAdvertisesTheFilterCapabilitiesConsistently() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("attach_opaque_data", token);
        p.put("path", List.of("main"));
        p.put("type", "TABLE_FUNCTION");
        Map<String, Record> infos = new LinkedHashMap<>();
        for (Record r : client.items(VgiProtocol.CATALOG_SCHEMA_CONTENTS_FUNCTIONS, p)) {
            infos.put(r.getString("name"), r);
        }
        List<String> profile = List.of(WorkerRecords.DUCKDB_FILTER_PROFILE);
        for (String name : List.of("sequence", "numbers", "parallel_numbers", "echo_filtered")) {
            assertEquals(Boolean.TRUE, infos.get(name).getBoolean("filter_pushdown"), name);
            assertEquals(profile, infos.get(name).getStringList("filter_semantic_profiles"), name);
            assertEquals(Boolean.FALSE, infos.get(name).getBoolean("filters_exactly_applied"), name + ": the runtime may skip "
                    + "advisory predicates, so DuckDB keeps its filter");
        }
        assertEquals(Boolean.TRUE, infos.get("exact_numbers").getBoolean("filters_exactly_applied"));
        assertEquals(profile, infos.get("exact_numbers").getStringList("filter_semantic_profiles"));
        assertEquals(Boolean.FALSE, infos.get("echo_marked").getBoolean("filter_pushdown"));
        assertEquals(List.of(), infos.get("echo_marked").getStringList("filter_semantic_profiles"));
        assertEquals(Boolean.TRUE, infos.get("echo_filtered").getBoolean("projection_pushdown"));
        p.put("type", "SCALAR_FUNCTION");
        Record upper = client.items(VgiProtocol.CATALOG_SCHEMA_CONTENTS_FUNCTIONS, p).get(0);
        assertNull(upper.get("filter_pushdown"));
        assertEquals(List.of(), upper.getStringList("filter_semantic_profiles"));
        assertEquals(Boolean.FALSE, upper.getBoolean("filters_exactly_applied"));
    }
}
