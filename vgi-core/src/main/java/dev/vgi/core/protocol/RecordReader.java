package dev.vgi.core.protocol;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

import dev.vgi.core.arrow.ArrowValues;
import dev.vgi.core.rpc.Batches;
import dev.vgi.core.rpc.RpcException;
import dev.vgi.core.rpc.ipc.IpcMessageReader;
import dev.vgi.core.rpc.ipc.IpcStreamReader;

/**
 * Decodes record IPC streams into {@link Record}s, by field name and leniently (see {@link Record}).
 *
 * <p>The received schema is taken as it comes rather than compared with a {@link RecordType}: a
 * record type only lends its name to messages. Dictionaries (top-level or nested) are decoded, so
 * enum fields read as strings and {@code dict<int32, binary>} fields as bytes. Malformed bytes, and a
 * one-record stream that does not hold exactly one row, are an {@link RpcException} of type
 * {@code ValueError}, as the reference reports them. No Arrow memory outlives a call.
 */
public final class RecordReader {

    private RecordReader() {
    }

    /** Decodes a one-row record stream. */
    public static Record read(byte[] ipc, BufferAllocator allocator) {
        return one("record", ipc, allocator);
    }

    /** Decodes a one-row stream of {@code type} (whose name is used in messages). */
    public static Record read(RecordType type, byte[] ipc, BufferAllocator allocator) {
        return one(type.name(), ipc, allocator);
    }

    /** Decodes every row of every batch of a record collection stream (e.g. a {@code catalog_contents} collection). */
    public static List<Record> readAll(RecordType type, byte[] ipc, BufferAllocator allocator) {
        return decode(type.name(), ipc, allocator).rows;
    }

    /** As {@link #readAll(RecordType, byte[], BufferAllocator)} without a record name. */
    public static List<Record> readAll(byte[] ipc, BufferAllocator allocator) {
        return decode("record", ipc, allocator).rows;
    }

    private static Record one(String name, byte[] ipc, BufferAllocator allocator) {
        Decoded d = decode(name, ipc, allocator);
        if (d.schema.getFields().isEmpty()) {
            // a record without fields has nothing to read; the reference writes it with zero rows
            return new Record(name, d.schema, new LinkedHashMap<>());
        }
        if (d.rows.size() != 1) {
            throw RpcException.valueError(d.rows.isEmpty() ? "Cannot deserialize " + name + " from empty RecordBatch"
                    : "Expected single-row RecordBatch for " + name + " deserialization, got " + d.rows.size() + " rows");
        }
        return d.rows.get(0);
    }

    private record Decoded(Schema schema, List<Record> rows) {
    }

    /**
     * Row {@code index} keyed by the <em>wire</em> field names: a decoded top-level dictionary
     * column is named after its dictionary ({@code DICT0}, …) by Arrow's decoder, so names are taken
     * from the received schema by position rather than from the decoded vectors.
     */
    private static Map<String, Object> row(Schema schema, VectorSchemaRoot decoded, int index) {
        List<Field> fields = schema.getFields();
        Map<String, Object> row = new LinkedHashMap<>();
        for (int c = 0; c < fields.size(); c++) {
            row.put(fields.get(c).getName(), ArrowValues.read(decoded.getVector(c), index));
        }
        return row;
    }

    private static Decoded decode(String name, byte[] ipc, BufferAllocator allocator) {
        if (ipc == null || ipc.length == 0) {
            throw RpcException.valueError("Cannot deserialize " + name + ": no IPC bytes");
        }
        IpcMessageReader messages = new IpcMessageReader(new ByteArrayInputStream(ipc));
        try (IpcStreamReader reader = IpcStreamReader.open(messages, allocator)) {
            if (reader == null) {
                throw RpcException.valueError("Cannot deserialize " + name + ": no IPC stream");
            }
            Schema schema = reader.wireSchema();
            List<Record> rows = new ArrayList<>();
            while (reader.next() != null) {
                try (VectorSchemaRoot decoded = Batches.detach(reader.root(), reader.dictionaries(), allocator)) {
                    for (int i = 0; i < decoded.getRowCount(); i++) {
                        rows.add(new Record(name, schema, row(schema, decoded, i)));
                    }
                }
            }
            return new Decoded(schema, rows);
        } catch (RpcException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw RpcException.valueError("Cannot deserialize " + name + ": " + e.getMessage());
        }
    }
}
