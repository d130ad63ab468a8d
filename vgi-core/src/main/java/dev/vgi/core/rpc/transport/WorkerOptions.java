package dev.vgi.core.rpc.transport;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.vgi.core.rpc.http.HttpAuthenticator;

/**
 * The worker command line shared by every vgi-rpc worker: no flag serves stdio; {@code --unix PATH
 * [--idle-timeout SEC]} the launcher contract; {@code --tcp [HOST:]PORT}; {@code --http [--host H]
 * [--port N]}. Flags this class does not know are kept, in order, for the application
 * ({@link #extra()}).
 */
public final class WorkerOptions {

    /** The transport selected by the flags. */
    public enum Mode {
        /** stdin/stdout. */
        STDIO,
        /** AF_UNIX socket. */
        UNIX,
        /** TCP socket. */
        TCP,
        /** HTTP server. */
        HTTP
    }

    /** Reference default for {@code --idle-timeout}, in seconds. */
    public static final double DEFAULT_IDLE_TIMEOUT_SECONDS = 300;

    private Mode mode = Mode.STDIO;
    private boolean selected;
    private Path unixPath;
    private String host = "127.0.0.1";
    private int port;
    private double idleTimeoutSeconds = DEFAULT_IDLE_TIMEOUT_SECONDS;
    private Path accessLog;
    private HttpAuthenticator httpAuthenticator;
    private final Map<String, String> extra = new LinkedHashMap<>();
    private final List<String> flags = new ArrayList<>();

    private WorkerOptions() {
    }

    /**
     * Parses {@code args}.
     *
     * @throws IllegalArgumentException when a flag is malformed or two transports are selected
     */
    public static WorkerOptions parse(String... args) {
        WorkerOptions o = new WorkerOptions();
        String env = System.getenv("VGI_RPC_IDLE_TIMEOUT");
        if (env != null && !env.isBlank()) {
            o.idleTimeoutSeconds = parseSeconds(env.trim(), "VGI_RPC_IDLE_TIMEOUT");
        }
        boolean portGiven = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String inline = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                inline = a.substring(eq + 1);
                a = a.substring(0, eq);
            }
            switch (a) {
                case "--http" -> {
                    o.select(Mode.HTTP);
                    String next = inline != null ? inline : (i + 1 < args.length && args[i + 1].matches("\\d+") ? args[++i] : null);
                    if (next != null) {
                        o.port = parsePort(next);
                        portGiven = true;
                    }
                }
                case "--unix" -> {
                    o.select(Mode.UNIX);
                    o.unixPath = Path.of(value(args, i, inline, a)).toAbsolutePath();
                    if (inline == null) {
                        i++;
                    }
                }
                case "--tcp" -> {
                    o.select(Mode.TCP);
                    String v = value(args, i, inline, a);
                    if (inline == null) {
                        i++;
                    }
                    int colon = v.lastIndexOf(':');
                    if (colon >= 0) {
                        if (colon > 0) {
                            o.host = v.substring(0, colon);
                        }
                        o.port = parsePort(v.substring(colon + 1));
                    } else {
                        o.port = parsePort(v);
                    }
                }
                case "--host" -> {
                    o.host = value(args, i, inline, a);
                    if (inline == null) {
                        i++;
                    }
                }
                case "--port" -> {
                    o.port = parsePort(value(args, i, inline, a));
                    portGiven = true;
                    if (inline == null) {
                        i++;
                    }
                }
                case "--idle-timeout" -> {
                    o.idleTimeoutSeconds = parseSeconds(value(args, i, inline, a), a);
                    if (inline == null) {
                        i++;
                    }
                }
                case "--access-log" -> {
                    o.accessLog = Path.of(value(args, i, inline, a));
                    if (inline == null) {
                        i++;
                    }
                }
                case "--pipe", "--stdio" -> o.select(Mode.STDIO);
                default -> {
                    if (a.startsWith("--")) {
                        String v = inline;
                        if (v == null && i + 1 < args.length && !args[i + 1].startsWith("--")) {
                            v = args[++i];
                        }
                        o.extra.put(a, v == null ? "" : v);
                    }
                    o.flags.add(args[i]);
                }
            }
        }
        if (portGiven && !o.selected) {
            o.mode = Mode.HTTP;
        }
        return o;
    }

    private void select(Mode m) {
        if (selected && mode != m) {
            throw new IllegalArgumentException("choose one transport: --" + mode.name().toLowerCase() + " and --" + m.name().toLowerCase());
        }
        mode = m;
        selected = true;
    }

    private static String value(String[] args, int i, String inline, String flag) {
        if (inline != null) {
            return inline;
        }
        if (i + 1 >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i + 1];
    }

    private static int parsePort(String v) {
        try {
            int p = Integer.parseInt(v.trim());
            if (p < 0 || p > 65535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid port: " + v);
        }
    }

    private static double parseSeconds(String v, String flag) {
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " takes seconds, got: " + v);
        }
    }

    /** The selected transport. */
    public Mode mode() {
        return mode;
    }

    /** The socket path for {@link Mode#UNIX}. */
    public Path unixPath() {
        return unixPath;
    }

    /** Bind host for TCP and HTTP. */
    public String host() {
        return host;
    }

    /** Port for TCP and HTTP; 0 lets the OS choose. */
    public int port() {
        return port;
    }

    /** Idle timeout in seconds for socket modes; 0 or less means never. */
    public double idleTimeoutSeconds() {
        return idleTimeoutSeconds;
    }

    /** Access-log path, or {@code null}. */
    public Path accessLog() {
        return accessLog;
    }

    /**
     * Sets the authenticator for {@link Mode#HTTP} requests, something no flag can express; the
     * default {@code null} serves every caller anonymously. Byte-stream transports ignore it.
     *
     * @return these options
     */
    public WorkerOptions httpAuthenticator(HttpAuthenticator authenticator) {
        this.httpAuthenticator = authenticator;
        return this;
    }

    /** The authenticator for HTTP requests, or {@code null}. */
    public HttpAuthenticator httpAuthenticator() {
        return httpAuthenticator;
    }

    /** Flags not understood here, with their values ({@code ""} for bare flags). */
    public Map<String, String> extra() {
        return Collections.unmodifiableMap(extra);
    }

    /** Whether the unrecognised flag {@code flag} was given. */
    public boolean has(String flag) {
        return extra.containsKey(flag);
    }
}
