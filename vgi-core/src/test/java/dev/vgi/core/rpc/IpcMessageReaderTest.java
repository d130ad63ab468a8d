package dev.vgi.core.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;

import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

import dev.vgi.core.rpc.ipc.BatchMetadata;
import dev.vgi.core.rpc.ipc.IpcMessageReader;
import dev.vgi.core.rpc.ipc.IpcStreamReader;
import dev.vgi.core.rpc.ipc.IpcStreamWriter;
import dev.vgi.core.rpc.ipc.OversizedBodyException;

/** The message reader refuses bodies it cannot hold without losing its place in the stream. */
class IpcMessageReaderTest {

    @Test
    void oversizedBodyIsSkippedExactly() throws Exception {
        try (RootAllocator root = new RootAllocator()) {
            Schema schema = new Schema(List.of(new Field("data", FieldType.notNullable(new ArrowType.Binary()), null)));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            IpcStreamWriter w = new IpcStreamWriter(bytes);
            try (VectorSchemaRoot r = VectorSchemaRoot.create(schema, root)) {
                r.allocateNew();
                ((VarBinaryVector) r.getVector(0)).setSafe(0, new byte[4096]);
                r.setRowCount(1);
                w.start(schema, null, root);
                w.writeBatch(r, Map.of("k", "big"));
                ((VarBinaryVector) r.getVector(0)).setSafe(0, new byte[8]);
                w.writeBatch(r, Map.of("k", "small"));
                w.end();
            }
            IpcMessageReader messages = new IpcMessageReader(new ByteArrayInputStream(bytes.toByteArray()), 1024);
            try (IpcStreamReader reader = IpcStreamReader.open(messages, root)) {
                OversizedBodyException e = assertThrows(OversizedBodyException.class, reader::next);
                assertEquals(1024, e.limit());
                BatchMetadata md = reader.next();
                assertEquals("small", md.get("k"));
                assertEquals(8, ((VarBinaryVector) reader.root().getVector(0)).get(0).length);
                assertEquals(null, reader.next());
            }
            assertEquals(0, root.getAllocatedMemory());
        }
    }
}
