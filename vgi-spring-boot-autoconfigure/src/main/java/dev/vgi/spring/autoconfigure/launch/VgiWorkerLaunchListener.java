package dev.vgi.spring.autoconfigure.launch;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.event.ApplicationStartingEvent;
import org.springframework.boot.logging.DeferredLog;
import org.springframework.boot.support.EnvironmentPostProcessorApplicationListener;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.SmartApplicationListener;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;

import dev.vgi.core.rpc.transport.SocketTransport;
import dev.vgi.core.rpc.transport.StdioTransport;
import dev.vgi.spring.autoconfigure.VgiProperties.Transport;

/**
 * Makes a Spring Boot application a VGI worker when it is launched as one, before its context
 * exists. Registered in {@code META-INF/spring.factories}, it sees every {@code SpringApplication}
 * run:
 * <ul>
 * <li>on {@link ApplicationStartingEvent}, if the command line holds a worker flag, it takes stdout
 * at once ({@link StdioTransport#claimStdout()}: {@code System.out} goes to stderr from then on);</li>
 * <li>on {@link ApplicationEnvironmentPreparedEvent} it decides the {@link WorkerLaunchPlan} from
 * the command line, the configuration and stdin. For a worker it takes stdout (if the flags did not
 * already) and puts the plan's properties ahead of every other property source: no web server in
 * stdio/unix/tcp modes ({@code spring.main.web-application-type=none}), a reactive one for http,
 * no banner, no start-up info, and the transport settings the flags carry;</li>
 * <li>on {@link ApplicationReadyEvent}, in http mode, it prints {@code PORT:<n>} on the real
 * stdout.</li>
 * </ul>
 *
 * <p>It is an {@code ApplicationListener}, not an {@code EnvironmentPostProcessor} or a
 * {@code SpringApplicationRunListener}, because it has to run between two of Boot's own listeners:
 * after {@link EnvironmentPostProcessorApplicationListener} has loaded the configuration files (so
 * {@code vgi.transport} in {@code application.properties} counts) and before the
 * {@code LoggingApplicationListener} initializes logging (so the console appender, which writes to
 * whatever {@code System.out} is, and the banner never reach the protocol stream). Environment
 * post-processors are not given the command line; a run listener's {@code environmentPrepared}
 * runs wholly before or wholly after both.
 */
public final class VgiWorkerLaunchListener implements SmartApplicationListener {

    /**
     * The listener's order: after {@link EnvironmentPostProcessorApplicationListener#DEFAULT_ORDER}
     * and before {@code LoggingApplicationListener.DEFAULT_ORDER} (which is 10 later).
     */
    public static final int ORDER = EnvironmentPostProcessorApplicationListener.DEFAULT_ORDER + 5;

    /** Name of the property source the launch adds. */
    public static final String PROPERTY_SOURCE_NAME = "vgiWorkerLaunch";

    private static final String WEB_SERVER_CONTEXT = "org.springframework.boot.web.server.context.WebServerApplicationContext";

    private final DeferredLog log = new DeferredLog();
    private final Supplier<StdinKind> stdin;
    private volatile WorkerLaunchPlan plan;
    private boolean claimed;

    /** Creates the listener (instantiated by Spring Boot from {@code spring.factories}). */
    public VgiWorkerLaunchListener() {
        this(StdinKind::detect);
    }

    VgiWorkerLaunchListener(Supplier<StdinKind> stdin) {
        this.stdin = stdin;
    }

    @Override
    public boolean supportsEventType(Class<? extends ApplicationEvent> type) {
        return ApplicationStartingEvent.class.isAssignableFrom(type)
                || ApplicationEnvironmentPreparedEvent.class.isAssignableFrom(type)
                || ApplicationPreparedEvent.class.isAssignableFrom(type)
                || ApplicationReadyEvent.class.isAssignableFrom(type)
                || ApplicationFailedEvent.class.isAssignableFrom(type);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        if (event instanceof ApplicationStartingEvent starting) {
            if (WorkerLaunchPlan.selectsTransport(starting.getArgs())) {
                // the flags make this a worker whatever the configuration says: nothing may print from here on
                claim();
            }
        } else if (event instanceof ApplicationEnvironmentPreparedEvent prepared) {
            environmentPrepared(prepared);
        } else if (event instanceof ApplicationPreparedEvent || event instanceof ApplicationFailedEvent) {
            // logging is initialized by now (or the run failed): hand over what was said before
            log.replayTo(VgiWorkerLaunchListener.class);
        } else if (event instanceof ApplicationReadyEvent ready) {
            WorkerLaunchPlan p = plan;
            if (p != null && p.transport() == Transport.HTTP) {
                printPort(ready.getApplicationContext());
            }
        }
    }

    /** The plan of the last run, or {@code null} before its environment was prepared. */
    WorkerLaunchPlan plan() {
        return plan;
    }

    private void environmentPrepared(ApplicationEnvironmentPreparedEvent event) {
        WorkerLaunchPlan p;
        try {
            p = WorkerLaunchPlan.decide(event.getArgs(), event.getEnvironment(), stdin.get());
        } catch (IllegalArgumentException e) {
            // a worker was asked for but cannot start: its client reads stdout, so the report goes to stderr
            claim();
            throw new IllegalStateException("VGI worker launch: " + e.getMessage(), e);
        }
        plan = p;
        if (!p.worker()) {
            log.debug("Not serving a VGI worker transport: " + p.reason());
            return;
        }
        claim();
        event.getEnvironment().getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE_NAME, p.properties()));
        String hint = p.reason().startsWith("vgi.transport=auto")
                ? "; start with --http or set vgi.transport=none to run as an ordinary application" : "";
        log.info("Serving the VGI worker protocol on " + p.transport().name().toLowerCase(Locale.ROOT) + " ("
                + p.reason() + "); stdout is reserved for the protocol, logs and System.out go to stderr" + hint);
        String[] args = event.getArgs() == null ? new String[0] : event.getArgs();
        if (Arrays.stream(args).anyMatch(a -> a.equals("--access-log") || a.startsWith("--access-log="))) {
            log.warn("--access-log is not supported by the Spring Boot starter yet and is ignored");
        }
    }

    private void claim() {
        if (!claimed) {
            claimed = true;
            StdioTransport.claimStdout();
        }
    }

    private static void printPort(ApplicationContext context) {
        int port = ClassUtils.isPresent(WEB_SERVER_CONTEXT, VgiWorkerLaunchListener.class.getClassLoader())
                ? WebServerPort.of(context) : -1;
        if (port < 0) {
            throw new IllegalStateException("VGI worker launch: --http (vgi.transport=http) needs a reactive web server; "
                    + "add spring-boot-starter-webflux (the VGI starter brings it)");
        }
        SocketTransport.stdoutDiscovery().accept("PORT:" + port);
    }

    /** Kept apart so that the web server classes are only loaded when they are present. */
    private static final class WebServerPort {
        static int of(ApplicationContext context) {
            return context instanceof org.springframework.boot.web.server.context.WebServerApplicationContext web
                    && web.getWebServer() != null ? web.getWebServer().getPort() : -1;
        }
    }
}
