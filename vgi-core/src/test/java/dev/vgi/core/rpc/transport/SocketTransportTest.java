package dev.vgi.core.rpc.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.vgi.core.rpc.RpcServer;
import dev.vgi.core.rpc.RpcService;
import dev.vgi.core.rpc.UnaryMethod;
import dev.vgi.core.rpc.WireKeys;
import dev.vgi.core.rpc.ipc.BatchMetadata;
import dev.vgi.core.rpc.ipc.IpcMessageReader;
import dev.vgi.core.rpc.ipc.IpcStreamReader;
import dev.vgi.core.rpc.ipc.IpcStreamWriter;

/**
 * The socket transports end to end: discovery lines, concurrent connections, the launcher's bind
 * rules for the socket path, and idle shutdown. Waits are bounded joins and queue polls, never sleeps
 * used for ordering; the only timed waits assert that the server is still running.
 */
class SocketTransportTest {

    private static final long TIMEOUT_S = 15;
    private static final Field VALUE = new Field("value", FieldType.notNullable(new ArrowType.Int(64, true)), null);
    private static final Schema PARAMS = new Schema(List.of(VALUE));

    @TempDir
    Path dir;

    private RootAllocator root;
    private RpcServer server;
    private CyclicBarrier barrier;
    private final List<Running> running = new ArrayList<>();

    /** A transport serving on a background thread. */
    private record Running(SocketTransport transport, Thread thread, BlockingQueue<String> discovery,
            AtomicReference<Throwable> failure) {
        String line() throws InterruptedException {
            String l = discovery.poll(TIMEOUT_S, TimeUnit.SECONDS);
            assertNotNull(l, "no discovery line; serve failed with " + failure.get());
            return l;
        }

        boolean endsWithin(long millis) throws InterruptedException {
            thread.join(millis);
            return !thread.isAlive();
        }
    }

    @BeforeEach
    void setUp() {
        root = new RootAllocator();
        barrier = new CyclicBarrier(2);
        RpcService service = RpcService.builder("Test")
                .method(UnaryMethod.of("echo", PARAMS, VALUE, (ctx, params, result) ->
                        ((BigIntVector) result.getVector(0)).setSafe(0, ((BigIntVector) params.getVector(0)).get(0))))
                // returns only once two calls are inside it at the same time
                .method(UnaryMethod.of("rendezvous", PARAMS, VALUE, (ctx, params, result) -> {
                    barrier.await(TIMEOUT_S, TimeUnit.SECONDS);
                    ((BigIntVector) result.getVector(0)).setSafe(0, ((BigIntVector) params.getVector(0)).get(0));
                }))
                .build();
        server = new RpcServer(List.of(service), "abcdefabcdef", root);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        for (Running r : running) {
            r.transport().stop();
            assertTrue(r.endsWithin(TimeUnit.SECONDS.toMillis(TIMEOUT_S)), "serve() did not return after stop()");
            assertNull(r.failure().get(), "serve() failed");
        }
        assertEquals(0, root.getAllocatedMemory(), "Arrow memory leaked");
        root.close();
    }

    /** Creates a transport reporting into a fresh discovery queue and serves it on a background thread. */
    private Running start(Function<Consumer<String>, SocketTransport> factory) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        SocketTransport transport = factory.apply(lines::add);
        Thread t = new Thread(() -> {
            try {
                transport.serve(server);
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "socket-transport-test");
        t.setDaemon(true);
        Running r = new Running(transport, t, lines, failure);
        running.add(r);
        t.start();
        return r;
    }

    private Running startUnix(Path path, double idleSeconds) {
        return start(d -> SocketTransport.unix(path, idleSeconds, d));
    }

    /** A connected client doing lockstep calls. */
    private final class Client implements AutoCloseable {
        final SocketChannel channel;
        final OutputStream out;
        final IpcMessageReader in;

        Client(SocketAddress address) throws IOException {
            channel = address instanceof UnixDomainSocketAddress ? SocketChannel.open(StandardProtocolFamily.UNIX)
                    : SocketChannel.open();
            channel.connect(address);
            out = new BufferedOutputStream(Channels.newOutputStream(channel));
            InputStream is = new BufferedInputStream(Channels.newInputStream(channel));
            in = new IpcMessageReader(is);
        }

        long call(String method, long value) throws IOException {
            Map<String, String> md = new LinkedHashMap<>();
            md.put(WireKeys.METHOD, method);
            md.put(WireKeys.REQUEST_VERSION, WireKeys.REQUEST_VERSION_VALUE);
            md.put(WireKeys.PROTOCOL, "Test");
            IpcStreamWriter w = new IpcStreamWriter(out);
            try (VectorSchemaRoot r = VectorSchemaRoot.create(PARAMS, root)) {
                r.allocateNew();
                ((BigIntVector) r.getVector(0)).setSafe(0, value);
                r.setRowCount(1);
                w.start(PARAMS, null, root);
                w.writeBatch(r, md);
                w.end();
            }
            out.flush();
            try (IpcStreamReader reader = IpcStreamReader.open(in, root)) {
                assertNotNull(reader, "connection closed before the answer");
                Long result = null;
                BatchMetadata m;
                while ((m = reader.next()) != null) {
                    String level = m.get(WireKeys.LOG_LEVEL);
                    String message = m.get(WireKeys.LOG_MESSAGE);
                    assertFalse("EXCEPTION".equals(level), () -> "call failed: " + message);
                    if (reader.root().getRowCount() > 0) {
                        result = ((BigIntVector) reader.root().getVector(0)).get(0);
                    }
                }
                assertNotNull(result);
                return result;
            }
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    private static Path unixPath(String line) {
        assertTrue(line.startsWith("UNIX:"), line);
        Path p = Path.of(line.substring("UNIX:".length()));
        assertTrue(p.isAbsolute(), line);
        return p;
    }

    private static boolean isSocket(Path p) throws IOException {
        int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        return (mode & 0170000) == 0140000;
    }

    @Test
    void unixPrintsDiscoveryLineAndServesConcurrentClients() throws Exception {
        Path path = dir.resolve("w.sock");
        Running r = startUnix(path, 0);
        assertEquals("UNIX:" + path.toAbsolutePath(), r.line());
        assertTrue(isSocket(path));
        assertEquals(0, r.discovery().size(), "exactly one discovery line");

        ExecutorService clients = Executors.newFixedThreadPool(2);
        try (Client a = new Client(UnixDomainSocketAddress.of(path)); Client b = new Client(UnixDomainSocketAddress.of(path))) {
            // each call blocks until the other is in flight: only concurrent connections can answer
            Future<Long> fa = clients.submit(() -> a.call("rendezvous", 1));
            Future<Long> fb = clients.submit(() -> b.call("rendezvous", 2));
            assertEquals(1L, fa.get(TIMEOUT_S, TimeUnit.SECONDS));
            assertEquals(2L, fb.get(TIMEOUT_S, TimeUnit.SECONDS));
            // both connections stay usable for further calls
            assertEquals(3L, a.call("echo", 3));
            assertEquals(4L, b.call("echo", 4));
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void refusesToReplaceARegularFile() throws Exception {
        Path path = dir.resolve("regular.sock");
        Files.writeString(path, "keep me");
        List<String> lines = new ArrayList<>();
        SocketTransport t = SocketTransport.unix(path, 0, lines::add);
        IOException e = assertThrows(IOException.class, () -> t.serve(server));
        assertTrue(e.getMessage().contains("not a socket"), e.getMessage());
        assertTrue(lines.isEmpty(), "no discovery line on refusal");
        assertEquals("keep me", Files.readString(path));
    }

    @Test
    void refusesWhenAnotherWorkerListens() throws Exception {
        Path path = dir.resolve("live.sock");
        Running first = startUnix(path, 0);
        first.line();
        List<String> lines = new ArrayList<>();
        SocketTransport second = SocketTransport.unix(path, 0, lines::add);
        IOException e = assertThrows(IOException.class, () -> second.serve(server));
        assertTrue(e.getMessage().contains("another worker"), e.getMessage());
        assertTrue(lines.isEmpty());
        // the live worker and its socket are untouched
        assertTrue(isSocket(path));
        try (Client c = new Client(UnixDomainSocketAddress.of(path))) {
            assertEquals(7L, c.call("echo", 7));
        }
    }

    @Test
    void replacesAStaleSocketFile() throws Exception {
        Path path = dir.resolve("stale.sock");
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(path));
        }
        assertTrue(isSocket(path), "closing a listener leaves its socket file behind");
        Running r = startUnix(path, 0);
        assertEquals("UNIX:" + path.toAbsolutePath(), r.line());
        try (Client c = new Client(UnixDomainSocketAddress.of(path))) {
            assertEquals(8L, c.call("echo", 8));
        }
    }

    @Test
    void idleTimeoutEndsServeAfterTheLastClientLeavesAndRemovesTheSocket() throws Exception {
        Path path = dir.resolve("idle.sock");
        Running r = startUnix(path, 0.2);
        r.line();
        // first-client grace: a 0.2 s timeout does not end the worker before anyone connected
        assertFalse(r.endsWithin(800), "exited before the first client");
        try (Client c = new Client(UnixDomainSocketAddress.of(path))) {
            assertEquals(1L, c.call("echo", 1));
            // an open connection keeps the worker alive
            assertFalse(r.endsWithin(800), "exited while a client was connected");
        }
        assertTrue(r.endsWithin(TimeUnit.SECONDS.toMillis(TIMEOUT_S)), "idle timeout did not end serve()");
        assertNull(r.failure().get());
        assertFalse(Files.exists(path, LinkOption.NOFOLLOW_LINKS), "socket file removed on idle exit");
    }

    @Test
    void idleExitLeavesAPathThatIsNoLongerOurs() throws Exception {
        Path path = dir.resolve("taken.sock");
        Running r = startUnix(path, 0.2);
        r.line();
        try (Client c = new Client(UnixDomainSocketAddress.of(path))) {
            assertEquals(1L, c.call("echo", 1));
            // someone else takes the path while we serve (created first, so it cannot reuse our inode)
            Path other = dir.resolve("other");
            Files.writeString(other, "not yours");
            Files.move(other, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        assertTrue(r.endsWithin(TimeUnit.SECONDS.toMillis(TIMEOUT_S)), "idle timeout did not end serve()");
        assertEquals("not yours", Files.readString(path));
    }

    @Test
    void tcpPrintsDiscoveryLineAndServes() throws Exception {
        Running r = start(d -> SocketTransport.tcp("127.0.0.1", 0, 0, d));
        String line = r.line();
        Matcher m = Pattern.compile("TCP:127\\.0\\.0\\.1:(\\d+)").matcher(line);
        assertTrue(m.matches(), line);
        int port = Integer.parseInt(m.group(1));
        assertTrue(port > 0);
        try (Client c = new Client(new InetSocketAddress("127.0.0.1", port))) {
            assertEquals(9L, c.call("echo", 9));
            assertEquals(10L, c.call("echo", 10));
        }
    }
}
