package dev.vgi.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

import dev.vgi.core.rpc.CallContext;
import dev.vgi.core.rpc.LogLevel;
import dev.vgi.core.rpc.RpcException;
import dev.vgi.core.rpc.RpcMethod;
import dev.vgi.core.rpc.RpcService;
import dev.vgi.core.rpc.StreamMethod;
import dev.vgi.core.rpc.StreamOutput;
import dev.vgi.core.rpc.StreamState;
import dev.vgi.core.rpc.ipc.BatchMetadata;

/**
 * Service inventory, snapshot/restore of every stream state, reference values of the RichHeader
 * and Python float formatting. The wire behaviour itself is exercised by {@code vgi-rpc-test}.
 */
class ConformanceServiceTest {

    @Test
    void declaresTheReferenceProtocol() {
        RpcService service = ConformanceService.create();
        assertEquals("ConformanceService", service.protocolName());
        assertEquals("2.0.0", service.protocolVersion());
        assertEquals(90, service.methods().size());
        long streams = service.methods().stream().filter(RpcMethod::isStream).count();
        assertEquals(29, streams);
        for (RpcMethod m : service.methods()) {
            if (m instanceof StreamMethod s) {
                assertNotNull(s.restorer(), m.name() + " has no restorer");
                assertTrue(s.kind() != StreamMethod.Kind.UNKNOWN, m.name() + " states no kind");
            }
        }
        StreamMethod rich = (StreamMethod) service.method("produce_with_rich_header");
        assertEquals(18, rich.headerSchema().getFields().size());
        assertNull(((StreamMethod) service.method("produce_n")).headerSchema());
    }

    @Test
    void protocolHashEqualsTheReferenceWorkers() {
        // computed by vgi-rpc 0.52.2 for its own ConformanceService; equal only if every method,
        // parameter, result and header schema matches the reference field for field
        assertEquals("05479410c96f34410a2b10a4f6a49d59dcfd9d6d1d45ce9a9807d060a3bd6014",
                dev.vgi.core.rpc.ProtocolHash.of(ConformanceService.create()));
    }

    @Test
    void everyStateSurvivesSnapshotAndRestore() throws Exception {
        RpcService service = ConformanceService.create();
        try (BufferAllocator allocator = new RootAllocator()) {
            // a counter two batches in resumes at index 2
            StreamState counter = ProducerStates.Counter.rows(4);
            List<Long> indices = new ArrayList<>();
            turn(counter, StreamSchemas.COUNTER, allocator, indices);
            turn(counter, StreamSchemas.COUNTER, allocator, indices);
            StreamState restored = ((StreamMethod) service.method("produce_n")).restorer().restore(counter.snapshot());
            turn(restored, StreamSchemas.COUNTER, allocator, indices);
            assertEquals(List.of(0L, 1L, 2L), indices);

            List<StreamState> states = List.of(new ProducerStates.Counter(1, 3, 1), new ProducerStates.TickMetadata(2, 1),
                    new ProducerStates.Counter(1, 0, 0), new ProducerStates.Counter(1, 1, 1), new ProducerStates.Counter(10, 3, 2),
                    new ProducerStates.Annotated(3, 2, 1), new ProducerStates.Counter(5, 1, 1), new ProducerStates.Logging(3, 2),
                    new ProducerStates.ErrorAfter(2, 1), new ProducerStates.Dynamic(5, true, false, 3),
                    new ProducerStates.Cancellable(9), new ProducerStates.SessionCounter(2, 0),
                    new ExchangeStates.Scale(2.5), new ExchangeStates.Accumulate(13.5, 2), new ExchangeStates.Logging(),
                    new ExchangeStates.InputMetadata(), new ExchangeStates.ZeroColumns(4), new ExchangeStates.FailOnNth(3, 1),
                    new ExchangeStates.Oversized(7), new ExchangeStates.Cancellable(), new ExchangeStates.SessionCounter());
            List<String> methods = List.of("produce_n", "produce_tick_metadata", "produce_empty", "produce_single",
                    "produce_large_batches", "produce_annotated_batches", "produce_oversized_batch", "produce_with_logs",
                    "produce_error_mid_stream", "produce_dynamic_schema", "cancellable_producer", "stream_session_counter",
                    "exchange_scale", "exchange_accumulate", "exchange_with_logs", "exchange_input_metadata",
                    "exchange_zero_columns", "exchange_error_on_nth", "exchange_oversized", "cancellable_exchange",
                    "exchange_session_counter");
            for (int i = 0; i < states.size(); i++) {
                byte[] snapshot = states.get(i).snapshot();
                StreamState back = ((StreamMethod) service.method(methods.get(i))).restorer().restore(snapshot);
                assertEquals(states.get(i).getClass(), back.getClass());
                assertArrayEquals(snapshot, back.snapshot(), methods.get(i));
            }
            // a snapshot of another state's layout is refused rather than misread
            StreamMethod.StateRestorer scale = ((StreamMethod) service.method("exchange_scale")).restorer();
            assertThrows(java.io.IOException.class, () -> scale.restore(ProducerStates.Counter.rows(1).snapshot()));
        }
    }

    @Test
    void richHeaderFollowsTheSeed() {
        Map<String, Object> h = RichHeaders.values(42);
        assertEquals("seed-42", h.get("str_field"));
        assertArrayEquals(new byte[] {42, 43, 44}, (byte[]) h.get("bytes_field"));
        assertEquals(294L, h.get("int_field"));
        assertEquals(63.0, h.get("float_field"));
        assertEquals(true, h.get("bool_field"));
        assertEquals("PENDING", h.get("enum_field"));
        assertEquals("opt-42", h.get("optional_str"));
        assertNull(h.get("optional_int"));
        assertEquals(RichHeaders.point(42, 0), h.get("optional_nested"));
        assertEquals(42, h.get("annotated_int32"));
        assertEquals(14.0f, h.get("annotated_float32"));
        assertEquals(Map.of("key", "val-42"), h.get("dict_str_str"));
        Map<String, Object> odd = RichHeaders.values(7);
        assertEquals("ACTIVE", odd.get("enum_field"));
        assertEquals(21L, odd.get("optional_int"));
        assertNull(odd.get("optional_str"));
        assertNull(odd.get("optional_nested"));
    }

    @Test
    void headerAndRecordsEncode() {
        try (BufferAllocator allocator = new RootAllocator()) {
            try (VectorSchemaRoot header = VectorSchemaRoot.create(ConformanceRecords.RICH_HEADER, allocator)) {
                header.allocateNew();
                RichHeaders.writer(5).write(header);
                header.setRowCount(1);
                assertEquals("seed-5", header.getVector("str_field").getObject(0).toString());
                assertEquals("[[5,6],[7]]", header.getVector("nested_list").getObject(0).toString());
                assertTrue(header.getVector("optional_str").isNull(0));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            byte[] point = ConformanceRecords.toIpc(ConformanceRecords.POINT, List.of(RichHeaders.point(1.5, -2.0)), allocator);
            assertArrayEquals(new double[] {1.5, -2.0}, ConformanceRecords.readPoint(point, allocator));
            RpcException bad = assertThrows(RpcException.class, () -> ConformanceRecords.readPoint(new byte[] {1, 2, 3}, allocator));
            assertEquals("ValueError", bad.errorType());
            assertEquals(0, allocator.getAllocatedMemory());
        }
    }

    @Test
    void floatsFormatAsPythonRepr() {
        assertEquals("1.5", PyFloat.repr(1.5));
        assertEquals("2.0", PyFloat.repr(2.0));
        assertEquals("-0.0", PyFloat.repr(-0.0));
        assertEquals("0.1", PyFloat.repr(0.1));
        assertEquals("100.0", PyFloat.repr(100));
        assertEquals("0.0001", PyFloat.repr(0.0001));
        assertEquals("1e-05", PyFloat.repr(0.00001));
        assertEquals("1e+16", PyFloat.repr(1e16));
        assertEquals("1234567890123456.0", PyFloat.repr(1234567890123456.0));
        assertEquals("5e-324", PyFloat.repr(Double.MIN_VALUE));
        assertEquals("1.7976931348623157e+308", PyFloat.repr(Double.MAX_VALUE));
        assertEquals("0.30000000000000004", PyFloat.repr(0.1 + 0.2));
        assertEquals("nan", PyFloat.repr(Double.NaN));
        assertEquals("-inf", PyFloat.repr(Double.NEGATIVE_INFINITY));
    }

    /** Runs one producer turn on a fresh output root and records the emitted index. */
    private static void turn(StreamState state, Schema output, BufferAllocator allocator, List<Long> indices) throws Exception {
        try (VectorSchemaRoot root = VectorSchemaRoot.create(output, allocator)) {
            StreamOutput out = new StreamOutput() {
                @Override
                public VectorSchemaRoot root() {
                    return root;
                }

                @Override
                public void emit(VectorSchemaRoot batch, Map<String, String> metadata) {
                    indices.add(((BigIntVector) batch.getVector("index")).get(0));
                }

                @Override
                public void finish() {
                }

                @Override
                public void log(LogLevel level, String message, Map<String, ?> extras) {
                }

                @Override
                public CallContext context() {
                    return null;
                }
            };
            state.process(VectorSchemaRoot.of(), BatchMetadata.EMPTY, out);
        }
    }
}
