package dev.vgi.spring.autoconfigure.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the process's standard input is connected to, as far as the worker launch cares: a client
 * that spawns a worker (DuckDB, {@code vgi-rpc-test --cmd}, the Python client) hands it a pipe or a
 * socket; a shell hands it a terminal, a container or service manager {@code /dev/null}.
 */
enum StdinKind {

    /** A pipe (FIFO). */
    PIPE,
    /** A socket (some process managers connect stdio with socket pairs). */
    SOCKET,
    /** A character device: a terminal or {@code /dev/null}. */
    DEVICE,
    /** A regular file ({@code < input}). */
    FILE,
    /** Anything else, or unknown (no {@code /dev/stdin}, e.g. on Windows, or stdin closed). */
    UNKNOWN;

    private static final int S_IFMT = 0170000;
    private static final int S_IFIFO = 0010000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFSOCK = 0140000;

    /** Whether this looks like a client's end of a spawned worker's stdin. */
    boolean spawnedByClient() {
        return this == PIPE || this == SOCKET;
    }

    /** The kind of this process's stdin. */
    static StdinKind detect() {
        return of(Path.of("/dev/stdin"));
    }

    /**
     * The kind of the file {@code path} names, following links: {@code /dev/stdin} leads to
     * {@code /proc/self/fd/0} on Linux and to the descriptor itself on macOS, so the mode is the
     * one of whatever fd 0 is open on.
     */
    static StdinKind of(Path path) {
        try {
            Object mode = Files.getAttribute(path, "unix:mode");
            if (!(mode instanceof Integer m)) {
                return UNKNOWN;
            }
            return switch (m & S_IFMT) {
                case S_IFIFO -> PIPE;
                case S_IFSOCK -> SOCKET;
                case S_IFCHR -> DEVICE;
                case S_IFREG -> FILE;
                default -> UNKNOWN;
            };
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | SecurityException e) {
            return UNKNOWN;
        }
    }
}
