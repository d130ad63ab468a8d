package dev.vgi.core.worker;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

import dev.vgi.core.arrow.ArrowValues;
import dev.vgi.core.function.InOutRequest;
import dev.vgi.core.function.ScalarFunction;
import dev.vgi.core.function.ScanHints;
import dev.vgi.core.function.ScanRequest;
import dev.vgi.core.function.TableCapabilities;
import dev.vgi.core.function.TableFunction;
import dev.vgi.core.function.TableInOutFunction;
import dev.vgi.core.function.TableInOutProcessor;
import dev.vgi.core.function.TableScan;
import dev.vgi.core.protocol.Record;
import dev.vgi.core.protocol.VgiMethod;
import dev.vgi.core.protocol.VgiMethods;
import dev.vgi.core.protocol.VgiProtocol;
import dev.vgi.core.protocol.VgiRecords;
import dev.vgi.core.pushdown.FilterException;
import dev.vgi.core.pushdown.PushdownFilters;
import dev.vgi.core.rpc.CallContext;
import dev.vgi.core.rpc.RpcException;
import dev.vgi.core.rpc.RpcMethod;
import dev.vgi.core.rpc.StreamMethod;
import dev.vgi.core.rpc.StreamOutput;
import dev.vgi.core.rpc.StreamSetup;
import dev.vgi.core.rpc.StreamState;
import dev.vgi.core.rpc.TransportKind;
import dev.vgi.core.rpc.ipc.BatchMetadata;

/**
 * The {@code init} stream: the {@code GlobalInitResponse} header, then the lifecycle of the
 * function kind (spec §8): scalar functions exchange one output batch per input batch; table
 * functions produce one batch per tick until their scan ends; table-in-out functions exchange in
 * phase {@code INPUT} and produce their finalize rows in phase {@code FINALIZE}.
 *
 * <p>Every state can be resumed on a stateless transport (HTTP), where each turn is a separate
 * request: its snapshot holds the {@code InitRequest} bytes (from which the call is resolved again)
 * and a per-kind position: nothing for scalars, the scan's own snapshot or the number of batches
 * sent for table scans (the scan is then re-opened and that many batches skipped), the processor's
 * snapshot for table-in-out input. A table-in-out processor is handed from its INPUT phase to its
 * FINALIZE phase in memory ({@link InOutExecutions}), so FINALIZE must reach the process that ran
 * INPUT: always true on byte-stream transports, true over HTTP only with a single replica.
 *
 * <p><b>Filters.</b> A table function declaring filter pushdown without
 * {@link TableCapabilities#filtersExact()} (and a table-in-out function declaring
 * {@link TableInOutFunction#filterPushdown()}) has the pushed filters applied here
 * ({@link RowFilter}): it fills DuckDB's projection plus the filter columns DuckDB did not project,
 * the rows that fail are dropped, then the extra columns. Tick-time deltas (Top-N bounds) are folded
 * into a table scan's live filters ({@link FilterUpdates}) and carried in its snapshot. A function
 * that declares filter pushdown without projection pushdown gets no filters on its secondary inits
 * (spec §8.3.4), so when it may run parallel scans the primary's filters travel to them in the
 * header's {@code opaque_data}, which the client echoes as their {@code init_opaque_data}.
 */
final class InitStreams {

    /** {@code max_workers} for "no limit", as the reference sends it. */
    static final long UNLIMITED_WORKERS = 99_999;

    private static final int SNAPSHOT_VERSION = 2;
    private static final byte SCALAR = 1;
    private static final byte TABLE = 2;
    private static final byte IN_OUT_INPUT = 3;
    private static final byte IN_OUT_FINALIZE = 4;
    /** Consecutive empty FINALIZE batches tolerated before the function is deemed stuck. */
    private static final int MAX_EMPTY_FINALIZE_BATCHES = 100_000;
    /** Marks an {@code opaque_data} that carries the primary's filters to secondary inits. */
    private static final byte[] FILTER_CARRIER = {'v', 'g', 'i', 'F', 1};

    private static final SecureRandom RANDOM = new SecureRandom();

    private final FunctionCalls calls;
    private final InOutExecutions executions;

    InitStreams(FunctionCalls calls, InOutExecutions executions) {
        this.calls = calls;
        this.executions = executions;
    }

    /** The {@code init} stream method. */
    StreamMethod method() {
        VgiMethod m = VgiMethods.byName(VgiProtocol.INIT);
        return StreamMethod.builder(VgiProtocol.INIT, this::open).params(m.params()).header(m.header()).restorer(this::restore)
                .build();
    }

    // ---------------------------------------------------------------- decoding the request

    /** A decoded {@code InitRequest} with its call resolved. */
    private record Init(byte[] bytes, Record request, BoundCall call, Schema outputSchema) {

        String phase() {
            return request.getString("phase");
        }

        /** The request's {@code execution_id}; {@code null} on a primary init (an empty id counts as none). */
        byte[] executionId() {
            byte[] id = request.getBytes("execution_id");
            return id == null || id.length == 0 ? null : id;
        }

        List<Integer> projection() {
            List<Long> ids = request.getLongList("projection_ids");
            if (ids == null) {
                return null;
            }
            int n = outputSchema.getFields().size();
            List<Integer> out = new ArrayList<>(ids.size());
            for (Long id : ids) {
                if (id == null || id < 0 || id >= n) {
                    throw RpcException.valueError("InitRequest.projection_ids: " + id + " is not a column of the "
                            + n + "-column output schema");
                }
                out.add(id.intValue());
            }
            return out;
        }
    }

    private Init decode(byte[] bytes, CallContext context) {
        Record request = VgiRecords.INIT_REQUEST.decode(bytes, context.allocator());
        Record bind = VgiRecords.BIND_REQUEST.decode(request.requireBytes("bind_call"), context.allocator());
        BoundCall call = calls.resolve(bind, context);
        return new Init(bytes, request, call, request.requireSchema("output_schema"));
    }

    // ---------------------------------------------------------------- opening

    private StreamSetup open(CallContext context, VectorSchemaRoot params) throws Exception {
        byte[] bytes = ((VarBinaryVector) params.getVector("request")).getObject(0);
        if (bytes == null) {
            throw RpcException.valueError("init: request is null");
        }
        Init init = decode(bytes, context);
        boolean stateless = context.transport() == TransportKind.HTTP;
        byte[] requested = init.executionId();
        byte[] initOpaque = init.request().getBytes("init_opaque_data");
        if (init.call().function() instanceof ScalarFunction) {
            if (init.outputSchema().getFields().size() != 1) {
                throw RpcException.valueError("init: a scalar function's output schema has one field, got "
                        + init.outputSchema().getFields().size());
            }
            Field out = init.outputSchema().getFields().get(0);
            init.call().outputField(out);
            Schema input = init.call().inputSchema() == null ? RpcMethod.EMPTY_SCHEMA : init.call().inputSchema();
            byte[] id = requested != null ? requested : newExecutionId();
            return new StreamSetup(new Schema(List.of(out)), input, new ScalarState(init), null)
                    .withHeader(header(id, requested != null ? initOpaque : null, UNLIMITED_WORKERS));
        }
        if (init.call().function() instanceof TableFunction fn) {
            if (init.phase() != null) {
                throw WorkerErrors.invalidArgument("'" + fn.name() + "' is a plain table function (it takes no input rows) "
                        + "but was called with init phase " + init.phase());
            }
            boolean primary = requested == null;
            byte[] id = primary ? newExecutionId() : requested;
            PreparedScan prepared = prepareScan(init, fn, id, primary, null, context.allocator());
            long maxWorkers = primary ? maxWorkers(fn, prepared.request()) : UNLIMITED_WORKERS;
            byte[] opaque = primary ? filterCarrier(init, fn.capabilities(), maxWorkers) : initOpaque;
            TableState state = new TableState(init, prepared, fn.scan(prepared.request()));
            return StreamSetup.producer(project(init.outputSchema(), prepared.sent()), state)
                    .withHeader(header(id, opaque, maxWorkers));
        }
        TableInOutFunction fn = (TableInOutFunction) init.call().function();
        String phase = init.phase();
        if (phase == null) {
            throw WorkerErrors.invalidArgument("'" + fn.name() + "' is a table-in-out function (it needs an input row stream) "
                    + "but was called with no init phase");
        }
        switch (phase) {
            case "INPUT" -> {
                byte[] id = requested != null ? requested : newExecutionId();
                RowFilter filter = inOutFilter(init, fn, context.allocator());
                InOutRequest request = new InOutRequest(init.call(), init.outputSchema(), filter.produced(), id, null);
                InOutInputState state = new InOutInputState(init, request, filter, fn.open(request));
                Schema input = init.call().inputSchema();
                return StreamSetup.exchange(input, project(init.outputSchema(), inOutProjection(init, fn)), state)
                        .withHeader(header(id, null, UNLIMITED_WORKERS));
            }
            case "FINALIZE" -> {
                if (requested == null) {
                    throw RpcException.valueError("init: a FINALIZE init needs the execution_id of its INPUT phase");
                }
                InOutExecutions.Entry entry = executions.get(requested);
                if (fn.hasFinalize() && entry == null) {
                    throw RpcException.runtimeError("FINALIZE of '" + fn.name() + "': this worker process holds no INPUT phase "
                            + "for that execution (it ran in another process, or ended long ago)");
                }
                Schema output = project(init.outputSchema(), entry == null ? null : entry.projection());
                InOutFinalizeState state = new InOutFinalizeState(init, requested, stateless);
                return StreamSetup.producer(output, state).withHeader(header(requested, initOpaque, UNLIMITED_WORKERS));
            }
            default -> throw WorkerErrors.invalidArgument("'" + fn.name() + "' is a table-in-out function; init phase "
                    + phase + " is not supported");
        }
    }

    /**
     * A scan about to open: what the function is asked for, the runtime's filter, and the columns
     * sent to DuckDB ({@code null}: all).
     */
    private record PreparedScan(ScanRequest request, RowFilter filter, List<Integer> sent, FilterUpdates updates) {
    }

    private static PreparedScan prepareScan(Init init, TableFunction fn, byte[] executionId, boolean primary,
            byte[] resumeFrom, BufferAllocator allocator) {
        TableCapabilities caps = fn.capabilities();
        Record r = init.request();
        List<Integer> projection = caps.projectionPushdown() ? init.projection() : null;
        PushdownFilters filters = caps.filterPushdown() ? filters(init, fn.name(), allocator) : PushdownFilters.NONE;
        RowFilter filter = caps.filterPushdown() && !caps.filtersExact()
                ? rowFilter(fn.name(), filters, init.outputSchema(), projection)
                : RowFilter.none(projection);
        ScanHints hints = new ScanHints(r.getString("order_by_column_name"), "DESC".equals(r.getString("order_by_direction")),
                "NULLS_FIRST".equals(r.getString("order_by_null_order")), r.getLong("order_by_limit"),
                r.getDouble("tablesample_percentage"), r.getLong("tablesample_seed"));
        ScanRequest request = new ScanRequest(init.call(), init.outputSchema(), filter.produced(), filters, hints, executionId,
                primary, resumeFrom);
        return new PreparedScan(request, filter, projection, caps.filterPushdown() ? new FilterUpdates(filters) : null);
    }

    /** The columns a table-in-out function's batches carry to DuckDB ({@code null}: all). */
    private static List<Integer> inOutProjection(Init init, TableInOutFunction fn) {
        return fn.projectionPushdown() ? init.projection() : null;
    }

    /** The runtime's filter of a table-in-out INPUT phase: the pushed filters when it declares filter pushdown. */
    private static RowFilter inOutFilter(Init init, TableInOutFunction fn, BufferAllocator allocator) {
        List<Integer> projection = inOutProjection(init, fn);
        if (!fn.filterPushdown()) {
            return RowFilter.none(projection);
        }
        return rowFilter(fn.name(), filters(init, fn.name(), allocator), init.outputSchema(), projection);
    }

    private static RowFilter rowFilter(String function, PushdownFilters filters, Schema bindSchema, List<Integer> projection) {
        try {
            return RowFilter.of(filters, bindSchema, projection);
        } catch (FilterException e) {
            throw named(function, e);
        }
    }

    private static FilterException named(String function, FilterException e) {
        return new FilterException(e.reason(), "'" + function + "': " + e.getMessage(), e);
    }

    /**
     * The pushed filter batch (filter encoding v2) with the join-key sets it refers to, decoded and
     * checked; on a secondary init without filters, those the primary carried in its
     * {@code opaque_data} ({@link #filterCarrier}).
     */
    private static PushdownFilters filters(Init init, String function, BufferAllocator allocator) {
        byte[] batch = init.request().getBytes("pushdown_filters");
        List<byte[]> joinKeys = init.request().getBytesList("join_keys");
        if ((batch == null || batch.length == 0) && init.executionId() != null) {
            List<byte[]> carried = readCarrier(init.request().getBytes("init_opaque_data"));
            if (carried != null) {
                batch = carried.get(0);
                joinKeys = carried.subList(1, carried.size());
            }
        }
        if (batch == null || batch.length == 0) {
            return PushdownFilters.NONE;
        }
        try {
            PushdownFilters filters = PushdownFilters.decode(batch, joinKeys, allocator);
            filters.validate(init.outputSchema());
            return filters;
        } catch (FilterException e) {
            throw named(function, e);
        }
    }

    /** {@code fn.maxWorkers(request)}, checked. */
    private static long maxWorkers(TableFunction fn, ScanRequest request) throws Exception {
        int n = fn.maxWorkers(request);
        if (n < 1) {
            throw RpcException.runtimeError("'" + fn.name() + "': maxWorkers returned " + n + "; it must be at least 1");
        }
        return n;
    }

    /**
     * The primary's {@code opaque_data}: {@code null}, or the pushed filters and join keys when the
     * function's secondary inits will not carry them (filter pushdown without projection pushdown,
     * spec §8.3.4) and it may run parallel scans.
     */
    private static byte[] filterCarrier(Init init, TableCapabilities caps, long maxWorkers) {
        byte[] batch = init.request().getBytes("pushdown_filters");
        if (!caps.filterPushdown() || caps.projectionPushdown() || maxWorkers <= 1 || batch == null || batch.length == 0) {
            return null;
        }
        List<byte[]> joinKeys = init.request().getBytesList("join_keys");
        return encode(out -> {
            out.write(FILTER_CARRIER);
            writeBytes(out, batch);
            out.writeInt(joinKeys == null ? 0 : joinKeys.size());
            if (joinKeys != null) {
                for (byte[] k : joinKeys) {
                    writeBytes(out, k);
                }
            }
        });
    }

    /** The filter batch then the join keys a {@link #filterCarrier} holds, or {@code null} when {@code opaque} is none. */
    private static List<byte[]> readCarrier(byte[] opaque) {
        if (opaque == null || opaque.length < FILTER_CARRIER.length
                || !Arrays.equals(opaque, 0, FILTER_CARRIER.length, FILTER_CARRIER, 0, FILTER_CARRIER.length)) {
            return null;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(opaque))) {
            in.skipNBytes(FILTER_CARRIER.length);
            List<byte[]> out = new ArrayList<>();
            out.add(readBytes(in));
            int keys = in.readInt();
            if (keys < 0 || keys > in.available()) {
                throw new IOException("bad join key count " + keys);
            }
            for (int i = 0; i < keys; i++) {
                out.add(readBytes(in));
            }
            if (out.get(0) == null || out.stream().anyMatch(b -> b == null) || in.available() != 0) {
                throw new IOException("malformed");
            }
            return out;
        } catch (IOException e) {
            throw RpcException.valueError("InitRequest.init_opaque_data: unreadable filters of the primary init ("
                    + e.getMessage() + ")");
        }
    }

    private static Schema project(Schema schema, List<Integer> projection) {
        if (projection == null) {
            return schema;
        }
        return new Schema(projection.stream().map(i -> schema.getFields().get(i)).toList());
    }

    private static StreamSetup.HeaderWriter header(byte[] executionId, byte[] opaque, long maxWorkers) {
        return root -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("execution_id", executionId);
            row.put("opaque_data", opaque);
            row.put("max_workers", maxWorkers);
            ArrowValues.writeRow(root, 0, row);
        };
    }

    static byte[] newExecutionId() {
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        return id;
    }

    // ---------------------------------------------------------------- states

    /** The part every init state shares: the request bytes and, once decoded, the resolved call. */
    private abstract class InitState implements StreamState {
        final byte[] initBytes;
        Init init;

        InitState(Init init) {
            this.initBytes = init.bytes();
            this.init = init;
        }

        InitState(byte[] initBytes) {
            this.initBytes = initBytes;
        }

        /** Resolves the call on the first turn of a restored state, and points its logs at this turn. */
        void prepare(CallContext context) throws Exception {
            if (init == null) {
                init = decode(initBytes, context);
                restored(context);
            }
            init.call().attach(context);
        }

        /** Rebuilds what a restored state needs beyond the call. */
        abstract void restored(CallContext context) throws Exception;

        void writeHead(DataOutputStream out, byte kind) throws IOException {
            out.writeByte(SNAPSHOT_VERSION);
            out.writeByte(kind);
            writeBytes(out, initBytes);
        }
    }

    /** Scalar: one output batch per input batch, same row count. Stateless between batches. */
    private final class ScalarState extends InitState {

        ScalarState(Init init) {
            super(init);
        }

        ScalarState(byte[] initBytes) {
            super(initBytes);
        }

        @Override
        void restored(CallContext context) {
            init.call().outputField(init.outputSchema().getFields().get(0));
        }

        @Override
        public void process(VectorSchemaRoot input, BatchMetadata metadata, StreamOutput out) throws Exception {
            prepare(out.context());
            VectorSchemaRoot rows = input;
            int n = input.getRowCount();
            if (input.getFieldVectors().isEmpty() && n == 0) {
                // a call without argument columns: DuckDB's row count travels in the batch header, 0 means one row
                n = 1;
                rows = new VectorSchemaRoot(List.of(), List.of(), 1);
            }
            VectorSchemaRoot root = out.root();
            FieldVector result = root.getVector(0);
            if (result.getValueCapacity() < n) {
                result.setInitialCapacity(n);
                result.allocateNew();
            }
            ((ScalarFunction) init.call().function()).apply(init.call(), rows, result);
            root.setRowCount(n);
            out.emit(root);
        }

        @Override
        public byte[] snapshot() {
            return encode(out -> writeHead(out, SCALAR));
        }
    }

    /**
     * Table function: one batch per tick from its {@link TableScan} until the scan is exhausted,
     * filtered by the runtime unless the function applies the filters itself.
     */
    private final class TableState extends InitState {
        private ScanRequest request;
        private RowFilter filter;
        private FilterUpdates updates;
        private TableScan scan;
        private long sent;
        private byte[] executionId;
        private boolean primary;
        private byte[] resumeFrom;
        private List<byte[]> filterHistory = List.of();
        private final RowFilter.Scratch scratch = new RowFilter.Scratch();

        TableState(Init init, PreparedScan prepared, TableScan scan) {
            super(init);
            this.request = prepared.request();
            this.filter = prepared.filter();
            this.updates = prepared.updates();
            this.scan = scan;
            this.executionId = request.executionId();
            this.primary = request.primary();
        }

        TableState(byte[] initBytes, byte[] executionId, boolean primary, long sent, byte[] resumeFrom,
                List<byte[]> filterHistory) {
            super(initBytes);
            this.executionId = executionId;
            this.primary = primary;
            this.sent = sent;
            this.resumeFrom = resumeFrom;
            this.filterHistory = filterHistory;
        }

        @Override
        void restored(CallContext context) throws Exception {
            TableFunction fn = (TableFunction) init.call().function();
            PreparedScan prepared = prepareScan(init, fn, executionId, primary, resumeFrom, context.allocator());
            request = prepared.request();
            filter = prepared.filter();
            updates = prepared.updates();
            scan = fn.scan(request);
            if (resumeFrom == null && sent > 0) {
                // no scan snapshot: replay the batches already sent and drop them
                try (VectorSchemaRoot scratch = VectorSchemaRoot.create(request.projectedSchema(), context.allocator())) {
                    for (long i = 0; i < sent; i++) {
                        for (FieldVector v : scratch.getFieldVectors()) {
                            v.reset();
                        }
                        scratch.setRowCount(0);
                        if (!scan.next(scratch)) {
                            throw RpcException.runtimeError("resuming '" + fn.name() + "': the scan ended after " + i
                                    + " batches, but " + sent + " were sent before");
                        }
                    }
                }
            }
            if (updates != null && !filterHistory.isEmpty()) {
                try {
                    updates = FilterUpdates.replay(updates.current(), filterHistory);
                } catch (FilterException e) {
                    throw named(fn.name(), e);
                }
                filter = filter.update(updates.current());
                scan.filtersChanged(updates.current());
            }
        }

        @Override
        public void process(VectorSchemaRoot input, BatchMetadata metadata, StreamOutput out) throws Exception {
            prepare(out.context());
            if (scan == null) {
                out.finish();
                return;
            }
            String delta = metadata.get(FilterUpdates.METADATA_KEY);
            if (delta != null && updates != null) {
                boolean changed;
                try {
                    changed = updates.apply(delta);
                } catch (FilterException e) {
                    throw named(init.call().functionName(), e);
                }
                if (changed) {
                    filter = filter.update(updates.current());
                    scan.filtersChanged(updates.current());
                }
            }
            VectorSchemaRoot root = out.root();
            if (filter.direct()) {
                if (!scan.next(root)) {
                    end(out);
                    return;
                }
            } else {
                VectorSchemaRoot produced = scratch.root(request.projectedSchema(), out.context().allocator());
                if (!scan.next(produced)) {
                    end(out);
                    return;
                }
                filter.apply(produced, root);
            }
            sent++;
            out.emit(root);
        }

        private void end(StreamOutput out) throws Exception {
            closeScan();
            out.finish();
        }

        private void closeScan() throws Exception {
            scratch.close();
            TableScan s = scan;
            scan = null;
            if (s != null) {
                s.close();
            }
        }

        @Override
        public void close() throws Exception {
            closeScan();
        }

        @Override
        public byte[] snapshot() {
            byte[] position = scan != null ? scan.snapshot() : resumeFrom;
            List<byte[]> history = updates != null ? updates.history() : filterHistory;
            return encode(out -> {
                writeHead(out, TABLE);
                writeBytes(out, executionId);
                out.writeBoolean(primary);
                out.writeLong(sent);
                writeBytes(out, position);
                out.writeInt(history.size());
                for (byte[] d : history) {
                    writeBytes(out, d);
                }
            });
        }
    }

    /** Table-in-out, phase INPUT: one output batch per input batch (filtered if filters were pushed). */
    private final class InOutInputState extends InitState {
        private InOutRequest request;
        private RowFilter filter;
        private TableInOutProcessor processor;
        private final byte[] executionId;
        private byte[] resumeFrom;
        private final RowFilter.Scratch scratch = new RowFilter.Scratch();

        InOutInputState(Init init, InOutRequest request, RowFilter filter, TableInOutProcessor processor) {
            super(init);
            this.request = request;
            this.filter = filter;
            this.processor = processor;
            this.executionId = request.executionId();
        }

        InOutInputState(byte[] initBytes, byte[] executionId, byte[] resumeFrom) {
            super(initBytes);
            this.executionId = executionId;
            this.resumeFrom = resumeFrom;
        }

        @Override
        void restored(CallContext context) throws Exception {
            TableInOutFunction fn = (TableInOutFunction) init.call().function();
            filter = inOutFilter(init, fn, context.allocator());
            request = new InOutRequest(init.call(), init.outputSchema(), filter.produced(), executionId, resumeFrom);
            processor = fn.open(request);
        }

        @Override
        public void process(VectorSchemaRoot input, BatchMetadata metadata, StreamOutput out) throws Exception {
            prepare(out.context());
            VectorSchemaRoot root = out.root();
            if (filter.direct()) {
                processor.process(input, root);
            } else {
                VectorSchemaRoot produced = scratch.root(request.projectedSchema(), out.context().allocator());
                processor.process(input, produced);
                filter.apply(produced, root);
            }
            out.emit(root);
        }

        @Override
        public void close() {
            scratch.close();
            TableInOutProcessor p = processor;
            processor = null;
            if (p == null) {
                return;
            }
            TableInOutFunction fn = (TableInOutFunction) init.call().function();
            if (fn.hasFinalize()) {
                executions.put(executionId, p, inOutProjection(init, fn), filter);
            } else {
                InOutExecutions.closeQuietly(p);
            }
        }

        @Override
        public byte[] snapshot() {
            byte[] position = processor != null ? processor.snapshot() : resumeFrom;
            return encode(out -> {
                writeHead(out, IN_OUT_INPUT);
                writeBytes(out, executionId);
                writeBytes(out, position);
            });
        }
    }

    /**
     * Table-in-out, phase FINALIZE: the rows the processor emits after its input ended, one
     * non-empty batch per tick. A function without a finalize phase ends at once.
     */
    private final class InOutFinalizeState extends InitState {
        private final byte[] executionId;
        private final boolean stateless;
        private boolean done;
        private final RowFilter.Scratch scratch = new RowFilter.Scratch();

        InOutFinalizeState(Init init, byte[] executionId, boolean stateless) {
            super(init);
            this.executionId = executionId;
            this.stateless = stateless;
        }

        InOutFinalizeState(byte[] initBytes, byte[] executionId) {
            super(initBytes);
            this.executionId = executionId;
            this.stateless = true;
        }

        @Override
        void restored(CallContext context) {
            // the processor lives in the executions registry
        }

        @Override
        public void process(VectorSchemaRoot input, BatchMetadata metadata, StreamOutput out) throws Exception {
            prepare(out.context());
            TableInOutFunction fn = (TableInOutFunction) init.call().function();
            InOutExecutions.Entry entry = fn.hasFinalize() ? executions.get(executionId) : null;
            if (entry == null) {
                if (fn.hasFinalize()) {
                    throw RpcException.runtimeError("FINALIZE of '" + fn.name() + "': the INPUT phase state of this execution "
                            + "is no longer held by this worker process");
                }
                end(out);
                return;
            }
            VectorSchemaRoot root = out.root();
            RowFilter filter = entry.filter();
            Schema produced = filter.direct() ? null : project(init.outputSchema(), filter.produced());
            for (int empty = 0; empty < MAX_EMPTY_FINALIZE_BATCHES; empty++) {
                if (produced == null) {
                    if (!entry.processor().finish(root)) {
                        end(out);
                        return;
                    }
                } else {
                    VectorSchemaRoot rows = scratch.root(produced, out.context().allocator());
                    if (!entry.processor().finish(rows)) {
                        end(out);
                        return;
                    }
                    filter.apply(rows, root);
                }
                if (root.getRowCount() > 0) {
                    out.emit(root);
                    return;
                }
                // DuckDB stops at the first empty FINALIZE batch: ask again instead of sending it
                for (FieldVector v : root.getFieldVectors()) {
                    v.reset();
                }
                root.setRowCount(0);
            }
            throw RpcException.runtimeError("FINALIZE of '" + fn.name() + "': finish() returned " + MAX_EMPTY_FINALIZE_BATCHES
                    + " empty batches in a row");
        }

        private void end(StreamOutput out) {
            done = true;
            scratch.close();
            InOutExecutions.Entry entry = executions.remove(executionId);
            if (entry != null) {
                InOutExecutions.closeQuietly(entry.processor());
            }
            out.finish();
        }

        @Override
        public void close() {
            scratch.close();
            if (!stateless && !done) {
                InOutExecutions.Entry entry = executions.remove(executionId);
                if (entry != null) {
                    InOutExecutions.closeQuietly(entry.processor());
                }
            }
        }

        @Override
        public byte[] snapshot() {
            return encode(out -> {
                writeHead(out, IN_OUT_FINALIZE);
                writeBytes(out, executionId);
            });
        }
    }

    // ---------------------------------------------------------------- snapshots

    private StreamState restore(byte[] snapshot) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
            int version = in.readUnsignedByte();
            if (version != SNAPSHOT_VERSION) {
                throw new IOException("unsupported init state version " + version);
            }
            byte kind = in.readByte();
            byte[] initBytes = readBytes(in);
            if (initBytes == null) {
                throw new IOException("init state without its request");
            }
            StreamState state = switch (kind) {
                case SCALAR -> new ScalarState(initBytes);
                case TABLE -> {
                    byte[] id = readBytes(in);
                    boolean primary = in.readBoolean();
                    long sent = in.readLong();
                    byte[] position = readBytes(in);
                    int deltas = in.readInt();
                    if (deltas < 0 || deltas > in.available()) {
                        throw new IOException("bad filter history length " + deltas);
                    }
                    List<byte[]> history = new ArrayList<>(deltas);
                    for (int i = 0; i < deltas; i++) {
                        byte[] d = readBytes(in);
                        if (d == null) {
                            throw new IOException("null filter delta");
                        }
                        history.add(d);
                    }
                    yield new TableState(initBytes, id, primary, sent, position, history);
                }
                case IN_OUT_INPUT -> {
                    byte[] id = readBytes(in);
                    yield new InOutInputState(initBytes, id, readBytes(in));
                }
                case IN_OUT_FINALIZE -> new InOutFinalizeState(initBytes, readBytes(in));
                default -> throw new IOException("unknown init state kind " + kind);
            };
            if (in.available() != 0) {
                throw new IOException("init state has " + in.available() + " trailing byte(s)");
            }
            return state;
        }
    }

    @FunctionalInterface
    private interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    private static byte[] encode(Body body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            body.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
        if (b == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(b.length);
            out.write(b);
        }
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        if (n > in.available()) {
            throw new IOException("truncated init state");
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }
}
