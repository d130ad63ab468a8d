package dev.vgi.spring.autoconfigure.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --http} end to end in a child JVM: the only bytes on stdout are {@code PORT:<n>\n}, the
 * port answers HTTP at the root prefix, and {@code SIGTERM} ends the process.
 */
class SpringHttpTransportProcessTests {

    @TempDir
    Path tmp;

    @Test
    void printsOnlyThePortLineAndServesTheRoot() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        File stderr = tmp.resolve("stderr.txt").toFile();
        Process p = new ProcessBuilder(List.of(java, "--add-opens=java.base/java.nio=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), LaunchTestWorker.class.getName(), "--http", "--port", "0"))
                .redirectError(stderr).start();
        try {
            InputStream out = p.getInputStream();
            String line = readLine(out, Duration.ofSeconds(60));
            assertThat(line).as("stderr: %s", Files.readString(stderr.toPath())).matches("PORT:\\d+");
            int port = Integer.parseInt(line.substring(5));
            assertThat(port).isPositive();

            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            // mounted at the root, as the conformance suite expects
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\"").contains("launch_test");

            p.toHandle().destroy(); // SIGTERM, keeping our end of the pipes open
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(new String(out.readAllBytes(), StandardCharsets.UTF_8)).as("stdout after the port line").isEmpty();
            String err = Files.readString(stderr.toPath());
            // the stray System.out.println went to stderr
            assertThat(err).contains("stray print from the worker");
        } finally {
            p.destroyForcibly();
        }
    }

    private static String readLine(InputStream in, Duration timeout) throws IOException, InterruptedException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (in.available() == 0) {
                Thread.sleep(20);
                continue;
            }
            int b = in.read();
            if (b < 0 || b == '\n') {
                return line.toString(StandardCharsets.UTF_8);
            }
            line.write(b);
        }
        return line.toString(StandardCharsets.UTF_8);
    }
}
