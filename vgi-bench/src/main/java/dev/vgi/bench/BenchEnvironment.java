package dev.vgi.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * What the benchmarks share about their surroundings: where the repository and the Python venvs
 * are, how worker commands are written, option parsing, and the JVM, OS and Python lines at the top
 * of each report.
 */
final class BenchEnvironment {

    private static final long MIB = 1L << 20;

    private BenchEnvironment() {
    }

    /** A benchmark run: parses its options and returns the exit status. */
    @FunctionalInterface
    interface Benchmark {
        int run() throws Exception;
    }

    /**
     * Runs {@code benchmark} and exits with its status: 2 for bad options (an
     * {@link IllegalArgumentException}), 1 for any other failure.
     */
    static void exit(Benchmark benchmark) {
        int status;
        try {
            status = benchmark.run();
        } catch (IllegalArgumentException e) {
            System.err.println("vgi-bench: " + e.getMessage());
            status = 2;
        } catch (Exception e) {
            System.err.println("vgi-bench: FAILED: " + e.getMessage());
            status = 1;
        }
        System.exit(status);
    }

    /** Work done with the run's root allocator. */
    @FunctionalInterface
    interface AllocatorWork {
        void run(BufferAllocator root) throws IOException;
    }

    /**
     * Runs {@code work} with one root allocator for the whole run and returns the bytes it left
     * allocated: its balance at the end is the leak check.
     */
    static long leakChecked(AllocatorWork work) throws IOException {
        RootAllocator root = new RootAllocator();
        long leaked;
        try {
            work.run(root);
        } finally {
            leaked = root.getAllocatedMemory();
            try {
                root.close();
            } catch (IllegalStateException e) {
                System.err.println("vgi-bench: allocator not balanced at close: " + e.getMessage());
            }
        }
        return leaked;
    }

    /** Measures one worker started with {@code command}. */
    @FunctionalInterface
    interface WorkerRun<R> {
        R run(String worker, List<String> command, BufferAllocator root) throws IOException;
    }

    /**
     * Warms the client, then runs each selected worker in turn (never two at once, so they do not
     * compete for the two cores) under one leak-checked allocator.
     *
     * @param results filled with each worker's figures, in run order
     * @return the Arrow bytes left allocated
     */
    static <R> long runWorkers(List<String> workers, List<String> oursCommand, List<String> pythonCommand,
            AllocatorWork warmClient, WorkerRun<R> run, java.util.Map<String, R> results) throws IOException {
        return leakChecked(root -> {
            warmClient.run(root);
            for (String worker : workers) {
                List<String> command = worker.equals("ours") ? oursCommand : pythonCommand;
                System.err.println("vgi-bench: running " + worker + ": " + String.join(" ", command));
                results.put(worker, run.run(worker, command, root));
            }
        });
    }

    /** Writes the finished report: the harness's one output on stdout (it is a CLI, not a worker). */
    static void report(CharSequence text) {
        System.out.print(text);
        System.out.flush();
    }

    /** The {@code --workers} value: {@code ours} and/or {@code python}. */
    static List<String> workers(String value) {
        List<String> workers = List.of(value.split(","));
        for (String w : workers) {
            if (!w.equals("ours") && !w.equals("python")) {
                throw new IllegalArgumentException("--workers takes ours and/or python, not " + w);
            }
        }
        return workers;
    }

    /**
     * Our worker's command: {@code --ours-cmd} as given, else {@code java -jar <jar>} with the
     * harness's own {@code java}, so both sides of a Java run use one runtime.
     *
     * @param needed whether our worker runs at all (a missing jar is then an error)
     * @param build the command that builds the jar, for the error message
     */
    static List<String> oursCommand(String oursCmd, Path jar, boolean needed, String build) {
        if (oursCmd != null) {
            return split(oursCmd);
        }
        if (needed && !Files.isRegularFile(jar)) {
            throw new IllegalArgumentException(jar + " not found; build it with " + build);
        }
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString());
    }

    /** The repository root: the nearest directory at or above the working directory with {@code .ci/requirements.txt}. */
    static Path repoRoot() {
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve(".ci/requirements.txt"))) {
                return dir;
            }
        }
        return start;
    }

    /**
     * The Python venvs to take reference workers from, in order of preference: the peers venv the
     * conformance tests create (honouring {@code VGI_PEERS_VENV} as they do), then the shared
     * {@code /tmp/venv}.
     */
    static List<Path> pythonVenvs(Path repo) {
        String configured = System.getenv("VGI_PEERS_VENV");
        Path peers = configured != null && !configured.isBlank() ? Path.of(configured) : repo.resolve(".venv-peers");
        return List.of(peers, Path.of("/tmp/venv"));
    }

    /** Whether {@code venv} has every one of {@code packages} installed (an import directory in its site-packages). */
    static boolean hasPackages(Path venv, String... packages) {
        Path lib = venv.resolve("lib");
        if (!Files.isDirectory(lib)) {
            return false;
        }
        try (DirectoryStream<Path> pythons = Files.newDirectoryStream(lib, "python3*")) {
            for (Path python : pythons) {
                Path site = python.resolve("site-packages");
                if (Arrays.stream(packages).allMatch(p -> Files.isDirectory(site.resolve(p)))) {
                    return true;
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    /** Splits a command on whitespace (no quoting). */
    static List<String> split(String command) {
        return Arrays.asList(command.trim().split("\\s+"));
    }

    /** A non-negative ({@code zeroAllowed}) or positive integer option value. */
    static int positiveInt(String option, String value, boolean zeroAllowed) {
        long n = positiveLong(option, value, zeroAllowed);
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(option + " must be at most " + Integer.MAX_VALUE);
        }
        return (int) n;
    }

    /** A non-negative ({@code zeroAllowed}) or positive long option value; {@code _} separators allowed. */
    static long positiveLong(String option, String value, boolean zeroAllowed) {
        long n;
        try {
            n = Long.parseLong(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes a whole number, not " + value);
        }
        if (n < 0 || (n == 0 && !zeroAllowed)) {
            throw new IllegalArgumentException(option + " must be " + (zeroAllowed ? ">= 0" : "> 0"));
        }
        return n;
    }

    /** A positive number of seconds. */
    static double seconds(String option, String value) {
        double s;
        try {
            s = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes a number of seconds, not " + value);
        }
        if (!(s > 0)) {
            throw new IllegalArgumentException(option + " must be > 0");
        }
        return s;
    }

    /** The JVM and OS lines of a report (the client's runtime; the Java worker runs on the same {@code java}). */
    static String jvmAndOs() {
        Runtime rt = Runtime.getRuntime();
        return String.format(Locale.ROOT, "JVM:    %s %s (%s), max heap %d MiB%n", System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"), System.getProperty("java.vendor"), rt.maxMemory() / MIB)
                + String.format(Locale.ROOT, "OS:     %s %s %s, %d CPUs%n", System.getProperty("os.name"),
                        System.getProperty("os.version"), System.getProperty("os.arch"), rt.availableProcessors());
    }

    /**
     * The Python interpreter a worker command runs on: the command itself when it is a
     * {@code python…} binary, else the {@code python} next to the command (a venv's console script).
     */
    static Path pythonOf(List<String> command) {
        Path first = Path.of(command.get(0)).toAbsolutePath();
        if (first.getFileName().toString().startsWith("python")) {
            return first;
        }
        return first.getParent().resolve("python");
    }

    /** The Python version and the versions of {@code distributions} in the venv of {@code python}, best effort. */
    static String pythonVersions(Path python, String... distributions) {
        if (!Files.isExecutable(python)) {
            return "(Python versions unknown: no " + python + ")";
        }
        List<String> parts = new ArrayList<>();
        for (String d : distributions) {
            parts.add("'" + d + "', m.version('" + d + "')");
        }
        String script = "import sys, importlib.metadata as m; print(', '.join(['Python ' + sys.version.split()[0]]"
                + " + [n + ' ' + v for n, v in [" + String.join(", ", parts.stream().map(p -> "(" + p + ")").toList()) + "]]))";
        try {
            Process p = new ProcessBuilder(python.toString(), "-c", script).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String text;
            try (InputStream in = p.getInputStream()) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            }
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return "(Python versions unknown)";
            }
            return text;
        } catch (IOException e) {
            return "(Python versions unknown: " + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(Python versions unknown)";
        }
    }
}
