package dev.vgi.conformance;

import static dev.vgi.core.arrow.ArrowFields.FLOAT64;
import static dev.vgi.core.arrow.ArrowFields.INT64;
import static dev.vgi.core.arrow.ArrowFields.UTF8;
import static dev.vgi.core.arrow.ArrowFields.optional;
import static dev.vgi.core.arrow.ArrowFields.schema;

import java.util.ArrayList;
import java.util.List;

import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

import dev.vgi.core.rpc.RpcMethod;
import dev.vgi.core.rpc.StreamOutput;

/**
 * Input and output schemas of the conformance streams (all fields nullable, as pyarrow builds
 * them) and the small batch-filling routines the stream states share.
 */
final class StreamSchemas {

    private StreamSchemas() {
    }

    /** {@code {index: int64, value: int64}}: row i is {@code {i, 10·i}}. */
    static final Schema COUNTER = schema(optional("index", INT64), optional("value", INT64));
    /** {@code {value: int64}}: the annotated producer's batches. */
    static final Schema ANNOTATED = schema(optional("value", INT64));
    /** {@code {index: int64, seen: utf8}}: what a producer tick carried. */
    static final Schema TICK_METADATA = schema(optional("index", INT64), optional("seen", UTF8));
    /** {@code {value: float64}}: input and output of the scaling and echoing exchanges. */
    static final Schema VALUES = schema(optional("value", FLOAT64));
    /** {@code {running_sum: float64, exchange_count: int64}}. */
    static final Schema ACCUMULATE = schema(optional("running_sum", FLOAT64), optional("exchange_count", INT64));
    /** {@code {seen: utf8, keys: utf8}}: what an exchange input's metadata carried. */
    static final Schema INPUT_METADATA = schema(optional("seen", UTF8), optional("keys", UTF8));
    /** {@code {value: int64}}: the sticky-session counter streams' output. */
    static final Schema SESSION_COUNTER = schema(optional("value", INT64));
    /** {@code {by: int64}}: the sticky-session exchange's input. */
    static final Schema SESSION_INPUT = schema(optional("by", INT64));
    /** No columns: producer input and the zero-column exchange. */
    static final Schema EMPTY = RpcMethod.EMPTY_SCHEMA;

    /** {@code produce_dynamic_schema}'s output: {@code index}, then optionally {@code label}, {@code score}. */
    static Schema dynamic(boolean includeStrings, boolean includeFloats) {
        List<Field> fields = new ArrayList<>();
        fields.add(optional("index", INT64));
        if (includeStrings) {
            fields.add(optional("label", UTF8));
        }
        if (includeFloats) {
            fields.add(optional("score", FLOAT64));
        }
        return new Schema(fields);
    }

    /** Emits {@code rows} counter rows starting at {@code firstIndex} on a {@link #COUNTER} stream. */
    static void emitCounterRows(StreamOutput out, long firstIndex, int rows) {
        VectorSchemaRoot root = out.root();
        BigIntVector index = (BigIntVector) root.getVector("index");
        BigIntVector value = (BigIntVector) root.getVector("value");
        for (int i = 0; i < rows; i++) {
            index.setSafe(i, firstIndex + i);
            value.setSafe(i, (firstIndex + i) * 10);
        }
        root.setRowCount(rows);
        out.emit(root);
    }

    /**
     * Copies every row of {@code input} into the output root by column name and emits it: the
     * "echo the input batch" turn. Copying rather than emitting {@code input} itself keeps the
     * output independent of the input's lifetime, which the runtime may end before writing.
     */
    static void emitCopy(VectorSchemaRoot input, StreamOutput out) {
        VectorSchemaRoot root = out.root();
        int rows = input.getRowCount();
        for (FieldVector target : root.getFieldVectors()) {
            FieldVector source = input.getVector(target.getName());
            for (int i = 0; i < rows; i++) {
                target.copyFromSafe(i, i, source);
            }
        }
        root.setRowCount(rows);
        out.emit(root);
    }
}
