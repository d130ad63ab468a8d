package dev.vgi.core.rpc;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.arrow.memory.BufferAllocator;

/**
 * The transport-independent core of a worker: the hosted protocols, the server id, the root
 * allocator and the call listeners. Transports hand it connections (byte streams) or requests
 * (HTTP); see {@link ByteStreamConnection}.
 */
public final class RpcServer {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, RpcService> services;
    private final String serverId;
    private final BufferAllocator allocator;
    private final List<CallListener> listeners = new CopyOnWriteArrayList<>();

    /**
     * Creates a server.
     *
     * @param services the hosted protocols (unique wire names)
     * @param serverId the server id, or {@code null} to generate one
     * @param allocator the root allocator; each connection takes a child of it
     */
    public RpcServer(Collection<RpcService> services, String serverId, BufferAllocator allocator) {
        Map<String, RpcService> byName = new LinkedHashMap<>();
        for (RpcService s : services) {
            if (byName.putIfAbsent(s.protocolName(), s) != null) {
                throw new IllegalArgumentException("protocol hosted twice: " + s.protocolName());
            }
        }
        this.services = byName;
        this.serverId = serverId != null ? serverId : randomHex(6);
        this.allocator = allocator;
    }

    /**
     * Creates a server that also hosts {@value ReflectionService#PROTOCOL_NAME}, registered after
     * {@code services} so it is listed last, as the other ports list it.
     *
     * @param services the application protocols (unique wire names), primary first
     * @param serverId the server id, or {@code null} to generate one
     * @param allocator the root allocator; each connection takes a child of it
     */
    public static RpcServer withReflection(Collection<RpcService> services, String serverId, BufferAllocator allocator) {
        // Reflection describes the server it is part of, which exists only after the constructor
        // has run; the holder closes that loop before any call can arrive.
        AtomicReference<RpcServer> self = new AtomicReference<>();
        List<RpcService> all = new ArrayList<>(services);
        all.add(ReflectionService.create(() -> self.get().services(), () -> self.get().serverId()));
        RpcServer server = new RpcServer(all, serverId, allocator);
        self.set(server);
        return server;
    }

    /** Lower-case hex of {@code bytes} random bytes. */
    public static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** The server id stamped on logs and errors. */
    public String serverId() {
        return serverId;
    }

    /** The root allocator. */
    public BufferAllocator allocator() {
        return allocator;
    }

    /** The protocol with wire name {@code name}, or {@code null}. */
    public RpcService service(String name) {
        return services.get(name);
    }

    /** All hosted protocols. */
    public Collection<RpcService> services() {
        return services.values();
    }

    /** Names of the hosted protocols, for error messages. */
    public List<String> protocolNames() {
        return new ArrayList<>(services.keySet());
    }

    /** Registers a listener for completed calls. */
    public void addListener(CallListener listener) {
        listeners.add(listener);
    }

    /** Reports a completed call to every listener. */
    public void publish(CallRecord record) {
        for (CallListener l : listeners) {
            try {
                l.onCall(record);
            } catch (RuntimeException ignored) {
                // a failing observer must never break a call
            }
        }
    }

    /** A new request id (16 hex characters). */
    public static String newRequestId() {
        return randomHex(8);
    }
}
