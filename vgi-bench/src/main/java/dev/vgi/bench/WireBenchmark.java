package dev.vgi.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.vgi.core.rpc.WireKeys;
import dev.vgi.core.rpc.ipc.BatchMetadata;
import dev.vgi.core.rpc.ipc.IpcMessageReader;
import dev.vgi.core.rpc.ipc.IpcStreamReader;
import dev.vgi.core.rpc.ipc.IpcStreamWriter;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Wire benchmark: one Java vgi-rpc client (built on vgi-core's {@code IpcStreamWriter},
 * {@code IpcMessageReader} and {@code IpcStreamReader}) drives our conformance worker and the
 * Python reference conformance worker over stdin/stdout in the same run, and prints a table of
 * both with the ratio ours/python.
 *
 * <p>Because the client is the same for both workers, the ratio compares the workers (server-side
 * decode, dispatch, encode and process start-up); the client's own cost is in both columns.
 * Workers run one after the other, never side by side, so they do not compete for CPUs.
 *
 * <p>Figures: {@code void_noop} round trips (calls/s, p50, p99) and {@code echo_bytes} payload
 * throughput at 1 MiB and 16 MiB. Every answer is checked, every allocator is closed, and the
 * process exits non-zero when a call fails or an Arrow byte is left allocated. See
 * {@code vgi-bench/README.md} for how to run it and {@link #main} for the options.
 */
public final class WireBenchmark {

    private static final int MIB = 1 << 20;

    private WireBenchmark() {
    }

    /** Run settings, from the command line. */
    private static final class Options {
        Path repo;
        List<String> oursCommand;
        List<String> pythonCommand;
        List<String> workers = List.of("ours", "python");
        int noopWarmup = 2_000;
        int noopCalls = 20_000;
        int echo1Warmup = 200;
        int echo1Calls = 1_000;
        int echo16Warmup = 10;
        int echo16Calls = 60;
        double timeBoxSeconds = 10;
    }

    /** All figures for one worker. */
    private record WorkerResult(String name, List<String> command, double firstAnswerMillis,
            Measurement noop, Measurement echo1, Measurement echo16) {
    }

    /**
     * Runs the benchmark.
     *
     * <p>Options: {@code --ours-jar PATH} (default
     * {@code <repo>/vgi-conformance-worker/target/vgi-conformance-worker.jar}), {@code --ours-cmd "CMD"},
     * {@code --python-cmd "CMD"} (default {@code <repo>/.venv-peers/bin/vgi-rpc-conformance}, else
     * {@code /tmp/venv/bin/vgi-rpc-conformance}), {@code --workers ours,python},
     * {@code --noop-warmup N}, {@code --noop-calls N}, {@code --echo1-warmup N}, {@code --echo1-calls N},
     * {@code --echo16-warmup N}, {@code --echo16-calls N}, {@code --time-box SECONDS}.
     */
    public static void main(String[] args) {
        BenchEnvironment.exit(() -> run(parse(args)));
    }

    private static int run(Options o) throws IOException {
        Map<String, WorkerResult> results = new LinkedHashMap<>();
        long leaked = BenchEnvironment.runWorkers(o.workers, o.oursCommand, o.pythonCommand, root -> warmClient(root),
                (worker, command, root) -> runWorker(worker, command, root, o), results);
        print(o, results, leaked);
        return leaked == 0 ? 0 : 1;
    }

    private static WorkerResult runWorker(String name, List<String> command, BufferAllocator root, Options o) throws IOException {
        // requests are built before the spawn so that building them is not counted as start-up;
        // resources close in reverse: the worker, then the requests, then the allocator, whose
        // close fails loudly if a response buffer leaked
        try (BufferAllocator allocator = root.newChildAllocator(name, 0, Long.MAX_VALUE);
                UnaryRequest noop = UnaryRequest.noParams("void_noop", allocator);
                UnaryRequest echo1 = UnaryRequest.echoBytes(MIB, allocator);
                UnaryRequest echo16 = UnaryRequest.echoBytes(16 * MIB, allocator)) {
            long spawned = System.nanoTime();
            try (WorkerConnection worker = WorkerConnection.start(name, command, allocator)) {
                worker.call(noop);
                double firstAnswerMillis = (System.nanoTime() - spawned) / 1e6;
                Measurement noopResult = measure(worker, noop, o.noopWarmup, o.noopCalls, o.timeBoxSeconds);
                Measurement echo1Result = measure(worker, echo1, o.echo1Warmup, o.echo1Calls, o.timeBoxSeconds);
                Measurement echo16Result = measure(worker, echo16, o.echo16Warmup, o.echo16Calls, o.timeBoxSeconds);
                return new WorkerResult(name, command, firstAnswerMillis, noopResult, echo1Result, echo16Result);
            }
        }
    }

    /**
     * Runs the client's write and read paths once in memory, so that the first worker measured does
     * not pay for loading the client's classes in its start-up figure and the second one does not
     * get them for free.
     */
    private static void warmClient(BufferAllocator root) throws IOException {
        try (BufferAllocator allocator = root.newChildAllocator("client-warm-up", 0, Long.MAX_VALUE);
                UnaryRequest noop = UnaryRequest.noParams("void_noop", allocator);
                UnaryRequest echo = UnaryRequest.echoBytes(1024, allocator)) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            IpcStreamWriter writer = new IpcStreamWriter(bytes);
            for (UnaryRequest r : List.of(noop, echo)) {
                writer.start(r.schema(), null, allocator);
                writer.writeBatch(r.root(), r.metadata());
                writer.end();
            }
            writer.flush();
            IpcMessageReader messages = new IpcMessageReader(new ByteArrayInputStream(bytes.toByteArray()));
            for (int i = 0; i < 2; i++) {
                try (IpcStreamReader reader = IpcStreamReader.open(messages, allocator)) {
                    BatchMetadata md;
                    while ((md = reader.next()) != null) {
                        if (!UnaryRequest.CONFORMANCE_PROTOCOL.equals(md.get(WireKeys.PROTOCOL))) {
                            throw new IOException("client warm-up: request metadata did not round-trip");
                        }
                    }
                }
            }
        }
    }

    /**
     * Warms up, then times up to {@code calls} calls, stopping early at the time box (warm-up is
     * time-boxed too, so a slow worker cannot stall the run).
     */
    private static Measurement measure(WorkerConnection worker, UnaryRequest request, int warmup, int calls,
            double timeBoxSeconds) throws IOException {
        long box = (long) (timeBoxSeconds * 1e9);
        long warmupEnd = System.nanoTime() + box;
        for (int i = 0; i < warmup && System.nanoTime() < warmupEnd; i++) {
            worker.call(request);
        }
        long[] nanos = new long[calls]; // allocated before the loop, so the loop allocates nothing of ours
        int n = 0;
        long start = System.nanoTime();
        long deadline = start + box;
        boolean boxed = false;
        while (n < calls) {
            nanos[n++] = worker.call(request);
            if (n < calls && System.nanoTime() - deadline > 0) {
                boxed = true;
                break;
            }
        }
        long wall = System.nanoTime() - start;
        return new Measurement(nanos, n, wall, request.payloadBytes(), boxed);
    }

    private static void print(Options o, Map<String, WorkerResult> results, long leaked) {
        StringBuilder out = new StringBuilder();
        out.append("vgi-rpc wire benchmark: ConformanceService ").append(UnaryRequest.CONFORMANCE_VERSION)
                .append(" over stdio, one Java client (vgi-core IPC reader/writer)\n");
        out.append(BenchEnvironment.jvmAndOs());
        for (WorkerResult r : results.values()) {
            out.append(String.format(Locale.ROOT, "%-7s %s%n", r.name() + ":", String.join(" ", r.command())));
        }
        WorkerResult python = results.get("python");
        if (python != null) {
            out.append("        ").append(BenchEnvironment.pythonVersions(BenchEnvironment.pythonOf(python.command()),
                    "vgi-rpc", "pyarrow")).append('\n');
        }
        out.append('\n');

        new ReportTable<>(out, new ArrayList<>(results.keySet()), new ArrayList<>(results.values()), 32)
                .row("first answer after spawn (ms)", r -> r.firstAnswerMillis(), 1)
                .row("void_noop calls/s", r -> r.noop().callsPerSecond(), 0)
                .row("void_noop p50 (us)", r -> r.noop().percentileMicros(50), 1)
                .row("void_noop p99 (us)", r -> r.noop().percentileMicros(99), 1)
                .row("echo_bytes 1 MiB (MB/s)", r -> r.echo1().payloadMegabytesPerSecond(), 1)
                .row("echo_bytes 1 MiB p50 (ms)", r -> r.echo1().percentileMicros(50) / 1e3, 2)
                .row("echo_bytes 16 MiB (MB/s)", r -> r.echo16().payloadMegabytesPerSecond(), 1)
                .row("echo_bytes 16 MiB p50 (ms)", r -> r.echo16().percentileMicros(50) / 1e3, 2);
        out.append('\n');

        out.append("Samples (after warm-up; * = stopped at the ").append(ReportTable.seconds(o.timeBoxSeconds)).append(" s time box):\n");
        for (WorkerResult r : results.values()) {
            out.append(String.format(Locale.ROOT, "  %-7s void_noop %s, echo_bytes 1 MiB %s, 16 MiB %s%n", r.name(),
                    samples(r.noop()), samples(r.echo1()), samples(r.echo16())));
        }
        out.append(String.format(Locale.ROOT, "Warm-up calls: void_noop %d, echo_bytes 1 MiB %d, 16 MiB %d.%n",
                o.noopWarmup, o.echo1Warmup, o.echo16Warmup));
        out.append("calls/s = calls / loop wall time. Latency = first request byte written to response end-of-stream read,\n")
                .append("  nearest-rank percentiles. MB/s = (payload bytes sent + payload bytes received) / summed per-call\n")
                .append("  latency, MB = 10^6 bytes; framing and metadata bytes not counted. Every answer was checked\n")
                .append("  (no EXCEPTION batch, one result batch; echo result length and bytes equal to the payload).\n")
                .append("  Higher ours/python is better for calls/s and MB/s, lower for latencies and start-up.\n");
        out.append("Arrow bytes still allocated at exit: ").append(leaked).append('\n');
        BenchEnvironment.report(out);
    }

    private static String samples(Measurement m) {
        return String.format(Locale.ROOT, "%d calls in %.2f s%s", m.calls(), m.wallSeconds(), m.timeBoxed() ? "*" : "");
    }

    private static Options parse(String[] args) {
        Options o = new Options();
        o.repo = BenchEnvironment.repoRoot();
        Path oursJar = o.repo.resolve("vgi-conformance-worker/target/vgi-conformance-worker.jar");
        String oursCmd = null;
        String pythonCmd = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) {
                throw new IllegalArgumentException("options: --ours-jar PATH | --ours-cmd CMD, --python-cmd CMD, "
                        + "--workers ours,python, --noop-warmup N, --noop-calls N, --echo1-warmup N, --echo1-calls N, "
                        + "--echo16-warmup N, --echo16-calls N, --time-box SECONDS");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value for " + a);
            }
            String v = args[++i];
            switch (a) {
                case "--ours-jar" -> oursJar = Path.of(v).toAbsolutePath();
                case "--ours-cmd" -> oursCmd = v;
                case "--python-cmd" -> pythonCmd = v;
                case "--workers" -> o.workers = BenchEnvironment.workers(v);
                case "--noop-warmup" -> o.noopWarmup = BenchEnvironment.positiveInt(a, v, true);
                case "--noop-calls" -> o.noopCalls = BenchEnvironment.positiveInt(a, v, false);
                case "--echo1-warmup" -> o.echo1Warmup = BenchEnvironment.positiveInt(a, v, true);
                case "--echo1-calls" -> o.echo1Calls = BenchEnvironment.positiveInt(a, v, false);
                case "--echo16-warmup" -> o.echo16Warmup = BenchEnvironment.positiveInt(a, v, true);
                case "--echo16-calls" -> o.echo16Calls = BenchEnvironment.positiveInt(a, v, false);
                case "--time-box" -> o.timeBoxSeconds = BenchEnvironment.seconds(a, v);
                default -> throw new IllegalArgumentException("unknown option " + a + " (try --help)");
            }
        }
        o.oursCommand = BenchEnvironment.oursCommand(oursCmd, oursJar, o.workers.contains("ours"),
                "./mvnw -q -pl vgi-conformance-worker -am package -DskipTests");
        o.pythonCommand = pythonCmd != null ? BenchEnvironment.split(pythonCmd) : List.of(defaultPythonWorker(o.repo).toString());
        if (o.workers.contains("python") && pythonCmd == null && !Files.isExecutable(Path.of(o.pythonCommand.get(0)))) {
            throw new IllegalArgumentException("Python worker not found (tried .venv-peers and /tmp/venv); pass --python-cmd");
        }
        return o;
    }

    /** The reference {@code vgi-rpc-conformance} of the first venv that has it (see {@link BenchEnvironment#pythonVenvs}). */
    private static Path defaultPythonWorker(Path repo) {
        List<Path> venvs = BenchEnvironment.pythonVenvs(repo);
        for (Path venv : venvs) {
            Path worker = venv.resolve("bin/vgi-rpc-conformance");
            if (Files.isExecutable(worker)) {
                return worker;
            }
        }
        return venvs.get(venvs.size() - 1).resolve("bin/vgi-rpc-conformance");
    }
}
