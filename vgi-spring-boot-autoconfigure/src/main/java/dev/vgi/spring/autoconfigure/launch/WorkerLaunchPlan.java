package dev.vgi.spring.autoconfigure.launch;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

import dev.vgi.core.rpc.transport.WorkerOptions;
import dev.vgi.spring.autoconfigure.VgiProperties;
import dev.vgi.spring.autoconfigure.VgiProperties.Transport;

/**
 * How one run of the application serves the worker protocol, decided from the command line, the
 * {@code vgi.*} properties and what stdin is, before the application context exists.
 *
 * <p>The rule, in order:
 * <ol>
 * <li>A worker flag on the command line ({@code --stdio}/{@code --pipe}, {@code --unix PATH},
 * {@code --tcp [HOST:]PORT}, {@code --http [PORT]}, {@code --port N}) decides, with its values;
 * nothing in the configuration overrides it.</li>
 * <li>Otherwise {@code vgi.transport}, when it is not {@code auto}, decides, with
 * {@code vgi.unix.*}/{@code vgi.tcp.*}.</li>
 * <li>Otherwise ({@code auto}) the application serves stdin/stdout when it was spawned by a
 * client: stdin is a pipe or a socket, {@code spring.main.web-application-type} is not set to
 * {@code reactive} or {@code servlet}, and the run is not a {@code @SpringBootTest}. Else it is an
 * ordinary Spring Boot application and no worker transport starts.</li>
 * </ol>
 *
 * @param transport the transport to serve; {@link Transport#NONE} when the application is not a worker
 * @param reason why, for the log
 * @param properties what the launch contributes to the environment, ahead of every other source
 */
record WorkerLaunchPlan(Transport transport, String reason, Map<String, Object> properties) {

    /** Flags that select a transport (the value forms {@code --flag=value} count too). */
    private static final Set<String> TRANSPORT_FLAGS = Set.of("--stdio", "--pipe", "--unix", "--tcp", "--http", "--port");

    /** A property only {@code @SpringBootTest} contexts carry. */
    static final String SPRING_BOOT_TEST_MARKER = "org.springframework.boot.test.context.SpringBootTestContextBootstrapper";

    WorkerLaunchPlan {
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /** Whether the application serves a worker transport this run. */
    boolean worker() {
        return transport != Transport.NONE;
    }

    /** Whether {@code args} holds a flag that selects a transport. */
    static boolean selectsTransport(String[] args) {
        return args != null && List.of(args).stream().anyMatch(a -> TRANSPORT_FLAGS.contains(name(a)));
    }

    /**
     * Decides the plan.
     *
     * @param args the application's command line
     * @param environment the prepared environment (configuration files, profiles and environment variables loaded)
     * @param stdin what stdin is
     * @throws IllegalArgumentException when a worker flag is malformed or a selected transport lacks a setting
     */
    static WorkerLaunchPlan decide(String[] args, Environment environment, StdinKind stdin) {
        String[] argv = args == null ? new String[0] : args;
        if (selectsTransport(argv)) {
            return fromFlags(argv, WorkerOptions.parse(argv));
        }
        Binder binder = Binder.get(environment);
        Transport configured = binder.bind("vgi.transport", Transport.class).orElse(Transport.AUTO);
        return switch (configured) {
            case AUTO -> auto(environment, stdin);
            case NONE -> none("vgi.transport=none");
            case STDIO -> new WorkerLaunchPlan(Transport.STDIO, "vgi.transport=stdio", byteStream(Transport.STDIO));
            case UNIX -> {
                VgiProperties.Unix unix = binder.bind("vgi.unix", VgiProperties.Unix.class).orElseGet(VgiProperties.Unix::new);
                if (unix.getPath() == null) {
                    throw new IllegalArgumentException("vgi.transport=unix needs vgi.unix.path");
                }
                yield new WorkerLaunchPlan(Transport.UNIX, "vgi.transport=unix", byteStream(Transport.UNIX));
            }
            case TCP -> new WorkerLaunchPlan(Transport.TCP, "vgi.transport=tcp", byteStream(Transport.TCP));
            case HTTP -> new WorkerLaunchPlan(Transport.HTTP, "vgi.transport=http", http(Map.of()));
        };
    }

    private static WorkerLaunchPlan auto(Environment environment, StdinKind stdin) {
        if (environment.containsProperty(SPRING_BOOT_TEST_MARKER)) {
            return none("vgi.transport=auto in a @SpringBootTest");
        }
        String webType = environment.getProperty("spring.main.web-application-type");
        if (webType != null && !webType.isBlank() && !webType.trim().equalsIgnoreCase("none")) {
            return none("vgi.transport=auto and spring.main.web-application-type=" + webType.trim().toLowerCase(Locale.ROOT));
        }
        if (!stdin.spawnedByClient()) {
            return none("vgi.transport=auto and stdin is " + describe(stdin) + ", not a client's pipe");
        }
        return new WorkerLaunchPlan(Transport.STDIO, "vgi.transport=auto and stdin is " + describe(stdin), byteStream(Transport.STDIO));
    }

    private static WorkerLaunchPlan fromFlags(String[] args, WorkerOptions options) {
        Map<String, Object> p = new LinkedHashMap<>();
        String serverId = options.extra().get("--server-id");
        if (serverId != null && !serverId.isBlank()) {
            p.put("vgi.server-id", serverId);
        }
        String reason = "command line " + flagOf(options.mode());
        return switch (options.mode()) {
            case STDIO -> {
                p.putAll(byteStream(Transport.STDIO));
                yield new WorkerLaunchPlan(Transport.STDIO, reason, p);
            }
            case UNIX -> {
                p.putAll(byteStream(Transport.UNIX));
                p.put("vgi.unix.path", options.unixPath().toString());
                p.put("vgi.unix.idle-timeout", duration(options.idleTimeoutSeconds()));
                yield new WorkerLaunchPlan(Transport.UNIX, reason, p);
            }
            case TCP -> {
                p.putAll(byteStream(Transport.TCP));
                p.put("vgi.tcp.host", options.host());
                p.put("vgi.tcp.port", Integer.toString(options.port()));
                p.put("vgi.tcp.idle-timeout", duration(options.idleTimeoutSeconds()));
                yield new WorkerLaunchPlan(Transport.TCP, reason, p);
            }
            case HTTP -> {
                p.putAll(http(httpFlags(args, options)));
                yield new WorkerLaunchPlan(Transport.HTTP, reason, p);
            }
        };
    }

    /** What every byte-stream mode needs: no web server, nothing of Spring's own on stdout. */
    private static Map<String, Object> byteStream(Transport transport) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("spring.main.web-application-type", "none");
        quiet(p);
        p.put("vgi.transport", transport.name().toLowerCase(Locale.ROOT));
        return p;
    }

    private static Map<String, Object> http(Map<String, Object> flags) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("spring.main.web-application-type", "reactive");
        quiet(p);
        p.put("vgi.transport", "http");
        p.putAll(flags);
        return p;
    }

    private static void quiet(Map<String, Object> p) {
        p.put("spring.main.banner-mode", "off");
        p.put("spring.main.log-startup-info", "false");
    }

    /**
     * The properties the HTTP flags imply. The application's own {@code server.port},
     * {@code server.address} and {@code vgi.http.base-path} stay unless {@code --port} (or
     * {@code --http N}), {@code --host} or {@code --prefix} override them; the other worker flags
     * ({@code --token-key}, {@code --max-request-bytes}, ...) map as for plain workers.
     */
    private static Map<String, Object> httpFlags(String[] args, WorkerOptions options) {
        Map<String, Object> p = new LinkedHashMap<>();
        if (given(args, "--port") || httpPortGiven(args)) {
            p.put("server.port", Integer.toString(options.port()));
        }
        if (given(args, "--host")) {
            p.put("server.address", options.host());
        }
        for (String a : SpringHttpTransportProvider.arguments(options)) {
            int eq = a.indexOf('=');
            String key = a.substring(2, eq);
            if (key.startsWith("vgi.http.") && (!key.equals("vgi.http.base-path") || options.has("--prefix"))) {
                p.put(key, a.substring(eq + 1));
            }
        }
        return p;
    }

    private static WorkerLaunchPlan none(String reason) {
        return new WorkerLaunchPlan(Transport.NONE, reason, Map.of());
    }

    private static String duration(double seconds) {
        if (!(seconds > 0) || Double.isInfinite(seconds)) {
            return "0s";
        }
        return Math.round(seconds * 1000) + "ms";
    }

    /** Whether {@code flag} is given, bare or as {@code --flag=value}. */
    private static boolean given(String[] args, String flag) {
        return List.of(args).stream().anyMatch(a -> name(a).equals(flag));
    }

    private static boolean httpPortGiven(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--http=") || (args[i].equals("--http") && i + 1 < args.length && args[i + 1].matches("\\d+"))) {
                return true;
            }
        }
        return false;
    }

    private static String name(String arg) {
        int eq = arg.indexOf('=');
        return arg.startsWith("--") && eq > 0 ? arg.substring(0, eq) : arg;
    }

    private static String flagOf(WorkerOptions.Mode mode) {
        return "--" + mode.name().toLowerCase(Locale.ROOT);
    }

    private static String describe(StdinKind stdin) {
        return switch (stdin) {
            case PIPE -> "a pipe";
            case SOCKET -> "a socket";
            case DEVICE -> "a terminal or /dev/null";
            case FILE -> "a file";
            case UNKNOWN -> "of unknown kind";
        };
    }
}
