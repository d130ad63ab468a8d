package dev.vgi.spring.autoconfigure.launch;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.vgi.spring.autoconfigure.launch.app.GreeterApplication;

/**
 * {@link GreeterApplication} in a child JVM on this test class path, stdin and stdout piped to the
 * test as a client's would be, stderr to a file.
 */
final class WorkerProcess implements AutoCloseable {

    final Process process;
    final Path stderr;

    private WorkerProcess(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
    }

    /** The command line that runs the application with {@code args}. */
    static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-opens=java.base/java.nio=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                GreeterApplication.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    static WorkerProcess start(Path dir, String... args) throws IOException {
        return start(dir, null, args);
    }

    /** Starts the application; {@code stdin}, if given, is where its stdin comes from instead of a pipe. */
    static WorkerProcess start(Path dir, File stdin, String... args) throws IOException {
        Path err = Files.createTempFile(dir, "worker-", ".stderr");
        ProcessBuilder pb = new ProcessBuilder(command(args)).redirectError(err.toFile());
        if (stdin != null) {
            pb.redirectInput(stdin);
        }
        return new WorkerProcess(pb.start(), err);
    }

    /** What the worker wrote on stderr so far. */
    String stderr() throws IOException {
        return Files.readString(stderr);
    }

    /** Waits for the process to exit and returns its status, or fails after {@code timeout}. */
    int exitStatus(Duration timeout) throws Exception {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the worker did not exit within " + timeout + "; stderr:\n" + tail());
        }
        return process.exitValue();
    }

    /** The end of stderr, for failure messages. */
    String tail() throws IOException {
        String all = stderr();
        return all.length() > 6000 ? all.substring(all.length() - 6000) : all;
    }

    /** Reads one line from {@code in}, giving up after {@code timeout} (returns what it has). */
    static String readLine(InputStream in, Duration timeout) throws IOException, InterruptedException {
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

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
