package dev.vgi.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.vgi.core.protocol.VgiProtocol;
import dev.vgi.core.protocol.VgiRecords;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Function benchmark: one Java VGI client ({@link VgiClient}) drives our fixture worker and the
 * Python reference fixture worker (vgi-python's {@code vgi._test_fixtures}) over stdin/stdout in
 * the same run, making the calls the way a real client does: {@code catalog_attach} for the
 * {@code attach_opaque_data}, then per call {@code bind}, {@code init} and the data stream.
 *
 * <p>Workloads of catalog {@code example}: scalar {@code multiply(bigint, const 3)} and
 * {@code upper_case(varchar)} over 10M rows in 2,048-row batches, and table function
 * {@code sequence(10000000)} scanned to its end. Figures: rows per second from the {@code bind}
 * request to the end of the output stream, and the {@code bind} + {@code init} time. Every answer
 * is checked (see {@link FunctionWorkload}); a wrong one stops the run with status 1, as does an
 * Arrow byte left allocated. Options: see {@code vgi-bench/README.md}.
 */
public final class FunctionBenchmark {

    private static final String CATALOG = "example";
    private static final List<String> ALL_FUNCTIONS = List.of("multiply", "upper_case", "sequence");

    private FunctionBenchmark() {
    }

    /** Run settings, from the command line. */
    private static final class Options {
        Path repo;
        List<String> oursCommand;
        List<String> pythonCommand;
        List<String> workers = List.of("ours", "python");
        List<String> functions = ALL_FUNCTIONS;
        long rows = 10_000_000;
        long warmupRows = 2_000_000;
        int batchRows = 2_048;
        int distinctBatches = 64;
        long factor = 3;
        int runs = 3;
        boolean checkAll;
        double timeBoxSeconds = 60;
    }

    /** One timed call: rows moved, output batches, {@code bind} + {@code init} time and total time. */
    record Run(long rows, long batches, long setupNanos, long totalNanos, boolean timeBoxed) {
        double rowsPerSecond() {
            return rows / (totalNanos / 1e9);
        }
    }

    /** The timed calls of one function on one worker; the report shows the median run. */
    record Runs(String label, List<Run> runs) {
        Run median() {
            List<Run> sorted = new ArrayList<>(runs);
            sorted.sort(Comparator.comparingDouble(Run::rowsPerSecond));
            return sorted.get((sorted.size() - 1) / 2);
        }
    }

    /** All figures for one worker. */
    private record WorkerResult(String name, List<String> command, double firstAnswerMillis, Map<String, Runs> functions) {
    }

    /** Runs the benchmark; see {@code vgi-bench/README.md} for the options. */
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
        // inputs are built before the spawn, so building them is neither start-up nor call time;
        // resources close in reverse: the worker, then the inputs, then the allocator
        try (BufferAllocator allocator = root.newChildAllocator(name, 0, Long.MAX_VALUE);
                Workloads workloads = new Workloads(o, allocator)) {
            long spawned = System.nanoTime();
            try (WorkerConnection worker = WorkerConnection.start(name, command, allocator);
                    VgiClient client = new VgiClient(worker)) {
                client.attach(CATALOG);
                double firstAnswerMillis = (System.nanoTime() - spawned) / 1e6;
                Map<String, Runs> byFunction = new LinkedHashMap<>();
                for (FunctionWorkload w : workloads.list) {
                    String label = w.label(o.rows);
                    System.err.println("vgi-bench: " + name + " " + label + ": warm-up " + o.warmupRows + " rows, then "
                            + o.runs + " x " + o.rows + " rows");
                    if (o.warmupRows > 0) {
                        call(worker, client, w, o.warmupRows, true, o.timeBoxSeconds);
                    }
                    List<Run> runs = new ArrayList<>();
                    for (int i = 0; i < o.runs; i++) {
                        runs.add(call(worker, client, w, o.rows, o.checkAll, o.timeBoxSeconds));
                    }
                    byFunction.put(w.function(), new Runs(label, runs));
                }
                return new WorkerResult(name, command, firstAnswerMillis, byFunction);
            }
        }
    }

    /** The inputs of every selected function, built once per worker. */
    private static final class Workloads implements AutoCloseable {
        final List<FunctionWorkload> list = new ArrayList<>();

        Workloads(Options o, BufferAllocator allocator) {
            long[] totals = {o.rows, o.warmupRows};
            try {
                for (String f : o.functions) {
                    list.add(switch (f) {
                        case "multiply" ->
                                new FunctionWorkload.Multiply(o.factor, o.batchRows, o.distinctBatches, totals, allocator);
                        case "upper_case" -> new FunctionWorkload.UpperCase(o.batchRows, o.distinctBatches, totals, allocator);
                        case "sequence" -> new FunctionWorkload.Sequence();
                        default -> throw new IllegalArgumentException("unknown function " + f);
                    });
                }
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        }

        @Override
        public void close() {
            list.forEach(FunctionWorkload::close);
        }
    }

    /**
     * One function call as a client makes it: {@code bind}, {@code init}, the data stream. Timed
     * from the {@code bind} request to the end of the output; the time box runs from the same
     * instant.
     */
    private static Run call(WorkerConnection worker, VgiClient client, FunctionWorkload w, long rows, boolean full,
            double timeBoxSeconds) throws IOException {
        byte[] bindRequest = client.bindRequest(w.function(), w.functionType(), w.arguments(client, rows), w.inputSchema());
        long t0 = System.nanoTime();
        long deadline = t0 + (long) (timeBoxSeconds * 1e9);
        Schema output = client.bind(bindRequest);
        String problem = w.checkBind(output);
        if (problem != null) {
            throw worker.failure("bind " + w.function() + ": " + problem);
        }
        client.init(client.initRequest(bindRequest, output));
        long setup = System.nanoTime() - t0;
        VgiClient.StreamResult result = w.stream(client, rows, full, deadline);
        long total = System.nanoTime() - t0;
        if (!result.timeBoxed() && result.rows() != rows) {
            throw worker.failure(w.label(rows) + ": " + result.rows() + " rows came back for " + rows);
        }
        return new Run(result.rows(), result.batches(), setup, total, result.timeBoxed());
    }

    /**
     * Encodes and decodes the client's records once in memory, so that the first worker measured
     * does not pay for loading the client's classes in its start-up figure.
     */
    private static void warmClient(BufferAllocator root) {
        try (BufferAllocator allocator = root.newChildAllocator("client-warm-up", 0, Long.MAX_VALUE)) {
            byte[] attach = VgiRecords.CATALOG_ATTACH_REQUEST.builder().set("name", CATALOG).encode(allocator);
            VgiRecords.CATALOG_ATTACH_REQUEST.decode(attach, allocator);
        }
    }

    // ---------------------------------------------------------------- report

    private static void print(Options o, Map<String, WorkerResult> results, long leaked) {
        StringBuilder out = new StringBuilder();
        out.append("VGI function benchmark: ").append(VgiProtocol.NAME).append(' ').append(VgiProtocol.VERSION)
                .append(", catalog ").append(CATALOG).append(", over stdio; one Java client (vgi-core RecordWriter/VgiRecords,\n")
                .append("  IPC reader/writer), calls as the reference client makes them: catalog_attach, then bind -> init -> data stream\n");
        out.append(BenchEnvironment.jvmAndOs());
        for (WorkerResult r : results.values()) {
            out.append(String.format(Locale.ROOT, "%-7s %s%n", r.name() + ":", String.join(" ", r.command())));
        }
        WorkerResult python = results.get("python");
        if (python != null) {
            out.append("        ").append(BenchEnvironment.pythonVersions(BenchEnvironment.pythonOf(python.command()),
                    "vgi-python", "vgi-rpc", "pyarrow", "duckdb", "numpy")).append('\n');
        }
        out.append(String.format(Locale.ROOT, "Scalar input: %s-row batches (%d distinct pre-built batches sent in turn), no nulls;%n",
                ReportTable.fmt(o.batchRows, 0), o.distinctBatches));
        out.append("  sequence at its default batch_size (2,048). Each function: one fully checked warm-up call of ")
                .append(ReportTable.fmt(o.warmupRows, 0)).append(" rows,\n  then ").append(o.runs)
                .append(" timed calls of ").append(ReportTable.fmt(o.rows, 0)).append(" rows; the table shows the median call.\n\n");

        List<WorkerResult> columns = new ArrayList<>(results.values());
        ReportTable<WorkerResult> table = new ReportTable<>(out, new ArrayList<>(results.keySet()), columns, 40);
        table.row("catalog_attach answer after spawn (ms)", r -> r.firstAnswerMillis(), 1);
        for (String f : o.functions) {
            String label = columns.get(0).functions().get(f).label();
            table.row(label + " rows/s", r -> r.functions().get(f).median().rowsPerSecond(), 0,
                    r -> r.functions().get(f).median().timeBoxed() ? "*" : "");
        }
        for (String f : o.functions) {
            table.row("  " + f + " bind + init (ms)", r -> r.functions().get(f).median().setupNanos() / 1e6, 2);
        }
        out.append('\n');

        out.append("Timed calls (rows, output batches, seconds incl. bind + init; * = stopped at the ")
                .append(ReportTable.seconds(o.timeBoxSeconds)).append(" s time box, rows/s over the rows done):\n");
        for (WorkerResult r : results.values()) {
            for (Runs runs : r.functions().values()) {
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-7s %-28s", r.name(), runs.label()));
                for (Run run : runs.runs()) {
                    line.append(String.format(Locale.ROOT, " %s/%s/%.2fs%s", ReportTable.fmt(run.rows(), 0),
                            ReportTable.fmt(run.batches(), 0), run.totalNanos() / 1e9, run.timeBoxed() ? "*" : ""));
                }
                out.append(line).append('\n');
            }
        }
        out.append("rows/s = rows / time from the bind request's first byte to the output stream's end-of-stream.\n")
                .append("  Lockstep: one input batch (a tick for sequence) written and flushed, one output batch read.\n")
                .append("  Every output batch was checked: schema, row count, null count, and values (every row in the\n")
                .append(o.checkAll ? "  warm-up and in timed calls); sequence row totals too.\n"
                        : "  warm-up; first, last and one moving row per batch in timed calls); sequence row totals too.\n")
                .append("  Higher ours/python is better for rows/s, lower for milliseconds.\n");
        out.append("Arrow bytes still allocated at exit: ").append(leaked).append('\n');
        BenchEnvironment.report(out);
    }

    // ---------------------------------------------------------------- options

    private static Options parse(String[] args) {
        Options o = new Options();
        o.repo = BenchEnvironment.repoRoot();
        Path oursJar = o.repo.resolve("vgi-fixture-worker/target/vgi-fixture-worker.jar");
        String oursCmd = null;
        String pythonCmd = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) {
                throw new IllegalArgumentException("options: --ours-jar PATH | --ours-cmd CMD, --python-cmd CMD, "
                        + "--workers ours,python, --functions multiply,upper_case,sequence, --rows N, --warmup-rows N, "
                        + "--runs N, --batch-rows N, --distinct-batches N, --factor N, --check-all, --time-box SECONDS");
            }
            if (a.equals("--check-all")) {
                o.checkAll = true;
                continue;
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
                case "--functions" -> o.functions = List.of(v.split(","));
                case "--rows" -> o.rows = BenchEnvironment.positiveLong(a, v, false);
                case "--warmup-rows" -> o.warmupRows = BenchEnvironment.positiveLong(a, v, true);
                case "--runs" -> o.runs = BenchEnvironment.positiveInt(a, v, false);
                case "--batch-rows" -> o.batchRows = BenchEnvironment.positiveInt(a, v, false);
                case "--distinct-batches" -> o.distinctBatches = BenchEnvironment.positiveInt(a, v, false);
                case "--factor" -> o.factor = Long.parseLong(v);
                case "--time-box" -> o.timeBoxSeconds = BenchEnvironment.seconds(a, v);
                default -> throw new IllegalArgumentException("unknown option " + a + " (try --help)");
            }
        }
        for (String w : o.workers) {
            if (!w.equals("ours") && !w.equals("python")) {
                throw new IllegalArgumentException("--workers takes ours and/or python, not " + w);
            }
        }
        for (String f : o.functions) {
            if (!ALL_FUNCTIONS.contains(f)) {
                throw new IllegalArgumentException("--functions takes " + String.join(", ", ALL_FUNCTIONS) + ", not " + f);
            }
        }
        if (Math.abs(o.factor) > 7) {
            throw new IllegalArgumentException("--factor must be within -7..7 (inputs are 61-bit values and must not overflow)");
        }
        o.oursCommand = BenchEnvironment.oursCommand(oursCmd, oursJar, o.workers.contains("ours"),
                "./mvnw -q -B -pl vgi-fixture-worker -am package -DskipTests");
        o.pythonCommand = pythonCmd != null ? BenchEnvironment.split(pythonCmd) : defaultPythonWorker(o.repo);
        if (o.workers.contains("python") && o.pythonCommand == null) {
            throw new IllegalArgumentException("no Python venv with vgi-python, duckdb and numpy found (tried "
                    + BenchEnvironment.pythonVenvs(o.repo) + "); install vgi-bench/src/main/python/requirements.txt"
                    + " into one, or pass --python-cmd");
        }
        return o;
    }

    /**
     * The reference fixture worker: {@code reference_fixture_worker.py} (the offline launcher of
     * {@code vgi._test_fixtures.worker}) on the first venv that has vgi-python, DuckDB and NumPy;
     * {@code null} when none has.
     */
    private static List<String> defaultPythonWorker(Path repo) {
        Path script = repo.resolve("vgi-bench/src/main/python/reference_fixture_worker.py");
        for (Path venv : BenchEnvironment.pythonVenvs(repo)) {
            Path python = venv.resolve("bin/python");
            if (Files.isExecutable(python) && BenchEnvironment.hasPackages(venv, "vgi", "duckdb", "numpy")) {
                return List.of(python.toString(), script.toString());
            }
        }
        return null;
    }
}
