package dev.vgi.core.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

import dev.vgi.core.ArrowMemoryTest;
import dev.vgi.core.arrow.ArrowFields;

/**
 * Records encoded by the reference itself ({@code src/test/python/vgi_reference_records.py}): the
 * reader must take what vgi-python writes (one-entry enum dictionaries, {@code dict<int32, binary>}
 * schema columns, collections with replacement dictionaries), and what the reader gets back must
 * re-encode under our schemas.
 */
class ReferenceRecordsTest extends ArrowMemoryTest {

    private static final Map<String, byte[]> SAMPLES = VgiReference.samples();

    @Test
    void functionInfoAsTheReferenceWritesIt() {
        Record f = VgiRecords.FUNCTION_INFO.decode(SAMPLES.get("FunctionInfo"), allocator);
        assertEquals("upper_case", f.requireString("name"));
        assertEquals("SCALAR", f.getString("function_type"));
        assertEquals("CONSISTENT", f.getString("stability"));
        assertNull(f.getString("order_preservation"));
        assertEquals(new Schema(List.of(ArrowFields.optional("value", ArrowFields.UTF8))), f.getSchema("arguments"));
        assertEquals(new Schema(List.of(ArrowFields.optional("result", ArrowFields.UTF8))), f.getSchema("output_schema"));
        assertNull(f.getBytes("parameter_default_values"));
        assertEquals(List.of("alpha", "zeta"), new ArrayList<>(f.getStringMap("tags").keySet()), "the reference sorts map keys");
        assertEquals(List.of("main"), f.getStringList("schema_path"));
        Record example = f.getStructList("examples").get(0);
        assertEquals("SELECT upper_case('a')", example.getString("sql"));
        assertEquals("A", example.getString("expected_output"));
        assertEquals("FunctionInfo.examples[0]", example.recordName());
        assertEquals(List.of(), f.getList("additional_filter_functions"));
        assertEquals("NOT_PARTITIONED", f.getString("partition_kind"));
        assertFalse(f.getBoolean("has_finalize"));
        assertNull(f.getLong("input_rows_per_call"));
        // the wire schema is ours, field for field (ids aside)
        assertSameFields(VgiRecords.FUNCTION_INFO.schema(), f.schema());
        // and the decoded values re-encode under our schema
        assertArrayEquals(f.requireBytes("arguments"),
                VgiRecords.FUNCTION_INFO.decode(VgiRecords.FUNCTION_INFO.encode(f.asMap(), allocator), allocator).getBytes("arguments"));
    }

    private static void assertSameFields(Schema ours, Schema wire) {
        assertEquals(ours.getFields().size(), wire.getFields().size());
        for (int i = 0; i < ours.getFields().size(); i++) {
            assertSameField(ours.getFields().get(i), wire.getFields().get(i));
        }
    }

    private static void assertSameField(Field ours, Field wire) {
        assertEquals(ours.getName(), wire.getName());
        assertEquals(ours.isNullable(), wire.isNullable(), ours.getName());
        assertEquals(ours.getType(), wire.getType(), ours.getName());
        assertEquals(ours.getDictionary() == null, wire.getDictionary() == null, ours.getName());
        if (ours.getDictionary() != null) {
            assertEquals(ours.getDictionary().getIndexType(), wire.getDictionary().getIndexType(), ours.getName());
        }
        assertEquals(ours.getChildren().size(), wire.getChildren().size(), ours.getName());
        for (int i = 0; i < ours.getChildren().size(); i++) {
            assertSameField(ours.getChildren().get(i), wire.getChildren().get(i));
        }
    }

    @Test
    void catalogContentsCollectionsAsTheReferenceWritesThem() {
        List<Record> functions = RecordReader.readAll(VgiRecords.FUNCTION_INFO, SAMPLES.get("functions"), allocator);
        assertEquals(List.of("upper_case", "sequence"), functions.stream().map(r -> r.getString("name")).toList());
        assertEquals(List.of("SCALAR", "TABLE"), functions.stream().map(r -> r.getString("function_type")).toList());
        Record defaults = RecordReader.read(functions.get(1).requireBytes("parameter_default_values"), allocator);
        assertEquals(2048L, defaults.getLong("batch_size"));
        assertEquals(1, functions.get(1).getInt("max_workers"));
        assertSameFields(VgiRecords.FUNCTION_INFO.schema(), functions.get(0).schema());

        List<Record> schemas = RecordReader.readAll(VgiRecords.SCHEMA_INFO, SAMPLES.get("schemas"), allocator);
        assertEquals(List.of(List.of("main"), List.of("data")), schemas.stream().map(r -> r.getStringList("path")).toList());
        assertEquals(Map.of("macro", 0L, "table", 1L), schemas.get(0).getMap("estimated_object_count"));
        assertNull(schemas.get(1).getMap("estimated_object_count"));
        assertSameFields(VgiRecords.SCHEMA_INFO.schema(), schemas.get(0).schema());
    }

    @Test
    void bindAndInitRequestsAsTheReferenceClientSendsThem() {
        Record bind = VgiRecords.BIND_REQUEST.decode(SAMPLES.get("BindRequest"), allocator);
        assertEquals("multiply", bind.requireString("function_name"));
        assertEquals("SCALAR", bind.getString("function_type"));
        assertEquals(new Schema(List.of(ArrowFields.optional("col_0", ArrowFields.INT64))), bind.getSchema("input_schema"));
        assertArrayEquals("aod".getBytes(), bind.getBytes("attach_opaque_data"));
        assertFalse(bind.getBoolean("resolved_secrets_provided"));
        assertNull(bind.getStruct("copy_from"));
        Record args = RecordReader.read(bind.requireBytes("arguments"), allocator);
        assertEquals(10L, args.getStruct("args").getLong("positional_0"));

        Record init = VgiRecords.INIT_REQUEST.decode(SAMPLES.get("InitRequest"), allocator);
        assertArrayEquals(SAMPLES.get("BindRequest"), init.requireBytes("bind_call"));
        assertEquals(List.of(2L, 0L), init.getLongList("projection_ids"));
        assertEquals("INPUT", init.getString("phase"));
        assertEquals("DESC", init.getString("order_by_direction"));
        assertNull(init.getString("order_by_null_order"));
        assertEquals(16, init.requireBytes("substream_id").length);
        assertNull(init.getBytes("pushdown_filters"));

        Record attach = VgiRecords.CATALOG_ATTACH_REQUEST.decode(SAMPLES.get("CatalogAttachRequest"), allocator);
        assertEquals("example", attach.requireString("name"));
        assertTrue(attach.isNull("client_capabilities"));

        Record header = VgiRecords.GLOBAL_INIT_RESPONSE.decode(SAMPLES.get("GlobalInitResponse"), allocator);
        assertEquals(99999L, header.requireLong("max_workers"));
    }
}
