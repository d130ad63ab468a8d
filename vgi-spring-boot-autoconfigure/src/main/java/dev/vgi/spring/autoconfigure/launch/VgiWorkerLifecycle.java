package dev.vgi.spring.autoconfigure.launch;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;

import dev.vgi.core.rpc.RpcServer;
import dev.vgi.core.rpc.transport.StdioTransport;
import dev.vgi.core.rpc.transport.WorkerTransport;

/**
 * Serves the worker's {@link RpcServer} on a byte-stream {@link WorkerTransport} (stdio, Unix
 * socket, TCP) for as long as the application runs, and ends the application when the transport
 * ends: on stdin EOF or idle timeout it closes the context with {@link SpringApplication#exit} and
 * exits the JVM with that status (0 unless an {@code ExitCodeGenerator} says otherwise); if
 * serving fails it exits with 1.
 *
 * <p>A {@link SmartLifecycle} rather than a {@code CommandLineRunner}, because a worker transport is
 * a server and this is how Boot runs servers: it starts in the embedded web server's phase at the
 * end of the refresh and is stopped first when the context closes ({@code SIGTERM}), while a
 * runner that blocks would hold the main thread inside {@code SpringApplication.run}, keep the
 * application from ever becoming ready ({@code ApplicationReadyEvent}, readiness probes, runners
 * ordered after it) and leave nothing to stop on shutdown. As with the web server, requests can
 * arrive before the application runners have run.
 *
 * <p>The transport is served on a daemon thread, because a blocked read of stdin cannot be
 * interrupted; a non-daemon keep-alive thread holds the JVM up until the context is closed or the
 * transport ends, so a worker without a web server does not exit when {@code main} returns.
 */
public final class VgiWorkerLifecycle implements SmartLifecycle, ApplicationListener<ApplicationReadyEvent> {

    /** The phase of Boot's embedded web server ({@code WebServerStartStopLifecycle}). */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 2048;

    /** How long {@link #stop()} waits for a socket transport to finish its in-flight connections. */
    private static final long STOP_WAIT_SECONDS = 12;

    private static final Log log = LogFactory.getLog(VgiWorkerLifecycle.class);

    private final RpcServer server;
    private final WorkerTransport transport;
    private final ConfigurableApplicationContext context;
    private final IntConsumer exit;

    private final CountDownLatch ready = new CountDownLatch(1);
    private final CountDownLatch served = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile boolean running;
    private volatile boolean stopping;
    private volatile Thread serving;

    /**
     * Creates the lifecycle.
     *
     * @param server what to serve
     * @param transport where to serve it
     * @param context the application context, closed when the transport ends
     */
    public VgiWorkerLifecycle(RpcServer server, WorkerTransport transport, ConfigurableApplicationContext context) {
        this(server, transport, context, System::exit);
    }

    VgiWorkerLifecycle(RpcServer server, WorkerTransport transport, ConfigurableApplicationContext context, IntConsumer exit) {
        this.server = server;
        this.transport = transport;
        this.context = context;
        this.exit = exit;
    }

    /** The transport served. */
    public WorkerTransport transport() {
        return transport;
    }

    @Override
    public synchronized void start() {
        if (running || stopping) {
            return;
        }
        running = true;
        Thread keepAlive = new Thread(this::awaitRelease, "vgi-worker-keep-alive");
        keepAlive.setDaemon(false);
        keepAlive.start();
        Thread t = new Thread(this::serve, "vgi-worker");
        t.setDaemon(true);
        serving = t;
        t.start();
    }

    private void serve() {
        int status = 0;
        try {
            transport.serve(server);
            log.debug("The VGI worker transport ended");
        } catch (Exception | Error e) {
            if (!stopping) {
                log.error("The VGI worker transport failed", e);
            }
            status = 1;
        } finally {
            served.countDown();
        }
        // a transport that ends before the application is ready (stdin closed at once) waits for
        // the start-up to finish, so that closing the context does not race SpringApplication.run
        try {
            ready.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (stopping) {
            // the context is closing (SIGTERM, or an application that closed itself): it exits on its own
            return;
        }
        int exitStatus = status;
        int code = SpringApplication.exit(context, () -> exitStatus);
        // the keep-alive thread stays until the JVM exits: were it released first, the JVM could
        // end on its own with status 0 before System.exit reports this one
        exit.accept(code);
        released.countDown();
    }

    private void awaitRelease() {
        try {
            released.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        if (event.getApplicationContext() == context) {
            ready.countDown();
        }
    }

    @Override
    public void stop() {
        synchronized (this) {
            if (!running) {
                return;
            }
            running = false;
        }
        boolean fromTransport = Thread.currentThread() == serving;
        if (!fromTransport) {
            stopping = true;
        }
        ready.countDown();
        transport.stop();
        if (!fromTransport && !(transport instanceof StdioTransport)) {
            // let a socket transport finish its connections and remove its socket file before the
            // allocator is closed; stdio cannot be interrupted, so it is not waited for
            try {
                if (!served.await(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                    log.warn("The VGI worker transport did not stop within " + STOP_WAIT_SECONDS + " s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!fromTransport) {
            released.countDown();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
