package dev.vgi.core.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/** {@link Batches#detach} hands methods decoded values even when the dictionary sits inside a container. */
class NestedDictionariesTest {

    private static final ArrowType.Int INT16 = new ArrowType.Int(16, true);

    @Test
    void decodesDictionariesInsideListsAndMaps() {
        try (RootAllocator allocator = new RootAllocator()) {
            DictionaryEncoding listEncoding = new DictionaryEncoding(1, false, INT16);
            DictionaryEncoding mapEncoding = new DictionaryEncoding(2, false, INT16);
            Field statuses = new Field("statuses", FieldType.notNullable(ArrowType.List.INSTANCE),
                    List.of(new Field("item", new FieldType(true, INT16, listEncoding), null)));
            Field entries = new Field("entries", FieldType.notNullable(ArrowType.Struct.INSTANCE), List.of(
                    new Field("key", FieldType.notNullable(ArrowType.Utf8.INSTANCE), null),
                    new Field("value", new FieldType(true, INT16, mapEncoding), null)));
            Field byName = new Field("by_name", FieldType.notNullable(new ArrowType.Map(false)), List.of(entries));
            Field plain = new Field("n", FieldType.nullable(new ArrowType.Int(64, true)), null);

            try (VarCharVector words = dictionaryValues("words", allocator, "PENDING", "ACTIVE", "CLOSED");
                    VarCharVector others = dictionaryValues("others", allocator, "x", "y");
                    VectorSchemaRoot root = VectorSchemaRoot.create(new Schema(List.of(statuses, byName, plain)), allocator)) {
                DictionaryProvider provider = new DictionaryProvider.MapDictionaryProvider(
                        new Dictionary(words, listEncoding), new Dictionary(others, mapEncoding));
                root.allocateNew();
                ListVector list = (ListVector) root.getVector("statuses");
                list.startNewValue(0);
                SmallIntVector listIndices = (SmallIntVector) list.getDataVector();
                listIndices.setSafe(0, 1);
                listIndices.setSafe(1, 2);
                listIndices.setSafe(2, 1);
                list.endValue(0, 3);
                MapVector map = (MapVector) root.getVector("by_name");
                map.startNewValue(0);
                StructVector struct = (StructVector) map.getDataVector();
                struct.setIndexDefined(0);
                ((VarCharVector) struct.getChild("key")).setSafe(0, "a".getBytes(StandardCharsets.UTF_8));
                ((SmallIntVector) struct.getChild("value")).setSafe(0, 1);
                map.endValue(0, 1);
                ((BigIntVector) root.getVector("n")).setSafe(0, 7);
                root.setRowCount(1);

                try (VectorSchemaRoot detached = Batches.detach(root, provider, allocator)) {
                    assertEquals(List.of("statuses", "by_name", "n"),
                            detached.getSchema().getFields().stream().map(Field::getName).toList());
                    ListVector decodedList = (ListVector) detached.getVector("statuses");
                    assertInstanceOf(VarCharVector.class, decodedList.getDataVector());
                    assertEquals("[\"ACTIVE\",\"CLOSED\",\"ACTIVE\"]", decodedList.getObject(0).toString());
                    MapVector decodedMap = (MapVector) detached.getVector("by_name");
                    StructVector decodedEntries = (StructVector) decodedMap.getDataVector();
                    assertEquals("y", decodedEntries.getChild("value").getObject(0).toString());
                    assertEquals("a", decodedEntries.getChild("key").getObject(0).toString());
                    assertEquals(7L, ((BigIntVector) detached.getVector("n")).get(0));
                }
            }
            assertEquals(0, allocator.getAllocatedMemory());
        }
    }

    private static VarCharVector dictionaryValues(String name, RootAllocator allocator, String... values) {
        VarCharVector v = new VarCharVector(name, allocator);
        v.allocateNew();
        for (int i = 0; i < values.length; i++) {
            v.setSafe(i, values[i].getBytes(StandardCharsets.UTF_8));
        }
        v.setValueCount(values.length);
        return v;
    }
}
