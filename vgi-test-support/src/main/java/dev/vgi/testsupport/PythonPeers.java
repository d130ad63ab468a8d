package dev.vgi.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real peers the integration tests run against (the {@code vgi-rpc-test} conformance CLI, the
 * reference Python client and pytest), installed from PyPI into a Python 3.13 venv at exactly the
 * versions pinned in {@code .ci/requirements.txt}. The venv is created on first use and reused while
 * the pins are unchanged, so a clean checkout needs nothing but a JDK and Python 3.13.
 *
 * <p>{@code VGI_PEERS_VENV} overrides the venv location (default {@code .venv-peers/} in the
 * repository root).
 */
public final class PythonPeers {

    private static Path venv;

    private PythonPeers() {
    }

    /** The repository root (the directory holding {@code .ci/requirements.txt}). */
    public static Path repoRoot() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve(".ci/requirements.txt"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException(".ci/requirements.txt not found above " + System.getProperty("user.dir"));
        }
        return dir;
    }

    /** The path of an executable in the peers venv, installing the venv first if needed. */
    public static synchronized Path bin(String name) throws IOException, InterruptedException {
        return ensure().resolve("bin").resolve(name);
    }

    /** The {@code java} launcher of the JDK running the tests. */
    public static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    private static Path ensure() throws IOException, InterruptedException {
        if (venv != null) {
            return venv;
        }
        Path root = repoRoot();
        String configured = System.getenv("VGI_PEERS_VENV");
        Path dir = configured != null && !configured.isBlank() ? Path.of(configured) : root.resolve(".venv-peers");
        Path requirements = root.resolve(".ci/requirements.txt");
        String pins = sha256(Files.readAllBytes(requirements));
        Path stamp = dir.resolve(".pins-sha256");
        if (!Files.exists(stamp) || !Files.readString(stamp).trim().equals(pins)) {
            if (!Files.exists(dir.resolve("bin/python"))) {
                run(List.of("python3.13", "-m", "venv", dir.toString()), root);
            }
            run(List.of(dir.resolve("bin/python").toString(), "-m", "pip", "install", "--disable-pip-version-check", "-q",
                    "-r", requirements.toString()), root);
            Files.writeString(stamp, pins);
        }
        venv = dir;
        return dir;
    }

    private static void run(List<String> command, Path dir) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).inheritIO();
        pb.environment().putIfAbsent("PYENV_VERSION", "3.13.0");
        Process p = pb.start();
        if (!p.waitFor(15, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("command failed: " + String.join(" ", command));
        }
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Decodes UTF-8 bytes. */
    public static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
