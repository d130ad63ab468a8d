package dev.vgi.core.rpc.transport;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.apache.arrow.memory.BufferAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.vgi.core.rpc.ByteStreamConnection;
import dev.vgi.core.rpc.RpcServer;
import dev.vgi.core.rpc.TransportKind;

/**
 * Serves vgi-rpc framing on a listening socket: an AF_UNIX socket (the launcher contract) or TCP.
 * After the listener is bound it prints exactly one discovery line ({@code UNIX:<path>} or
 * {@code TCP:<host>:<port>}) on stdout; every accepted connection gets its own thread and serve
 * loop. With an idle timeout it stops once no connection has been open for that long (before the
 * first client the wait is at least 60 s, for slow cold starts), and removes its socket file.
 */
public final class SocketTransport implements WorkerTransport {

    private static final Logger log = LoggerFactory.getLogger(SocketTransport.class);
    private static final int BUFFER = 64 * 1024;
    private static final int BACKLOG = 128;
    private static final long FIRST_CLIENT_GRACE_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final TransportKind kind;
    private final SocketAddress address;
    private final long idleTimeoutNanos;
    private final Consumer<String> discovery;

    private final AtomicInteger active = new AtomicInteger();
    private volatile long lastIdleSince = System.nanoTime();
    private volatile boolean anyClient;
    private volatile ServerSocketChannel listener;
    private volatile boolean stopped;

    private SocketTransport(TransportKind kind, SocketAddress address, double idleTimeoutSeconds, Consumer<String> discovery) {
        this.kind = kind;
        this.address = address;
        this.idleTimeoutNanos = idleTimeoutSeconds > 0 ? (long) (idleTimeoutSeconds * 1e9) : 0;
        this.discovery = discovery;
    }

    /** A Unix-socket transport at {@code path}; the discovery line goes to {@code discovery}. */
    public static SocketTransport unix(Path path, double idleTimeoutSeconds, Consumer<String> discovery) {
        return new SocketTransport(TransportKind.UNIX, UnixDomainSocketAddress.of(path.toAbsolutePath()), idleTimeoutSeconds, discovery);
    }

    /** A TCP transport on {@code host:port} (port 0 = any). */
    public static SocketTransport tcp(String host, int port, double idleTimeoutSeconds, Consumer<String> discovery) {
        return new SocketTransport(TransportKind.TCP, new InetSocketAddress(host, port), idleTimeoutSeconds, discovery);
    }

    /** Writes {@code line} and a newline to the real stdout, then keeps stdout for nothing else. */
    public static Consumer<String> stdoutDiscovery() {
        OutputStream out = StdioTransport.claimStdout();
        return line -> {
            try {
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                log.warn("could not write discovery line: {}", e.toString());
            }
        };
    }

    @Override
    public void serve(RpcServer server) throws IOException {
        Object inode = null;
        ServerSocketChannel channel;
        if (kind == TransportKind.UNIX) {
            Path path = ((UnixDomainSocketAddress) address).getPath();
            prepareUnixPath(path);
            channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            channel.bind(address, BACKLOG);
            try {
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException | IOException e) {
                log.debug("could not restrict socket permissions: {}", e.toString());
            }
            inode = Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            listener = channel;
            discovery.accept("UNIX:" + path);
        } else {
            channel = ServerSocketChannel.open();
            channel.bind(address, BACKLOG);
            listener = channel;
            InetSocketAddress bound = (InetSocketAddress) channel.getLocalAddress();
            discovery.accept("TCP:" + ((InetSocketAddress) address).getHostString() + ":" + bound.getPort());
        }
        AtomicInteger ids = new AtomicInteger();
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, "vgi-" + kind.label() + "-" + ids.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        ExecutorService pool = Executors.newCachedThreadPool(threads);
        if (stopped) {
            // stop() came before the listener existed: accept nothing
            channel.close();
        }
        Thread watchdog = idleTimeoutNanos > 0 ? startWatchdog() : null;
        try {
            while (true) {
                SocketChannel client;
                try {
                    client = channel.accept();
                } catch (ClosedChannelException e) {
                    break;
                }
                active.incrementAndGet();
                anyClient = true;
                pool.execute(() -> serveClient(server, client));
            }
        } finally {
            if (watchdog != null) {
                watchdog.interrupt();
            }
            pool.shutdown();
            try {
                if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
                    log.warn("connections still open at shutdown");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (kind == TransportKind.UNIX) {
                removeIfOurs(((UnixDomainSocketAddress) address).getPath(), inode);
            }
        }
    }

    /** Stops accepting; in-flight connections finish. Before {@link #serve} binds, makes it return at once. */
    @Override
    public void stop() {
        stopped = true;
        ServerSocketChannel l = listener;
        if (l != null) {
            try {
                l.close();
            } catch (IOException ignored) {
                // closing is best effort
            }
        }
    }

    private void serveClient(RpcServer server, SocketChannel client) {
        String remote = "";
        try {
            if (kind == TransportKind.TCP) {
                remote = String.valueOf(client.getRemoteAddress());
            }
            InputStream in = new BufferedInputStream(Channels.newInputStream(client), BUFFER);
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(client), BUFFER);
            try (BufferAllocator allocator = server.allocator().newChildAllocator("conn-" + Thread.currentThread().getName(), 0, Long.MAX_VALUE)) {
                new ByteStreamConnection(server, in, out, kind, remote, allocator).serve();
            }
        } catch (IOException | RuntimeException e) {
            log.warn("connection ended with an error: {}", e.toString());
        } finally {
            try {
                client.close();
            } catch (IOException ignored) {
                // already gone
            }
            if (active.decrementAndGet() == 0) {
                lastIdleSince = System.nanoTime();
            }
        }
    }

    private Thread startWatchdog() {
        long started = System.nanoTime();
        Thread t = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                long now = System.nanoTime();
                boolean idle = active.get() == 0;
                long waited = now - (anyClient ? lastIdleSince : started);
                long limit = anyClient ? idleTimeoutNanos : Math.max(idleTimeoutNanos, FIRST_CLIENT_GRACE_NANOS);
                if (idle && waited >= limit) {
                    log.info("idle for {} s; shutting down", limit / 1_000_000_000.0);
                    stop();
                    return;
                }
                try {
                    long sleep = Math.max(10_000_000L, Math.min(limit - waited, 1_000_000_000L));
                    TimeUnit.NANOSECONDS.sleep(idle ? sleep : 200_000_000L);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "vgi-idle-watchdog");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void prepareUnixPath(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!isSocket(path)) {
            throw new IOException("refusing to replace " + path + ": it exists and is not a socket");
        }
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            throw new IOException("another worker is already listening on " + path);
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("another worker")) {
                throw e;
            }
            Files.deleteIfExists(path);
        }
    }

    private static boolean isSocket(Path path) {
        try {
            Object mode = Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return mode instanceof Integer m && (m & 0170000) == 0140000;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    private static void removeIfOurs(Path path, Object inode) {
        try {
            Object now = Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            if (inode != null && inode.equals(now)) {
                Files.deleteIfExists(path);
            }
        } catch (IOException ignored) {
            // already removed
        }
    }
}
