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
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * One worker process spoken to over its stdin/stdout with the vgi-rpc byte-stream framing: each
 * request is one IPC stream written with {@link IpcStreamWriter}, each response one IPC stream read
 * with {@link IpcStreamReader} over a connection-long {@link IpcMessageReader}.
 *
 * <p>Unary calls ({@link #call}, {@link #callForResult}) are checked here: no EXCEPTION batch,
 * exactly one result batch, and whatever the request's own {@link UnaryRequest#check} demands, so a
 * worker that fails fast cannot pass for a fast worker. Stream calls are built by {@link VgiClient}
 * on the same primitives ({@link #send}, {@link #openStream}, {@link #nextData}). The worker's
 * stderr goes to a temporary file rather than to our console, so its logging neither garbles the
 * report nor can block the worker on a full pipe.
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
    private byte[] lastResult;

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

    /** Where response buffers are allocated. */
    BufferAllocator allocator() {
        return allocator;
    }

    /** The writer on the worker's stdin (for stream input); callers {@link #flush()} at the end of each unit. */
    IpcStreamWriter writer() {
        return writer;
    }

    /** Flushes what was written to the worker's stdin. */
    void flush() throws IOException {
        writer.flush();
    }

    /**
     * Makes one unary call and checks its answer.
     *
     * @return nanoseconds from the first request byte written to the response's end-of-stream read;
     *     checking the result and releasing the response come after and are not counted
     * @throws IOException when the transport fails or the answer is an error or not the expected one
     */
    long call(UnaryRequest request) throws IOException {
        try {
            return roundTrip(request, false);
        } catch (IOException e) {
            throw describe(request.method(), e);
        }
    }

    /** Makes one unary call answered by {@code result: binary}, checks it and returns the bytes (not timed). */
    byte[] callForResult(UnaryRequest request) throws IOException {
        try {
            roundTrip(request, true);
        } catch (IOException e) {
            throw describe(request.method(), e);
        }
        byte[] result = lastResult;
        lastResult = null;
        return result;
    }

    /**
     * The exception to report for {@code e}, raised during {@code what}: a wrong answer is already
     * described and passes through; a transport failure (a broken pipe says little on its own) gets
     * the worker's name and the end of its stderr.
     */
    IOException describe(String what, IOException e) {
        if (e instanceof CheckFailed) {
            return e;
        }
        return new IOException(name + " " + what + ": transport failed: " + e + stderrTail(), e);
    }

    /**
     * Marks the connection busy until {@link #inStep()}: a failure in between leaves request and
     * response streams out of step, and later calls are refused rather than misread.
     */
    void beginExchange(String what) throws IOException {
        if (!healthy) {
            throw failure(what + ": connection is out of step after an earlier failure");
        }
        healthy = false;
    }

    /** Marks the connection in step again: every response stream begun has been read to its end. */
    void inStep() {
        healthy = true;
    }

    /** Writes {@code request} as one request stream (schema, the parameter batch, end-of-stream), flushed. */
    void send(UnaryRequest request) throws IOException {
        writer.start(request.schema(), null, allocator);
        writer.writeBatch(request.root(), request.metadata());
        writer.end();
        writer.flush();
    }

    /** Opens the next response stream; the worker closing its stdout instead is a failure. */
    IpcStreamReader openStream(String what) throws IOException {
        IpcStreamReader reader = IpcStreamReader.open(messages, allocator);
        if (reader == null) {
            throw failure(what + ": worker closed its stdout instead of answering");
        }
        return reader;
    }

    /**
     * Loads the next data batch of a response stream into {@code reader.root()}, skipping log
     * batches.
     *
     * @return its metadata, or {@code null} at the end of the stream
     * @throws IOException when the worker sent an EXCEPTION batch or a request
     */
    BatchMetadata nextData(IpcStreamReader reader, String what) throws IOException {
        BatchMetadata md;
        while ((md = reader.next()) != null) {
            String level = md.get(WireKeys.LOG_LEVEL);
            if (level == null) {
                if (md.has(WireKeys.METHOD)) {
                    // a response never names a method: this is our own request coming back (a loopback such as cat)
                    throw failure(what + ": the response is a request (does the command echo its stdin?)");
                }
                return md;
            }
            if (LogLevel.EXCEPTION.name().equals(level)) {
                throw failure(what + ": worker answered with an EXCEPTION batch: " + md.get(WireKeys.ERROR_KIND) + ": "
                        + md.get(WireKeys.LOG_MESSAGE));
            }
            // a log batch: never data, whatever its row count
        }
        return null;
    }

    private long roundTrip(UnaryRequest request, boolean keepResult) throws IOException {
        beginExchange(request.method());
        long t0 = System.nanoTime();
        send(request);
        try (IpcStreamReader reader = openStream(request.method())) {
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
                    throw failure(request.method() + ": the response is a request (does the command echo its stdin?)");
                }
                results++;
                resultIsLast = true;
            }
            long elapsed = System.nanoTime() - t0;
            inStep(); // the stream was read to its end
            if (error != null) {
                throw failure(request.method() + ": worker answered with an EXCEPTION batch: " + error);
            }
            if (results != 1) {
                throw failure(request.method() + ": expected exactly one result batch, got " + results);
            }
            if (!resultIsLast) {
                // the reader's root holds only the last batch; checking after the timed window needs the result there
                throw failure(request.method() + ": the result batch was followed by log batches");
            }
            VectorSchemaRoot result = reader.root();
            String problem = request.check(result);
            if (problem != null) {
                throw failure(request.method() + ": " + problem);
            }
            if (keepResult) {
                lastResult = UnaryRequest.resultBytes(result);
            }
            return elapsed;
        }
    }

    /** A wrong answer, described with the worker's name and the end of its stderr. */
    IOException failure(String what) {
        return new CheckFailed(name + " " + what + stderrTail());
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
