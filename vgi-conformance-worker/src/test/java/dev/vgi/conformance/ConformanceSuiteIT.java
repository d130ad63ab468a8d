package dev.vgi.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.vgi.testsupport.PythonPeers;

/**
 * Runs the reference conformance CLI ({@code vgi-rpc-test}, pinned in {@code .ci/requirements.txt})
 * against the packaged conformance worker jar over every transport: pipe (the CLI spawns the
 * worker), Unix socket, TCP and HTTP. Each lane runs the whole suite once and fails on any failed
 * check.
 */
class ConformanceSuiteIT {

    /** Excluded outside the pipe lane: the 2 GiB refusal is proven once, on the pipe. */
    private static final String NOT_OVER_INT32 = "!large_payload.echo_binary_over_int32_max";

    @TempDir
    Path tmp;

    private Process worker;

    @AfterEach
    void stopWorker() throws InterruptedException {
        if (worker != null) {
            worker.destroy();
            if (!worker.waitFor(10, TimeUnit.SECONDS)) {
                worker.destroyForcibly();
            }
        }
    }

    @Test
    void pipe() throws Exception {
        Path accessLog = tmp.resolve("access.jsonl");
        Result r = runSuite("pipe", List.of("--cmd", javaCommand() + " --access-log " + accessLog, "--access-log", accessLog.toString()));
        assertTrue(r.passed() >= 100, "expected the whole suite to run on the pipe: " + r);
        assertTrue(Files.size(accessLog) > 0, "the worker wrote no access log");
    }

    /** The same jar, with no JVM flags, on the newest JDK installed beside the build JDK (JDK 25 here). */
    @Test
    void pipeOnNewerJdk() throws Exception {
        Path java = newerJdk();
        Assumptions.assumeTrue(java != null, "no JDK 21+ found under /usr/lib/jvm");
        Result r = runSuite("pipe-" + java.getParent().getParent().getFileName(),
                List.of("--cmd", java + " -jar " + workerJar(), "--filter", NOT_OVER_INT32));
        assertTrue(r.passed() >= 100, r.toString());
    }

    private static Path newerJdk() throws IOException {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return null;
        }
        try (var dirs = Files.list(jvms)) {
            return dirs.filter(d -> d.getFileName().toString().matches(".*-(2[1-9]|[3-9][0-9])(\\D.*)?"))
                    .map(d -> d.resolve("bin/java")).filter(Files::isExecutable).sorted().reduce((a, b) -> b).orElse(null);
        }
    }

    @Test
    void unix() throws Exception {
        Path socket = tmp.resolve("w.sock");
        String line = startWorker("--unix", socket.toString(), "--idle-timeout", "0");
        assertEquals("UNIX:" + socket.toAbsolutePath(), line);
        runSuite("unix", List.of("--unix", socket.toString(), "--filter", NOT_OVER_INT32));
    }

    @Test
    void tcp() throws Exception {
        String line = startWorker("--tcp", "127.0.0.1:0", "--idle-timeout", "0");
        assertTrue(line.startsWith("TCP:127.0.0.1:"), line);
        runSuite("tcp", List.of("--tcp", line.substring("TCP:".length()), "--filter", NOT_OVER_INT32));
    }

    @Test
    void http() throws Exception {
        String line = startWorker("--http", "--port", "0");
        assertTrue(line.startsWith("PORT:"), line);
        runSuite("http", List.of("--url", "http://127.0.0.1:" + line.substring("PORT:".length())));
    }

    /** The response-cap checks run only against a worker that advertises a cap (1 MiB here). */
    @Test
    void httpWithResponseCap() throws Exception {
        String line = startWorker("--http", "--port", "0", "--max-response-bytes", "1048576");
        assertTrue(line.startsWith("PORT:"), line);
        Result r = runSuite("http-capped", List.of("--url", "http://127.0.0.1:" + line.substring("PORT:".length()),
                "--filter", "http_response_cap.*"));
        assertTrue(r.passed() >= 3, "the cap checks did not run: " + r);
    }

    private record Result(int passed, int failed, int skipped, List<String> failures) {
    }

    private Result runSuite(String lane, List<String> transportArgs) throws Exception {
        Path report = tmp.resolve(lane + ".json");
        List<String> cmd = new ArrayList<>();
        cmd.add(PythonPeers.bin("vgi-rpc-test").toString());
        cmd.addAll(transportArgs);
        cmd.addAll(List.of("--format", "json", "--output", report.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve(lane + ".log").toFile()).start();
        boolean done = p.waitFor(20, TimeUnit.MINUTES);
        if (!done) {
            p.destroyForcibly();
        }
        String json = Files.exists(report) ? Files.readString(report) : "";
        Result r = parse(json);
        System.out.printf("vgi-rpc-test %s lane: %d passed, %d failed, %d skipped%n", lane, r.passed(), r.failed(), r.skipped());
        assertTrue(done, "vgi-rpc-test timed out on " + lane);
        assertTrue(!json.isEmpty(), "vgi-rpc-test wrote no report on " + lane + ": " + Files.readString(tmp.resolve(lane + ".log")));
        assertEquals(0, r.failed(), lane + " failures: " + r.failures() + "\n" + Files.readString(tmp.resolve(lane + ".log")));
        assertEquals(0, p.exitValue(), "vgi-rpc-test exit status on " + lane + ": " + Files.readString(tmp.resolve(lane + ".log")));
        assertTrue(r.passed() > 0, "no check ran on " + lane);
        return r;
    }

    private static Result parse(String json) {
        List<String> failures = new ArrayList<>();
        Matcher m = Pattern.compile("\"name\":\\s*\"([^\"]+)\",\\s*\"category\":\\s*\"[^\"]*\",\\s*\"passed\":\\s*false,\\s*\"skipped\":\\s*false")
                .matcher(json);
        while (m.find()) {
            failures.add(m.group(1));
        }
        return new Result(count(json, "passed"), count(json, "failed"), count(json, "skipped"), failures);
    }

    private static int count(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":\\s*(\\d+)").matcher(json);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    static Path workerJar() {
        Path jar = PythonPeers.repoRoot().resolve("vgi-conformance-worker/target/vgi-conformance-worker.jar");
        assertTrue(Files.exists(jar), "conformance worker jar not built: " + jar);
        return jar;
    }

    static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java") + " -jar " + workerJar();
    }

    private String startWorker(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                workerJar().toString()));
        cmd.addAll(List.of(args));
        worker = new ProcessBuilder(cmd).redirectError(tmp.resolve("worker.err").toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(worker.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertTrue(line != null, "worker printed no discovery line: " + Files.readString(tmp.resolve("worker.err")));
        return line;
    }
}
