package dev.vgi.spring.autoconfigure.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.File;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.vgi.spring.autoconfigure.launch.app.GreeterApplication;

/**
 * A Spring Boot application using the starter, launched as a child JVM the way clients launch
 * workers, called with the core's IPC client: stdout carries nothing but protocol bytes (or the one
 * discovery line) although the application logs at DEBUG and a bean prints on {@code System.out},
 * and the process exits 0 on stdin EOF and on idle timeout.
 */
class WorkerProcessTests {

    private static final Duration START = Duration.ofSeconds(90);
    private static final Duration EXIT = Duration.ofSeconds(30);
    private static final String DEBUG = "--logging.level.root=DEBUG";

    @TempDir
    Path tmp;

    /** No flag, stdin a pipe: the application is a stdio worker (what DuckDB's LOCATION 'java -jar app.jar' does). */
    @Test
    void servesStdioWithoutFlagsWhenStdinIsAPipeAndExitsZeroOnEof() throws Exception {
        try (WorkerProcess w = WorkerProcess.start(tmp, DEBUG); RootAllocator allocator = new RootAllocator()) {
            InputStream stdout = new BufferedInputStream(w.process.getInputStream());
            BufferedOutputStream stdin = new BufferedOutputStream(w.process.getOutputStream());
            GreeterClient client = new GreeterClient(stdout, stdin, allocator);
            assertThat(client.greet("duck")).as("stderr: %s", w.tail()).isEqualTo("hello, duck");
            assertThat(client.greet("goose")).isEqualTo("hello, goose");
            long protocolBytes = client.bytesRead();

            stdin.close(); // EOF: the worker's signal to exit
            assertThat(w.exitStatus(EXIT)).as("exit status; stderr: %s", w.tail()).isZero();
            assertThat(stdout.readAllBytes()).as("stdout after the last response").isEmpty();
            assertThat(protocolBytes).isPositive();

            String err = w.stderr();
            assertThat(err).contains(GreeterApplication.STRAY_PRINT).contains(GreeterApplication.DEBUG_LINE)
                    .contains("Serving the VGI worker protocol on stdio (vgi.transport=auto and stdin is a pipe)")
                    .doesNotContain("Netty started");
        }
    }

    /** The flag wins over a configuration that makes the application a web application. */
    @Test
    void stdioFlagWinsOverTheConfiguration() throws Exception {
        try (WorkerProcess w = WorkerProcess.start(tmp, "--stdio", "--spring.main.web-application-type=reactive",
                "--vgi.transport=none"); RootAllocator allocator = new RootAllocator()) {
            InputStream stdout = new BufferedInputStream(w.process.getInputStream());
            BufferedOutputStream stdin = new BufferedOutputStream(w.process.getOutputStream());
            assertThat(new GreeterClient(stdout, stdin, allocator).greet("flag")).as("stderr: %s", w.tail())
                    .isEqualTo("hello, flag");
            stdin.close();
            assertThat(w.exitStatus(EXIT)).as("stderr: %s", w.tail()).isZero();
            assertThat(stdout.readAllBytes()).isEmpty();
        }
    }

    /** The launcher contract: UNIX:<path>, serve, exit 0 when idle, socket removed. */
    @Test
    void servesAUnixSocketAndExitsZeroWhenIdle() throws Exception {
        Path socket = tmp.resolve("w.sock");
        try (WorkerProcess w = WorkerProcess.start(tmp, "--unix", socket.toString(), "--idle-timeout", "1", DEBUG);
                RootAllocator allocator = new RootAllocator()) {
            InputStream stdout = w.process.getInputStream();
            String line = WorkerProcess.readLine(stdout, START);
            assertThat(line).as("stderr: %s", w.tail()).isEqualTo("UNIX:" + socket.toAbsolutePath());
            try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                ch.connect(UnixDomainSocketAddress.of(socket));
                GreeterClient client = new GreeterClient(new BufferedInputStream(Channels.newInputStream(ch)),
                        new BufferedOutputStream(Channels.newOutputStream(ch)), allocator);
                assertThat(client.greet("unix")).isEqualTo("hello, unix");
            }
            assertThat(w.exitStatus(EXIT)).as("stderr: %s", w.tail()).isZero();
            assertThat(stdout.readAllBytes()).as("stdout after the discovery line").isEmpty();
            assertThat(socket).doesNotExist();
            assertThat(w.stderr()).contains(GreeterApplication.STRAY_PRINT).contains(GreeterApplication.DEBUG_LINE);
        }
    }

    /** vgi.transport=tcp in the configuration (no flag): TCP:<host>:<port>, serve, exit 0 when idle. */
    @Test
    void servesTcpFromTheConfigurationAndExitsZeroWhenIdle() throws Exception {
        try (WorkerProcess w = WorkerProcess.start(tmp, "--vgi.transport=tcp", "--vgi.tcp.port=0",
                "--vgi.tcp.idle-timeout=500ms"); RootAllocator allocator = new RootAllocator()) {
            InputStream stdout = w.process.getInputStream();
            String line = WorkerProcess.readLine(stdout, START);
            assertThat(line).as("stderr: %s", w.tail()).startsWith("TCP:127.0.0.1:");
            int port = Integer.parseInt(line.substring(line.lastIndexOf(':') + 1));
            try (SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", port))) {
                GreeterClient client = new GreeterClient(new BufferedInputStream(Channels.newInputStream(ch)),
                        new BufferedOutputStream(Channels.newOutputStream(ch)), allocator);
                assertThat(client.greet("tcp")).isEqualTo("hello, tcp");
            }
            assertThat(w.exitStatus(EXIT)).as("stderr: %s", w.tail()).isZero();
            assertThat(stdout.readAllBytes()).isEmpty();
        }
    }

    /** --http: the application's own reactive web server, PORT:<n> the only line on stdout, SIGTERM ends it. */
    @Test
    void servesHttpOnTheGivenPortAndPrintsOnlyThePortLine() throws Exception {
        try (WorkerProcess w = WorkerProcess.start(tmp, "--http", "--port", "0", DEBUG)) {
            InputStream stdout = w.process.getInputStream();
            String line = WorkerProcess.readLine(stdout, START);
            assertThat(line).as("stderr: %s", w.tail()).matches("PORT:\\d+");
            int port = Integer.parseInt(line.substring(5));
            assertThat(port).isPositive();
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/vgi/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
            assertThat(health.body()).contains("Greeter");

            w.process.toHandle().destroy(); // SIGTERM
            w.exitStatus(EXIT);
            assertThat(new String(stdout.readAllBytes(), StandardCharsets.UTF_8)).as("stdout after the port line").isEmpty();
            assertThat(w.stderr()).contains(GreeterApplication.STRAY_PRINT).contains(GreeterApplication.DEBUG_LINE);
        }
    }

    /** No flag and stdin not a pipe (a container, a service manager): an ordinary Spring Boot application. */
    @Test
    void staysAnOrdinaryApplicationWhenStdinIsNotAPipe() throws Exception {
        try (WorkerProcess w = WorkerProcess.start(tmp, new File("/dev/null"), "--server.port=0")) {
            InputStream stdout = w.process.getInputStream();
            StringBuilder seen = new StringBuilder();
            long deadline = System.nanoTime() + START.toNanos();
            while (!seen.toString().contains("Started GreeterApplication") && System.nanoTime() < deadline) {
                String line = WorkerProcess.readLine(stdout, Duration.ofSeconds(1));
                seen.append(line).append('\n');
                assertThat(w.process.isAlive() || !line.isEmpty()).as("the application exited; stderr: %s", w.tail()).isTrue();
            }
            // Spring's own console output and the stray print stay on stdout, and the web server runs
            assertThat(seen.toString()).contains(GreeterApplication.STRAY_PRINT).contains("Netty started on port")
                    .contains("Started GreeterApplication");
            Thread.sleep(500);
            assertThat(w.process.isAlive()).isTrue();
        }
    }

    @Test
    void aMissingSocketPathFailsTheStart() throws Exception {
        try (WorkerProcess w = WorkerProcess.start(tmp, "--vgi.transport=unix")) {
            assertThat(w.exitStatus(START)).isNotZero();
            assertThat(w.process.getInputStream().readAllBytes()).isEmpty();
            assertThat(w.stderr()).contains("vgi.transport=unix needs vgi.unix.path");
        }
    }
}
