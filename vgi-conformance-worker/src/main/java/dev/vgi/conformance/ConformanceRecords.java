package dev.vgi.conformance;

import static dev.vgi.core.arrow.ArrowFields.BINARY;
import static dev.vgi.core.arrow.ArrowFields.BOOL;
import static dev.vgi.core.arrow.ArrowFields.FLOAT32;
import static dev.vgi.core.arrow.ArrowFields.FLOAT64;
import static dev.vgi.core.arrow.ArrowFields.INT32;
import static dev.vgi.core.arrow.ArrowFields.INT64;
import static dev.vgi.core.arrow.ArrowFields.UTF8;
import static dev.vgi.core.arrow.ArrowFields.enumField;
import static dev.vgi.core.arrow.ArrowFields.list;
import static dev.vgi.core.arrow.ArrowFields.map;
import static dev.vgi.core.arrow.ArrowFields.optional;
import static dev.vgi.core.arrow.ArrowFields.required;
import static dev.vgi.core.arrow.ArrowFields.schema;
import static dev.vgi.core.arrow.ArrowFields.struct;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.util.List;
import java.util.Map;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

import dev.vgi.core.arrow.ArrowValues;
import dev.vgi.core.rpc.RpcException;

/**
 * The record types of the conformance protocol and their wire form. A record travels as a
 * {@code binary} value holding a complete Arrow IPC stream with one single-row batch; nested
 * records are structs. Enum members (the {@code Status} names {@code PENDING}, {@code ACTIVE},
 * {@code CLOSED}) are {@code dictionary<int16, utf8>} in headers and results, filled with the member
 * names (the runtime writes the dictionaries); inside record IPC payloads they stay plain
 * {@code utf8}, which the client decodes by value.
 */
public final class ConformanceRecords {

    private ConformanceRecords() {
    }

    /** The members of the {@code Status} enum, in declaration order. */
    public static final List<String> STATUS_MEMBERS = List.of("PENDING", "ACTIVE", "CLOSED");

    /** A {@code Point} struct field. */
    static Field pointField(String name, boolean nullable) {
        return struct(name, nullable, required("x", FLOAT64), required("y", FLOAT64));
    }

    /** {@code Point}: {@code x}, {@code y} as float64. */
    public static final Schema POINT = schema(required("x", FLOAT64), required("y", FLOAT64));

    /** {@code ConformanceHeader}: the header of the simple header streams. */
    public static final Schema CONFORMANCE_HEADER = schema(required("total_expected", INT64), required("description", UTF8));

    /** {@code RichHeader}: 18 fields covering every type mapping, in the reference's order. */
    public static final Schema RICH_HEADER = schema(
            required("str_field", UTF8),
            required("bytes_field", BINARY),
            required("int_field", INT64),
            required("float_field", FLOAT64),
            required("bool_field", BOOL),
            list("list_of_int", false, INT64),
            list("list_of_str", false, UTF8),
            map("dict_field", false, INT64),
            enumField("enum_field", false),
            pointField("nested_point", false),
            optional("optional_str", UTF8),
            optional("optional_int", INT64),
            pointField("optional_nested", true),
            list("list_of_nested", false, pointField("item", true)),
            list("nested_list", false, list("item", true, INT64)),
            required("annotated_int32", INT32),
            required("annotated_float32", FLOAT32),
            map("dict_str_str", false, UTF8));

    /** {@code NestedContainers}: the record {@code pack_nested_containers} returns. */
    public static final Schema NESTED_CONTAINERS = schema(
            list("statuses", false, UTF8),
            list("points", false, pointField("item", true)),
            map("status_by_name", false, UTF8),
            list("frozen_statuses", false, UTF8),
            optional("tagged_status", UTF8),
            pointField("tagged_point", true),
            optional("tagged_batch", BINARY));

    /** Encodes rows of {@code schema} as a complete IPC stream (schema, one batch, end marker). */
    public static byte[] toIpc(Schema schema, List<? extends Map<String, ?>> rows, BufferAllocator allocator) {
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
            root.allocateNew();
            for (int i = 0; i < rows.size(); i++) {
                ArrowValues.writeRow(root, i, rows.get(i));
            }
            root.setRowCount(rows.size());
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ArrowStreamWriter writer = new ArrowStreamWriter(root, null, Channels.newChannel(bytes))) {
                writer.start();
                writer.writeBatch();
                writer.end();
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("encoding an in-memory IPC stream failed", e);
        }
    }

    /**
     * Decodes a {@code Point} record.
     *
     * @return {@code {x, y}}
     * @throws RpcException {@code ValueError} when the bytes are not a one-row Point stream
     */
    public static double[] readPoint(byte[] ipc, BufferAllocator allocator) {
        try (ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(ipc), allocator)) {
            if (!reader.loadNextBatch()) {
                throw RpcException.valueError("Cannot deserialize Point from an IPC stream without a batch");
            }
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            if (root.getRowCount() != 1) {
                throw RpcException.valueError("Expected single-row RecordBatch for Point deserialization, got "
                        + root.getRowCount() + " rows");
            }
            return new double[] {coordinate(root, "x"), coordinate(root, "y")};
        } catch (IOException | RuntimeException e) {
            if (e instanceof RpcException r) {
                throw r;
            }
            throw RpcException.valueError("Cannot deserialize Point: " + e.getMessage());
        }
    }

    private static double coordinate(VectorSchemaRoot root, String name) {
        FieldVector v = root.getVector(name);
        if (!(v instanceof Float8Vector f) || f.isNull(0)) {
            throw RpcException.valueError("Point field '" + name + "' is missing, null or not float64");
        }
        return f.get(0);
    }
}
