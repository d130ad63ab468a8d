package dev.vgi.core.worker;

import static dev.vgi.core.worker.TestCatalog.INT64;
import static dev.vgi.core.worker.TestCatalog.UTF8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import dev.vgi.core.protocol.Record;
import dev.vgi.core.protocol.RecordReader;
import dev.vgi.core.protocol.RecordWriter;
import dev.vgi.core.protocol.VgiProtocol;
import dev.vgi.core.protocol.VgiRecords;
import dev.vgi.core.rpc.ErrorKind;
import dev.vgi.core.rpc.RpcServer;
import dev.vgi.core.rpc.WireKeys;

/**
 * The worker end to end over an in-process byte-stream connection: ATTACH and discovery, bind and
 * init of each function kind, overloads, and the errors a SQL user sees. Every test ends with no
 * Arrow memory allocated.
 */
class VgiWorkerTest {

    private RootAllocator root;
    private TestCatalog.Sequence sequence;
    private TestCatalog.PartialSum partialSum;
    private VgiWorker worker;
    private WireClient client;
    private byte[] token;

    @BeforeEach
    void setUp() {
        root = new RootAllocator();
        sequence = new TestCatalog.Sequence();
        partialSum = new TestCatalog.PartialSum();
        worker = VgiWorker.builder().catalog(TestCatalog.catalog(sequence, partialSum)).implementationVersion("1.0.0").build();
        client = new WireClient(new RpcServer(List.of(worker.service()), "abcdefabcdef", root), root);
        token = attach("demo").getBytes("attach_opaque_data");
    }

    @AfterEach
    void tearDown() throws Exception {
        client.close();
        worker.releaseWaitingProcessors();
        assertEquals(0, root.getAllocatedMemory(), "Arrow memory leaked");
        root.close();
    }

    // ---------------------------------------------------------------- request builders

    private Record attach(String name) {
        Map<String, Object> req = new LinkedHashMap<>();
        req.put("name", name);
        return client.callWrapped(VgiProtocol.CATALOG_ATTACH, VgiRecords.CATALOG_ATTACH_REQUEST.encode(req, root));
    }

    private Map<String, Object> aod() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("attach_opaque_data", token);
        return p;
    }

    /** {@code BindRequest.arguments}: one row of {@code args: struct<…>} holding {@code values}. */
    private byte[] args(Map<String, Object> values, Map<String, ArrowType> types) {
        List<Field> children = new ArrayList<>();
        types.forEach((k, t) -> children.add(Field.nullable(k, t)));
        Schema schema = new Schema(List.of(new Field("args", FieldType.nullable(ArrowType.Struct.INSTANCE), children)));
        return RecordWriter.write(schema, Map.of("args", values), root);
    }

    private byte[] noArgs() {
        return args(Map.of(), Map.of());
    }

    private byte[] bindRequest(String function, String type, byte[] arguments, Schema input, List<String> schemaPath) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("function_name", function);
        r.put("arguments", arguments);
        r.put("function_type", type);
        r.put("input_schema", input == null ? null : SchemaMessages.serialize(input));
        r.put("attach_opaque_data", token);
        r.put("resolved_secrets_provided", false);
        r.put("schema_path", schemaPath);
        return VgiRecords.BIND_REQUEST.encode(r, root);
    }

    private Schema bind(byte[] bindRequest) {
        return client.callWrapped(VgiProtocol.BIND, bindRequest).getSchema("output_schema");
    }

    private byte[] initRequest(byte[] bindRequest, Schema output, Map<String, Object> extra) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("bind_call", bindRequest);
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

    // ---------------------------------------------------------------- discovery

    @Test
    void listsCatalogsAndAttaches() {
        List<Record> catalogs = client.items(VgiProtocol.CATALOG_CATALOGS, Map.of());
        assertEquals(1, catalogs.size());
        assertEquals("demo", catalogs.get(0).getString("name"));
        assertEquals("1.0.0", catalogs.get(0).getString("implementation_version"));

        Record attach = attach("demo");
        assertTrue(attach.getBytes("attach_opaque_data").length > 0);
        assertEquals("main", attach.getString("default_schema"));
        assertEquals(Boolean.FALSE, attach.getBoolean("supports_transactions"));
        assertEquals(Boolean.TRUE, attach.getBoolean("supports_catalog_contents"));
        assertEquals(Map.of("origin", "test"), attach.getStringMap("tags"));

        WireClient.WireError unknown = assertThrows(WireClient.WireError.class, () -> attach("nope"));
        assertEquals("NOT_FOUND", unknown.code());
        assertTrue(unknown.getMessage().startsWith("NotFoundError: Unknown catalog 'nope'"), unknown.getMessage());

        assertTrue(client.items(VgiProtocol.CATALOG_COPY_FROM_FORMATS, row("attach_opaque_data", token)).isEmpty());
        assertEquals(1L, client.call(VgiProtocol.CATALOG_VERSION, row("attach_opaque_data", token)).getLong("version"));
    }

    @Test
    void tamperedAttachTokenIsRefused() {
        byte[] tampered = token.clone();
        tampered[tampered.length - 1] ^= 1;
        WireClient.WireError e = assertThrows(WireClient.WireError.class,
                () -> client.items(VgiProtocol.CATALOG_SCHEMAS, row("attach_opaque_data", tampered)));
        assertEquals("opaque_data_not_recognized", e.kind());
        assertEquals("INVALID_ARGUMENT", e.code());
        assertEquals("OpaqueDataNotRecognizedError: attach_opaque_data not recognized", e.getMessage());
        // the connection survives
        assertEquals(2, client.items(VgiProtocol.CATALOG_SCHEMAS, aod()).size());
    }

    @Test
    void listsSchemasAndFunctionsByKind() {
        List<Record> schemas = client.items(VgiProtocol.CATALOG_SCHEMAS, aod());
        assertEquals(List.of("main"), schemas.get(0).getStringList("path"));
        assertEquals(List.of("data"), schemas.get(1).getStringList("path"));
        Map<Object, Object> counts = schemas.get(0).getMap("estimated_object_count");
        assertEquals(5L, counts.get("scalar_function"));
        assertEquals(4L, counts.get("table_function"));
        assertEquals(0L, counts.get("aggregate_function"));
        assertEquals(1L, schemas.get(1).getMap("estimated_object_count").get("table"));

        Map<String, Object> p = aod();
        p.put("path", List.of("main"));
        p.put("type", "SCALAR_FUNCTION");
        List<Record> scalars = client.items(VgiProtocol.CATALOG_SCHEMA_CONTENTS_FUNCTIONS, p);
        assertEquals(List.of("upper_case", "multiply", "answer", "describe", "describe"),
                scalars.stream().map(r -> r.getString("name")).toList());
        scalars.forEach(r -> assertEquals("SCALAR", r.getString("function_type")));
        assertEquals(42, scalars.get(0).names().size(), "FunctionInfo has 42 fields");

        p.put("type", "TABLE_FUNCTION");
        List<Record> tables = client.items(VgiProtocol.CATALOG_SCHEMA_CONTENTS_FUNCTIONS, p);
        assertEquals(List.of("sequence", "partial_sum", "repeat_inputs", "echo_marked"), tables.stream().map(r -> r.getString("name")).toList());
        tables.forEach(r -> assertEquals("TABLE", r.getString("function_type")));

        p.put("type", "AGGREGATE_FUNCTION");
        assertTrue(client.items(VgiProtocol.CATALOG_SCHEMA_CONTENTS_FUNCTIONS, p).isEmpty());
        p.put("type", "SCALAR_MACRO");
        assertTrue(client.items(VgiProtocol.CATALOG_SCHEMA_CONTENTS_MACROS, p).isEmpty());
    }

    @Test
    void functionInfoDescribesArgumentsAndCapabilities() {
        Map<String, Object> p = aod();
        p.put("path", List.of("main"));
        p.put("type", "SCALAR_FUNCTION");
        List<Record> scalars = client.items(VgiProtocol.CATALOG_SCHEMA_CONTENTS_FUNCTIONS, p);
        Record upper = scalars.get(0);
        assertEquals("Converts a string to upper case", upper.getString("description"));
        assertEquals("CONSISTENT", upper.getString("stability"));
        assertEquals("DEFAULT", upper.getString("null_handling"));
        assertNull(upper.get("projection_pushdown"));
        assertNull(upper.get("order_preservation"));
        assertEquals(List.of(row("sql", "SELECT upper_case('a')", "description", "upper", "expected_output", "A")),
                upper.getList("examples"));
        Schema upperOut = upper.getSchema("output_schema");
        assertEquals(List.of(Field.nullable("result", UTF8)), upperOut.getFields());
        Field value = upper.getSchema("arguments").getFields().get(0);
        assertEquals("value", value.getName());
        assertEquals("String value to uppercase", value.getMetadata().get("vgi_doc"));

        Field factor = scalars.get(1).getSchema("arguments").getFields().get(1);
        assertEquals("true", factor.getMetadata().get("vgi_const"));

        p.put("type", "TABLE_FUNCTION");
        List<Record> tables = client.items(VgiProtocol.CATALOG_SCHEMA_CONTENTS_FUNCTIONS, p);
        Record seq = tables.get(0);
        assertEquals(Boolean.TRUE, seq.getBoolean("projection_pushdown"));
        assertEquals(Boolean.TRUE, seq.getBoolean("filter_pushdown"));
        assertEquals(List.of("vgi.duckdb.standard.v1"), seq.getStringList("filter_semantic_profiles"));
        assertEquals("PRESERVES_ORDER", seq.getString("order_preservation"));
        assertTrue(seq.getSchema("output_schema").getFields().isEmpty());
        List<Field> seqArgs = seq.getSchema("arguments").getFields();
        assertEquals("batch_size", seqArgs.get(1).getName());
        assertEquals("named", seqArgs.get(1).getMetadata().get("vgi_arg"));
        assertEquals("2", seqArgs.get(1).getMetadata().get("vgi_default"));
        Record defaults = RecordReader.read(seq.getBytes("parameter_default_values"), root);
        assertEquals(2L, defaults.getLong("batch_size"));

        Record partial = tables.get(1);
        assertEquals(Boolean.TRUE, partial.getBoolean("has_finalize"));
        Field data = partial.getSchema("arguments").getFields().get(0);
        assertEquals("table", data.getMetadata().get("vgi_type"));
        assertEquals(ArrowType.Null.INSTANCE, data.getType());
        assertNull(partial.get("parameter_default_values"));
    }

    @Test
    void servesTablesViewsAndScanFunctions() {
        Map<String, Object> p = aod();
        p.put("path", List.of("data"));
        List<Record> tables = client.items(VgiProtocol.CATALOG_SCHEMA_CONTENTS_TABLES, p);
        assertEquals(1, tables.size());
        Record numbers = tables.get(0);
        assertEquals("numbers", numbers.getString("name"));
        assertEquals("five numbers", numbers.getString("comment"));
        assertEquals(TestCatalog.SEQUENCE_SCHEMA, numbers.getSchema("columns"));
        Record inlineScan = RecordReader.read(numbers.getBytes("scan_function"), root);
        assertEquals("sequence", inlineScan.getString("function_name"));

        Map<String, Object> lookup = aod();
        lookup.put("schema_path", List.of("data"));
        lookup.put("name", "NUMBERS");
        assertEquals(1, client.items(VgiProtocol.CATALOG_TABLE_GET, lookup).size());
        Record scan = client.call(VgiProtocol.CATALOG_TABLE_SCAN_FUNCTION_GET, lookup);
        assertEquals("sequence", scan.getString("function_name"));
        assertEquals(List.of("data"), scan.getStringList("schema_path"));
        Record scanArgs = RecordReader.read(scan.getBytes("arguments"), root);
        assertEquals(5L, scanArgs.getLong("arg_0"));

        // the client binds the scan function with the flat arguments turned into positional ones
        byte[] bind = bindRequest("sequence", "TABLE", args(row("positional_0", 5L), Map.of("positional_0", INT64)), null,
                List.of("data"));
        assertEquals(TestCatalog.SEQUENCE_SCHEMA, bind(bind));
        Record header = client.init(initRequest(bind, TestCatalog.SEQUENCE_SCHEMA, Map.of()));
        assertEquals(1L, header.getLong("max_workers"));
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L), column(client.produce(5), "n"));

        lookup.put("name", "missing");
        assertTrue(client.items(VgiProtocol.CATALOG_TABLE_GET, lookup).isEmpty());
        WireClient.WireError e = assertThrows(WireClient.WireError.class,
                () -> client.call(VgiProtocol.CATALOG_TABLE_SCAN_FUNCTION_GET, lookup));
        assertEquals("NOT_FOUND", e.code());

        Map<String, Object> view = aod();
        view.put("schema_path", List.of("main"));
        view.put("name", "first_ten");
        List<Record> views = client.items(VgiProtocol.CATALOG_VIEW_GET, view);
        assertEquals("SELECT * FROM sequence(10)", views.get(0).getString("definition"));
    }

    @Test
    void scanBranchesFallBackAndOtherMethodsAreNotImplemented() {
        Map<String, Object> lookup = aod();
        lookup.put("schema_path", List.of("data"));
        lookup.put("name", "numbers");
        WireClient.WireError e = assertThrows(WireClient.WireError.class,
                () -> client.call(VgiProtocol.CATALOG_TABLE_SCAN_BRANCHES_GET, lookup));
        assertEquals(ErrorKind.METHOD_NOT_IMPLEMENTED, e.kind());
        assertTrue(e.getMessage().contains("not implemented"), e.getMessage());

        WireClient.WireError tx = assertThrows(WireClient.WireError.class,
                () -> client.call(VgiProtocol.CATALOG_TRANSACTION_BEGIN, row("attach_opaque_data", token)));
        assertEquals(ErrorKind.METHOD_NOT_IMPLEMENTED, tx.kind());
    }

    @Test
    void catalogContentsHoldsEveryCollection() {
        Map<String, Object> p = aod();
        p.put("if_none_match", null);
        Record contents = client.call(VgiProtocol.CATALOG_CONTENTS, p);
        assertEquals(1L, contents.getLong("catalog_version"));
        assertEquals(Boolean.FALSE, contents.getBoolean("not_modified"));
        List<Record> schemas = RecordReader.readAll(VgiRecords.SCHEMA_INFO, contents.getBytes("schemas"), root);
        assertEquals(2, schemas.size());
        List<Record> functions = RecordReader.readAll(VgiRecords.FUNCTION_INFO, contents.getBytes("functions"), root);
        assertEquals(9, functions.size());
        assertEquals(1, RecordReader.readAll(VgiRecords.TABLE_INFO, contents.getBytes("tables"), root).size());
        assertEquals(1, RecordReader.readAll(VgiRecords.VIEW_INFO, contents.getBytes("views"), root).size());
        assertNull(contents.get("macros"));
        assertNull(contents.get("indexes"));
    }

    // ---------------------------------------------------------------- scalar

    @Test
    void bindsAndRunsAScalarFunction() {
        Schema input = new Schema(List.of(Field.nullable("col_0", UTF8)));
        byte[] bind = bindRequest("upper_case", "SCALAR", noArgs(), input, List.of("main"));
        Schema out = bind(bind);
        assertEquals(List.of(Field.nullable("result", UTF8)), out.getFields());
        Record header = client.init(initRequest(bind, out, Map.of()));
        assertEquals(16, header.getBytes("execution_id").length);
        assertEquals(InitStreams.UNLIMITED_WORKERS, header.getLong("max_workers"));
        WireClient.Answer a = client.exchange(input, List.of(
                List.of(row("col_0", "a"), row("col_0", "b"), row("col_0", null)),
                List.of(row("col_0", "xyz"))));
        assertEquals(2, a.batches().size(), "one output batch per input batch");
        assertEquals(Arrays.asList("A", "B", null, "XYZ"), column(a, "result"));
    }

    @Test
    void scalarConstantsArriveAsArguments() {
        Schema input = new Schema(List.of(Field.nullable("col_0", INT64)));
        byte[] bind = bindRequest("multiply", "SCALAR", args(row("positional_0", 10L), Map.of("positional_0", INT64)), input,
                List.of("main"));
        Schema out = bind(bind);
        client.init(initRequest(bind, out, Map.of()));
        WireClient.Answer a = client.exchange(input, List.of(List.of(row("col_0", 1L), row("col_0", 2L), row("col_0", 3L))));
        assertEquals(List.of(10L, 20L, 30L), column(a, "result"));
    }

    @Test
    void scalarWithoutArgumentColumnsAnswersOneRowForAnEmptyBatch() {
        byte[] bind = bindRequest("answer", "SCALAR", noArgs(), new Schema(List.of()), List.of("main"));
        Schema out = bind(bind);
        client.init(initRequest(bind, out, Map.of()));
        WireClient.Answer a = client.exchangeRowCounts(0, 3);
        assertEquals(2, a.batches().size());
        assertEquals(List.of(42L), column(new WireClient.Answer(a.schema(), a.logs(), List.of(a.batches().get(0))), "result"));
        assertEquals(3, a.batches().get(1).size());
    }

    @Test
    void overloadsAreSelectedByArgumentTypes() {
        byte[] asText = bindRequest("describe", "SCALAR", noArgs(), new Schema(List.of(Field.nullable("col_0", UTF8))), null);
        client.sendRequest(VgiProtocol.BIND, Map.of("request", asText));
        WireClient.Answer a = client.read();
        assertEquals("binding utf8", a.logs().get(0).get(WireKeys.LOG_MESSAGE));
        byte[] asInt = bindRequest("describe", "SCALAR", noArgs(), new Schema(List.of(Field.nullable("col_0", INT64))), null);
        client.sendRequest(VgiProtocol.BIND, Map.of("request", asInt));
        assertEquals("binding int64", client.read().logs().get(0).get(WireKeys.LOG_MESSAGE));
        // an int32 column fits the int64 overload (same family), not the utf8 one
        byte[] asInt32 = bindRequest("describe", "SCALAR", noArgs(),
                new Schema(List.of(Field.nullable("col_0", new ArrowType.Int(32, true)))), null);
        client.sendRequest(VgiProtocol.BIND, Map.of("request", asInt32));
        assertEquals("binding int64", client.read().logs().get(0).get(WireKeys.LOG_MESSAGE));

        byte[] asBool = bindRequest("describe", "SCALAR", noArgs(),
                new Schema(List.of(Field.nullable("col_0", ArrowType.Bool.INSTANCE))), null);
        WireClient.WireError e = assertThrows(WireClient.WireError.class, () -> bind(asBool));
        assertEquals("INVALID_ARGUMENT", e.code());
        assertTrue(e.getMessage().contains("No matching function 'describe'"), e.getMessage());
        assertTrue(e.getMessage().contains("describe(x int64)"), e.getMessage());
    }

    // ---------------------------------------------------------------- table

    @Test
    void tableFunctionHonoursProjectionOrder() {
        byte[] bind = bindRequest("sequence", "TABLE",
                args(row("positional_0", 5L, "named_batch_size", 2L), typesOf("positional_0", INT64, "named_batch_size", INT64)),
                null, List.of("main"));
        Schema out = bind(bind);
        assertEquals(TestCatalog.SEQUENCE_SCHEMA, out);
        Record header = client.init(initRequest(bind, out, row("projection_ids", List.of(2L, 0L))));
        assertEquals(1L, header.getLong("max_workers"));
        WireClient.Answer a = client.produce(6);
        assertEquals(List.of("sq", "n"), a.schema().getFields().stream().map(Field::getName).toList());
        assertEquals(3, a.batches().size(), "batches of 2, 2 and 1 rows, then EOS");
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L), column(a, "n"));
        assertEquals(List.of(0L, 1L, 4L, 9L, 16L), column(a, "sq"));
        assertEquals(0, sequence.openScans, "the scan was closed");
    }

    @Test
    void aScanTheClientAbandonsIsClosed() {
        byte[] bind = bindRequest("sequence", "TABLE", args(row("positional_0", 100L), Map.of("positional_0", INT64)), null, null);
        Schema out = bind(bind);
        client.init(initRequest(bind, out, Map.of()));
        // a LIMIT satisfied after one batch: the client ends its input early
        assertEquals(List.of(0L, 1L), column(client.produce(1), "n"));
        assertEquals(0, sequence.openScans, "the state's close hook closed the scan");
    }

    @Test
    void tableFunctionReceivesFiltersAndHints() {
        byte[] bind = bindRequest("sequence", "TABLE", args(row("positional_0", 10L), Map.of("positional_0", INT64)), null, null);
        Schema out = bind(bind);
        String doc = "{\"encoding\":\"vgi.filters.v2\",\"semantics\":\"vgi.duckdb.standard.v1\",\"kind\":\"snapshot\","
                + "\"predicates\":[{\"id\":\"p0\",\"revision\":0,\"mode\":\"required\",\"source\":\"query\","
                + "\"expression\":{\"node\":\"comparison\",\"op\":\"ge\",\"left\":{\"node\":\"column_ref\","
                + "\"column_index\":0,\"column_name\":\"n\"},\"right\":{\"node\":\"literal\",\"value_ref\":0}}}]}";
        Schema filterSchema = new Schema(List.of(new Field("filter_spec", FieldType.notNullable(UTF8), null),
                Field.nullable("value_0", INT64)), Map.of("vgi_filter_encoding", "vgi.filters.v2", "vgi_filter_version", "2",
                        "vgi_evaluation_context", "vgi.none.v1"));
        byte[] filters = RecordWriter.write(filterSchema, row("filter_spec", doc, "value_0", 8L), root);
        client.init(initRequest(bind, out, row("pushdown_filters", filters, "order_by_column_name", "n",
                "order_by_direction", "DESC", "order_by_limit", 7L)));
        assertEquals(List.of(8L, 9L), column(client.produce(6), "n"), "the runtime applied the filter");
        assertEquals(doc, sequence.lastRequest.filters().document());
        assertEquals(1, sequence.lastRequest.filters().requiredPredicates().size());
        assertArrayEquals(filters, sequence.lastRequest.filters().encodedBatch());
        assertEquals("n", sequence.lastRequest.hints().orderByColumn());
        assertTrue(sequence.lastRequest.hints().descending());
        assertEquals(7L, sequence.lastRequest.hints().limit());
        assertTrue(sequence.lastRequest.primary());
        assertNull(sequence.lastRequest.projection());
    }

    @Test
    void secondaryInitEchoesTheExecution() {
        byte[] bind = bindRequest("sequence", "TABLE", args(row("positional_0", 1L), Map.of("positional_0", INT64)), null, null);
        Schema out = bind(bind);
        byte[] id = "0123456789abcdef".getBytes();
        Record header = client.init(initRequest(bind, out, row("execution_id", id, "init_opaque_data", new byte[] {7})));
        assertArrayEquals(id, header.getBytes("execution_id"));
        assertArrayEquals(new byte[] {7}, header.getBytes("opaque_data"));
        assertFalse(sequence.lastRequest.primary());
        client.produce(2);
    }

    @Test
    void cardinalityComesFromTheFunction() {
        byte[] bind = bindRequest("sequence", "TABLE", args(row("positional_0", 9L), Map.of("positional_0", INT64)), null, null);
        Record c = client.callWrapped(VgiProtocol.TABLE_FUNCTION_CARDINALITY,
                VgiRecords.TABLE_FUNCTION_CARDINALITY_REQUEST.encode(row("bind_call", bind), root));
        assertEquals(9L, c.getLong("estimate"));
        assertEquals(9L, c.getLong("max"));
    }

    // ---------------------------------------------------------------- table-in-out

    @Test
    void tableInOutRunsInputThenFinalize() {
        Schema input = new Schema(List.of(Field.nullable("v", INT64)));
        byte[] bind = bindRequest("partial_sum", "TABLE", noArgs(), input, List.of("main"));
        Schema out = bind(bind);
        assertEquals(List.of(Field.nullable("v", INT64)), out.getFields());
        byte[] substream = "substream-16byte".getBytes();
        Record header = client.init(initRequest(bind, out, row("phase", "INPUT", "substream_id", substream)));
        byte[] id = header.getBytes("execution_id");
        WireClient.Answer in = client.exchange(input, List.of(
                List.of(row("v", 1L), row("v", 2L), row("v", 3L)), List.of(row("v", 10L), row("v", 20L))));
        assertEquals(List.of(0, 0), in.batches().stream().map(List::size).toList(), "one (empty) output batch per input batch");
        assertEquals(1, partialSum.open, "the processor waits for its FINALIZE");

        Record fin = client.init(initRequest(bind, out, row("phase", "FINALIZE", "execution_id", id, "substream_id", substream)));
        assertArrayEquals(id, fin.getBytes("execution_id"));
        WireClient.Answer f = client.produce(3);
        assertEquals(List.of(36L), column(f, "v"));
        assertEquals(0, partialSum.open, "the processor was closed");
    }

    @Test
    void finalizeOfAFunctionWithoutFinalizeEndsAtOnce() {
        Schema input = new Schema(List.of(Field.nullable("v", INT64)));
        byte[] bind = bindRequest("repeat_inputs", "TABLE", args(row("positional_0", 2L), Map.of("positional_0", INT64)), input,
                null);
        Schema out = bind(bind);
        Record header = client.init(initRequest(bind, out, row("phase", "INPUT")));
        WireClient.Answer in = client.exchange(input, List.of(List.of(row("v", 1L), row("v", 2L), row("v", 3L))));
        assertEquals(List.of(1L, 2L, 3L, 1L, 2L, 3L), column(in, "v"));
        client.init(initRequest(bind, out, row("phase", "FINALIZE", "execution_id", header.getBytes("execution_id"))));
        WireClient.Answer f = client.produce(2);
        assertTrue(f.batches().isEmpty());
    }

    @Test
    void tableInOutFinalizeKeepsTheInputProjection() {
        Schema input = new Schema(List.of(Field.nullable("a", INT64), Field.nullable("b", INT64)));
        byte[] bind = bindRequest("echo_marked", "TABLE", noArgs(), input, List.of("main"));
        Schema out = bind(bind);
        Record header = client.init(initRequest(bind, out, row("phase", "INPUT", "projection_ids", List.of(1L))));
        WireClient.Answer in = client.exchange(input, List.of(List.of(row("a", 1L, "b", 2L), row("a", 3L, "b", 4L))));
        assertEquals(List.of("b"), in.schema().getFields().stream().map(Field::getName).toList());
        assertEquals(List.of(2L, 4L), column(in, "b"));
        client.init(initRequest(bind, out, row("phase", "FINALIZE", "execution_id", header.getBytes("execution_id"))));
        WireClient.Answer fin = client.produce(3);
        assertEquals(List.of("b"), fin.schema().getFields().stream().map(Field::getName).toList());
        assertEquals(List.of(-1L), column(fin, "b"));
    }

    @Test
    void eachAttachTokenRoutesToItsCatalog() throws Exception {
        VgiWorker two = VgiWorker.builder().catalog(TestCatalog.catalog(sequence, partialSum))
                .catalog(dev.vgi.core.catalog.Catalog.builder("other")
                        .schema(dev.vgi.core.catalog.CatalogSchema.builder("only").function(new TestCatalog.Answer()).build())
                        .build())
                .attachKey("secret".getBytes())
                .build();
        try (WireClient c = new WireClient(new RpcServer(List.of(two.service()), "abcdefabcdef", root), root)) {
            assertEquals(List.of("demo", "other"),
                    c.items(VgiProtocol.CATALOG_CATALOGS, Map.of()).stream().map(r -> r.getString("name")).toList());
            byte[] other = c.callWrapped(VgiProtocol.CATALOG_ATTACH,
                    VgiRecords.CATALOG_ATTACH_REQUEST.encode(row("name", "other"), root)).getBytes("attach_opaque_data");
            List<Record> schemas = c.items(VgiProtocol.CATALOG_SCHEMAS, row("attach_opaque_data", other));
            assertEquals(List.of("only"), schemas.get(0).getStringList("path"));
            // a token minted under another key is refused
            WireClient.WireError e = assertThrows(WireClient.WireError.class,
                    () -> c.items(VgiProtocol.CATALOG_SCHEMAS, row("attach_opaque_data", token)));
            assertEquals("opaque_data_not_recognized", e.kind());
        }
    }

    // ---------------------------------------------------------------- errors

    @Test
    void unknownFunctionIsNotFound() {
        byte[] bind = bindRequest("no_such_fn", "TABLE", noArgs(), null, List.of("main"));
        WireClient.WireError e = assertThrows(WireClient.WireError.class, () -> bind(bind));
        assertEquals("NotFoundError: Unknown function 'no_such_fn'", e.getMessage());
        assertEquals("NOT_FOUND", e.code());
        assertNull(e.kind());
        // init of an unknown function: error in place of the header, and the connection stays in sync
        WireClient.WireError i = assertThrows(WireClient.WireError.class,
                () -> client.init(initRequest(bind, TestCatalog.SEQUENCE_SCHEMA, Map.of())));
        assertEquals("NOT_FOUND", i.code());
        assertEquals(2, client.items(VgiProtocol.CATALOG_SCHEMAS, aod()).size());
    }

    @Test
    void wrongArgumentsNameTheArgument() {
        byte[] wrongType = bindRequest("sequence", "TABLE", args(row("positional_0", "ten"), Map.of("positional_0", UTF8)),
                null, null);
        WireClient.WireError e = assertThrows(WireClient.WireError.class, () -> bind(wrongType));
        assertEquals("INVALID_ARGUMENT", e.code());
        assertEquals("InvalidArgumentError: sequence(): argument 'count' expects int64, got utf8", e.getMessage());

        byte[] tooMany = bindRequest("sequence", "TABLE",
                args(row("positional_0", 1L, "positional_1", 2L), typesOf("positional_0", INT64, "positional_1", INT64)), null, null);
        e = assertThrows(WireClient.WireError.class, () -> bind(tooMany));
        assertTrue(e.getMessage().contains("sequence() takes 1 positional argument (count int64) but 2 were given"),
                e.getMessage());

        byte[] unknownNamed = bindRequest("sequence", "TABLE",
                args(row("positional_0", 1L, "named_size", 2L), typesOf("positional_0", INT64, "named_size", INT64)), null, null);
        e = assertThrows(WireClient.WireError.class, () -> bind(unknownNamed));
        assertTrue(e.getMessage().contains("has no named argument 'size' (named arguments: batch_size)"), e.getMessage());

        byte[] negative = bindRequest("sequence", "TABLE", args(row("positional_0", -1L), Map.of("positional_0", INT64)), null,
                null);
        e = assertThrows(WireClient.WireError.class, () -> bind(negative));
        assertEquals("InvalidArgumentError: sequence: count must not be negative, got -1", e.getMessage());

        byte[] missingConst = bindRequest("multiply", "SCALAR", noArgs(), new Schema(List.of(Field.nullable("col_0", INT64))),
                null);
        e = assertThrows(WireClient.WireError.class, () -> bind(missingConst));
        assertTrue(e.getMessage().contains("multiply() takes 1 constant argument (factor int64) but 0 were given"),
                e.getMessage());

        byte[] noInput = bindRequest("partial_sum", "TABLE", noArgs(), null, null);
        e = assertThrows(WireClient.WireError.class, () -> bind(noInput));
        assertTrue(e.getMessage().contains("is a table-in-out function"), e.getMessage());

        byte[] wrongKind = bindRequest("upper_case", "TABLE", noArgs(), null, null);
        e = assertThrows(WireClient.WireError.class, () -> bind(wrongKind));
        assertEquals("NOT_FOUND", e.code());
        assertTrue(e.getMessage().contains("is a SCALAR function"), e.getMessage());
    }

    private static Map<String, ArrowType> typesOf(Object... kv) {
        Map<String, ArrowType> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (ArrowType) kv[i + 1]);
        }
        return m;
    }

    @Test
    void argumentSpecsMatchPythonConventions() {
        Schema spec = ArgumentSpecs.schema(new TestCatalog.Sequence());
        assertEquals(List.of("count", "batch_size"), spec.getFields().stream().map(Field::getName).toList());
        assertTrue(spec.getFields().get(0).isNullable());
        assertEquals(ArgumentSpecs.EXACT, ArgumentSpecs.compatibility(Field.nullable("", INT64), Field.nullable("", INT64)));
        assertEquals(ArgumentSpecs.FAMILY,
                ArgumentSpecs.compatibility(Field.nullable("", INT64), Field.nullable("", new ArrowType.Int(8, true))));
        assertEquals(ArgumentSpecs.MISMATCH, ArgumentSpecs.compatibility(Field.nullable("", INT64), Field.nullable("", UTF8)));
        assertEquals(0, ArgumentSpecs.compatibility(Field.nullable("", ArrowType.Null.INSTANCE), Field.nullable("", UTF8)));
        assertNotNull(ArgumentSpecs.signature(new TestCatalog.Multiply()));
    }
}
