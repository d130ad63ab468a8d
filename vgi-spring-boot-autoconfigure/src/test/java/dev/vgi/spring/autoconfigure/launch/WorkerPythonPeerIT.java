package dev.vgi.spring.autoconfigure.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.vgi.spring.autoconfigure.launch.app.GreeterApplication;
import dev.vgi.testsupport.PythonPeers;

/**
 * The Spring Boot test application as a worker of the reference Python client (pinned in
 * {@code .ci/requirements.txt}): spawned by it over stdio with no flag, as DuckDB spawns workers,
 * and reached on the Unix socket of the launcher contract. Any byte on stdout that is not protocol
 * would break the Python client's stream.
 */
class WorkerPythonPeerIT {

    private static final Path CLIENT = Path.of("src/test/python/greeter_client.py").toAbsolutePath();

    @TempDir
    Path tmp;

    @Test
    void pythonClientSpawnsTheApplicationOverStdio() throws Exception {
        List<String> cmd = new ArrayList<>(List.of(PythonPeers.bin("python").toString(), CLIENT.toString(), "stdio"));
        cmd.addAll(WorkerProcess.command("--logging.level.root=DEBUG"));
        Path out = tmp.resolve("client.out");
        Path err = tmp.resolve("client.err");
        Process client = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(client.waitFor(3, TimeUnit.MINUTES)).as("client finished").isTrue();
        String stderr = Files.readString(err);
        assertThat(client.exitValue()).as("client exit; stderr tail: %s", tail(stderr)).isZero();
        // the worker exited 0 on stdin EOF, within the client's 10 s grace
        assertThat(Files.readAllLines(out)).containsExactly("hello, duck", "hello, goose", "exit 0");
        assertThat(stderr).contains(GreeterApplication.STRAY_PRINT).contains(GreeterApplication.DEBUG_LINE);
    }

    @Test
    void pythonClientReachesTheUnixSocket() throws Exception {
        Path socket = tmp.resolve("w.sock");
        try (WorkerProcess w = WorkerProcess.start(tmp, "--unix", socket.toString(), "--idle-timeout", "1")) {
            InputStream stdout = w.process.getInputStream();
            assertThat(WorkerProcess.readLine(stdout, Duration.ofSeconds(90))).as("stderr: %s", w.tail())
                    .isEqualTo("UNIX:" + socket.toAbsolutePath());
            Process client = new ProcessBuilder(PythonPeers.bin("python").toString(), CLIENT.toString(), "unix",
                    socket.toString()).redirectErrorStream(true).start();
            assertThat(client.waitFor(2, TimeUnit.MINUTES)).isTrue();
            String output = new String(client.getInputStream().readAllBytes());
            assertThat(client.exitValue()).as(output).isZero();
            assertThat(output).contains("hello, unix");
            assertThat(w.exitStatus(Duration.ofSeconds(30))).as("idle exit; stderr: %s", w.tail()).isZero();
            assertThat(stdout.readAllBytes()).isEmpty();
            assertThat(socket).doesNotExist();
        }
    }

    private static String tail(String s) {
        return s.length() > 6000 ? s.substring(s.length() - 6000) : s;
    }
}
