package dev.vgi.core.arrow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.channels.Channels;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/** Bare schema messages: the form VGI embeds schemas in. */
class SchemaMessagesTest {

    @Test
    void roundTripsWithMetadataNestingAndDictionaries() {
        Field arg = new Field("value", new FieldType(true, ArrowFields.UTF8, null, Map.of("vgi_arg", "0", "vgi_doc", "the value")), null);
        Schema schema = new Schema(List.of(arg, ArrowFields.map("tags", false, ArrowFields.UTF8), ArrowFields.enumField("kind", true)),
                Map.of("k", "v"));
        byte[] bytes = SchemaMessages.serialize(schema);
        assertEquals(0xFF, bytes[0] & 0xFF, "continuation marker");
        assertEquals(0, bytes.length % 8, "padded to 8 bytes");
        Schema back = SchemaMessages.parse(bytes);
        assertEquals(schema, back);
        assertEquals("the value", back.getFields().get(0).getMetadata().get("vgi_doc"));
        assertEquals(new Schema(List.of()), SchemaMessages.parse(SchemaMessages.serialize(new Schema(List.of()))));
    }

    @Test
    void acceptsAWholeStreamAndTrailingBytes() throws Exception {
        Schema schema = new Schema(List.of(ArrowFields.optional("n", ArrowFields.INT64)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (RootAllocator allocator = new RootAllocator(); VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
                ArrowStreamWriter w = new ArrowStreamWriter(root, null, Channels.newChannel(out))) {
            w.start();
            w.end();
        }
        assertEquals(schema, SchemaMessages.parse(out.toByteArray()));
    }

    @Test
    void emptyIsAbsentAndGarbageIsRefused() {
        assertNull(SchemaMessages.parse(null));
        assertNull(SchemaMessages.parse(new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> SchemaMessages.parse(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}));
        byte[] whole = SchemaMessages.serialize(new Schema(List.of(ArrowFields.optional("n", ArrowFields.INT64))));
        assertThrows(IllegalArgumentException.class, () -> SchemaMessages.parse(Arrays.copyOf(whole, whole.length / 2)));
    }
}
