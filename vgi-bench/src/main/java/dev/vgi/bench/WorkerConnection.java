package dev.vgi.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.vgi.core.rpc.LogLevel;
import dev.vgi.core.rpc.WireKeys;
import dev.vgi.core.rpc.ipc.BatchMetadata;
import dev.vgi.core.rpc.ipc.IpcMessageReader;
import dev.vgi.core.rpc.ipc.IpcStreamReader;
import dev.vgi.core.rpc.ipc.IpcStreamWriter;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.util.ByteFunctionHelpers;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * One worker process spoken to over its stdin/stdout with the vgi-rpc byte-stream framing: each
 * request is one IPC stream written with {@link IpcStreamWriter}, each response one IPC stream read
 * with {@link IpcStreamReader} over a connection-long {@link IpcMessageReader}.
 *
 * <p>Every response is checked (no EXCEPTION batch, exactly one result batch, result shape and, for
 * {@code echo_bytes}, length and bytes equal to the payload), so a worker that fails fast cannot
 * pass for a fast worker. The worker's stderr goes to a temporary file rather than to our console,
 * so its logging neither garbles the table nor can block the worker on a full pipe.
 */
final class WorkerConnection implements AutoCloseable {

    /** Pipe-side buffers: large enough that a 1 MiB payload moves in few system calls. */
    private static final int PIPE_BUFFER = 1 << 16;

    private final String name;
    private final List<String> command;
    private final Process process;
    private final Path stderrFile;
    private final BufferAllocator allocator;
    private final OutputStream toWorker;
    private final IpcStreamWriter writer;
    private final IpcMessageReader messages;
    private boolean healthy = true;

    private WorkerConnection(String name, List<String> command, Process process, Path stderrFile, BufferAllocator allocator) {
        this.name = name;
        this.command = command;
        this.process = process;
        this.stderrFile = stderrFile;
        this.allocator = allocator;
        this.toWorker = new BufferedOutputStream(process.getOutputStream(), PIPE_BUFFER);
        this.writer = new IpcStreamWriter(toWorker);
        this.messages = new IpcMessageReader(new BufferedInputStream(process.getInputStream(), PIPE_BUFFER));
    }

    /**
     * Spawns {@code command} and connects to its stdio.
     *
     * @param allocator where response buffers are allocated; the caller owns and closes it, after
     *     this connection
     */
    static WorkerConnection start(String name, List<String> command, BufferAllocator allocator) throws IOException {
        Path stderr = Files.createTempFile("vgi-bench-" + name + "-", ".stderr");
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.to(stderr.toFile()))
                .start();
        return new WorkerConnection(name, command, process, stderr, allocator);
    }

    /** The label of this worker in the report. */
    String name() {
        return name;
    }

    /** The command the worker was started with. */
    List<String> command() {
        return command;
    }

    /**
     * Makes one unary call and checks its answer.
     *
     * @return nanoseconds from the first request byte written to the response's end-of-stream read;
     *     checking the result bytes and releasing the response come after and are not counted
     * @throws IOException when the transport fails or the answer is an error or not the expected one
     */
    long call(UnaryRequest request) throws IOException {
        try {
            return exchange(request);
        } catch (CheckFailed e) {
            throw e;
        } catch (IOException e) {
            // a broken pipe says little on its own: name the worker and show what it printed
            throw new IOException(name + " " + request.method() + ": transport failed: " + e + stderrTail(), e);
        }
    }

    private long exchange(UnaryRequest request) throws IOException {
        if (!healthy) {
            throw new CheckFailed(name + " " + request.method() + ": connection is out of step after an earlier failure");
        }
        healthy = false; // until the whole response has been read
        long t0 = System.nanoTime();
        writer.start(request.schema(), null, allocator);
        writer.writeBatch(request.root(), request.metadata());
        writer.end();
        writer.flush();
        IpcStreamReader reader = IpcStreamReader.open(messages, allocator);
        if (reader == null) {
            throw failure(request, "worker closed its stdout instead of answering");
        }
        try (reader) {
            int results = 0;
            boolean resultIsLast = false;
            String error = null;
            BatchMetadata md;
            while ((md = reader.next()) != null) {
                String level = md.get(WireKeys.LOG_LEVEL);
                if (level != null) {
                    // a log batch (or the error): never the result, whatever its row count
                    if (LogLevel.EXCEPTION.name().equals(level)) {
                        error = md.get(WireKeys.ERROR_KIND) + ": " + md.get(WireKeys.LOG_MESSAGE);
                    }
                    resultIsLast = false;
                    continue;
                }
                if (md.has(WireKeys.METHOD)) {
                    // a response never names a method: this is our own request coming back (a loopback such as cat)
                    throw failure(request, "the response is a request (does the command echo its stdin?)");
                }
                results++;
                resultIsLast = true;
            }
            long elapsed = System.nanoTime() - t0;
            healthy = true; // the stream was read to its end: the connection is in step again
            if (error != null) {
                throw failure(request, "worker answered with an EXCEPTION batch: " + error);
            }
            if (results != 1) {
                throw failure(request, "expected exactly one result batch, got " + results);
            }
            if (!resultIsLast) {
                // the reader's root holds only the last batch; checking after the timed window needs the result there
                throw failure(request, "the result batch was followed by log batches");
            }
            check(request, reader.root());
            return elapsed;
        }
    }

    private void check(UnaryRequest request, VectorSchemaRoot result) throws IOException {
        VarBinaryVector payload = request.payload();
        if (payload == null) {
            if (!result.getFieldVectors().isEmpty()) {
                throw failure(request, "void result should have an empty schema, got " + result.getSchema());
            }
            return;
        }
        List<FieldVector> vectors = result.getFieldVectors();
        if (vectors.size() != 1 || !(vectors.get(0) instanceof VarBinaryVector)
                || !"result".equals(vectors.get(0).getName())) {
            throw failure(request, "expected result schema (result: binary), got " + result.getSchema());
        }
        VarBinaryVector answer = (VarBinaryVector) vectors.get(0);
        if (result.getRowCount() != 1 || answer.isNull(0)) {
            throw failure(request, "expected one non-null result row, got " + result.getRowCount() + " rows");
        }
        long sent = payload.getValueLength(0);
        long got = answer.getValueLength(0);
        if (got != sent) {
            throw failure(request, "result length " + got + " != payload length " + sent);
        }
        long sentStart = payload.getStartOffset(0);
        long gotStart = answer.getStartOffset(0);
        // compares in place, off heap: no copy of the payload per call
        if (ByteFunctionHelpers.equal(payload.getDataBuffer(), sentStart, sentStart + sent,
                answer.getDataBuffer(), gotStart, gotStart + got) != 1) {
            throw failure(request, "result bytes differ from the payload");
        }
    }

    private IOException failure(UnaryRequest request, String what) {
        return new CheckFailed(name + " " + request.method() + ": " + what + stderrTail());
    }

    /** A wrong answer, already described; kept apart from transport errors so it is not wrapped twice. */
    private static final class CheckFailed extends IOException {
        private static final long serialVersionUID = 1L;

        CheckFailed(String message) {
            super(message);
        }
    }

    /** The end of the worker's stderr, for error messages. */
    String stderrTail() {
        try {
            byte[] all = Files.readAllBytes(stderrFile);
            if (all.length == 0) {
                return "";
            }
            int from = Math.max(0, all.length - 2000);
            return "\n--- " + name + " stderr (tail) ---\n" + new String(all, from, all.length - from, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Closes the worker's stdin (its signal to exit) and waits for it. The stderr file is kept only
     * when something went wrong, and its path is printed.
     */
    @Override
    public void close() throws IOException {
        try {
            toWorker.close();
        } catch (IOException e) {
            // the worker may already be gone; the exit handling below reports what matters
        }
        boolean exited;
        try {
            exited = process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exited = false;
        }
        if (!exited) {
            process.destroyForcibly();
            System.err.println(name + ": worker did not exit within 10 s of stdin closing; killed it. stderr kept at " + stderrFile);
        } else if (process.exitValue() != 0 || !healthy) {
            System.err.println(name + ": worker exited with status " + process.exitValue() + "; stderr kept at " + stderrFile);
        } else {
            Files.deleteIfExists(stderrFile);
        }
    }
}
