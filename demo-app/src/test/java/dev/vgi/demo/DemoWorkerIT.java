package dev.vgi.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.vgi.testsupport.PythonPeers;

/**
 * The packaged demo worker ({@code target/demo-app.jar}, started with {@code java -jar} and no JVM
 * flag) driven by the reference Python client {@code vgi.client.Client} (pinned in
 * {@code .ci/requirements.txt}; {@code src/test/python/demo_client.py}) the three ways DuckDB
 * reaches a worker: spawned over stdio, shared through the launcher's Unix socket by two client
 * processes, and over HTTP with bearer tokens. Also: the same jar started without the manifest's
 * {@code Add-Opens} fails at start-up with the failure analysis.
 */
class DemoWorkerIT {

    private static final Path CLIENT = Path.of("src/test/python/demo_client.py").toAbsolutePath();
    private static final Pattern PID = Pattern.compile("worker pid (\\d+)");

    private static Path jar;
    private static String java;
    private static String python;

    @TempDir
    Path tmp;

    @BeforeAll
    static void peers() throws Exception {
        jar = PythonPeers.repoRoot().resolve("demo-app/target/demo-app.jar");
        assertThat(jar).as("demo jar built").exists();
        java = PythonPeers.java().toString();
        python = PythonPeers.bin("python").toString();
    }

    @Test
    void spawnedOverStdioWithoutFlags() throws Exception {
        Result r = client("stdio", java, jar.toString());
        assertThat(r.exit).as(r.output).isZero();
        assertThat(r.output).endsWith("ok\n");
    }

    @Test
    void twoClientProcessesShareOneLaunchedWorker() throws Exception {
        Path state = Files.createDirectories(tmp.resolve("launch"));
        CompletableFuture<Result> first = CompletableFuture.supplyAsync(() -> client("launch", state.toString(), java, jar.toString()));
        CompletableFuture<Result> second = CompletableFuture.supplyAsync(() -> client("launch", state.toString(), java, jar.toString()));
        Result a = first.get(5, TimeUnit.MINUTES);
        Result b = second.get(5, TimeUnit.MINUTES);
        assertThat(a.exit).as(a.output).isZero();
        assertThat(b.exit).as(b.output).isZero();
        long pid = pid(a.output);
        assertThat(pid(b.output)).as("both clients reach the same worker process").isEqualTo(pid);
        Optional<ProcessHandle> worker = ProcessHandle.of(pid);
        worker.flatMap(h -> h.info().arguments()).ifPresent(args -> assertThat(List.of(args))
                .as("the launcher's command").contains("-jar", jar.toString(), "--unix"));
        // idle timeout 5 s after the last client left: the worker exits and removes its socket
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (worker.map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(worker.map(ProcessHandle::isAlive).orElse(false)).as("worker exited when idle").isFalse();
        try (var files = Files.list(state)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".sock"));
        }
    }

    @Test
    void overHttpWithAndWithoutABearerToken() throws Exception {
        String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        Path stderr = tmp.resolve("http.stderr");
        Process worker = new ProcessBuilder(java, "-jar", jar.toString(), "--http", "--port", "0",
                "--vgi.security.tokens.ci=" + token)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectError(stderr.toFile()).start();
        try {
            String line = new BufferedReader(new InputStreamReader(worker.getInputStream(), StandardCharsets.UTF_8)).readLine();
            assertThat(line).as("discovery line; stderr: %s", tail(stderr)).startsWith("PORT:");
            String base = "http://127.0.0.1:" + line.substring("PORT:".length()) + "/vgi";

            Result ok = client("http", base, token);
            assertThat(ok.exit).as(ok.output).isZero();
            assertThat(ok.output).endsWith("ok\n");

            Result none = client("http-denied", base);
            assertThat(none.exit).as(none.output).isZero();
            Result wrong = client("http-denied", base, token + "x");
            assertThat(wrong.exit).as(wrong.output).isZero();

            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> denied = http.send(HttpRequest.newBuilder(URI.create(base + "/catalog_catalogs"))
                    .header("Content-Type", "application/vnd.apache.arrow.stream")
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(denied.statusCode()).isEqualTo(401);
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/health")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).as("health needs no token").isEqualTo(200);
            assertThat(Files.readString(stderr)).doesNotContain(token);
        } finally {
            worker.destroy();
            if (!worker.waitFor(30, TimeUnit.SECONDS)) {
                worker.destroyForcibly();
            }
        }
    }

    @Test
    void withoutTheManifestsAddOpensTheStartFailsWithAdvice() throws Exception {
        // `java -cp` ignores the manifest's Add-Opens, as an IDE or an extracted jar would
        Process p = new ProcessBuilder(java, "-cp", jar.toString(), "org.springframework.boot.loader.launch.JarLauncher",
                "--vgi.transport=none", "--spring.main.web-application-type=none")
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(output).isNotZero();
        assertThat(output).contains("APPLICATION FAILED TO START").contains("Apache Arrow cannot access the memory of direct buffers")
                .contains("--add-opens=java.base/java.nio=ALL-UNNAMED").contains("Add-Opens: java.base/java.nio");
    }

    private static long pid(String output) {
        Matcher m = PID.matcher(output);
        assertThat(m.find()).as(output).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static Result client(String... args) {
        List<String> cmd = new ArrayList<>(List.of(python, CLIENT.toString()));
        cmd.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("demo-client", ".log");
            try {
                ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
                pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
                Process p = pb.start();
                if (!p.waitFor(4, TimeUnit.MINUTES)) {
                    p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                    return new Result(-1, "timed out\n" + Files.readString(out));
                }
                return new Result(p.exitValue(), Files.readString(out));
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String tail(Path file) throws IOException {
        String s = Files.exists(file) ? Files.readString(file) : "";
        return s.length() > 6000 ? s.substring(s.length() - 6000) : s;
    }

    private record Result(int exit, String output) {
    }
}
