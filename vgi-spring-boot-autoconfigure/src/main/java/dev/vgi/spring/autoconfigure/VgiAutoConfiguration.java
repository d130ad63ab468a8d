package dev.vgi.spring.autoconfigure;

import java.util.List;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import dev.vgi.core.rpc.RpcServer;
import dev.vgi.core.rpc.RpcService;

/**
 * Creates the transport-independent worker: one Arrow {@link RootAllocator} and an
 * {@link RpcServer} hosting every {@link RpcService} bean. Each bean backs off when the
 * application (or the {@code --http} launcher) defines its own.
 */
@AutoConfiguration
@EnableConfigurationProperties(VgiProperties.class)
public final class VgiAutoConfiguration {

    /**
     * The root allocator; closed with the context so leaked buffers are reported at shutdown. It
     * checks that Arrow can reach direct buffer memory, so a JVM started without
     * {@code --add-opens=java.base/java.nio=ALL-UNNAMED} (and not from a jar whose manifest opens
     * it) fails at start-up with {@link ArrowMemoryFailureAnalyzer}'s advice rather than on every
     * call.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(BufferAllocator.class)
    public RootAllocator vgiRootAllocator() {
        RootAllocator allocator = new RootAllocator();
        try {
            checkMemoryAccess(allocator);
        } catch (ArrowMemoryAccessException e) {
            allocator.close();
            throw e;
        }
        return allocator;
    }

    /**
     * Fails with {@link ArrowMemoryAccessException} unless Arrow can view its buffers as NIO direct
     * buffers (what the IPC writer does with every batch).
     */
    static void checkMemoryAccess(BufferAllocator allocator) {
        try (ArrowBuf probe = allocator.buffer(8)) {
            probe.nioBuffer(0, 8);
        } catch (UnsupportedOperationException | ExceptionInInitializerError | NoClassDefFoundError e) {
            throw new ArrowMemoryAccessException(e);
        } catch (RuntimeException e) {
            if (e.getClass().getName().equals("java.lang.reflect.InaccessibleObjectException")
                    || String.valueOf(e.getMessage()).contains("MemoryUtil")) {
                throw new ArrowMemoryAccessException(e);
            }
            throw e;
        }
    }

    /** The server hosting all {@link RpcService} beans, in bean order. */
    @Bean
    @ConditionalOnMissingBean
    public RpcServer vgiRpcServer(ObjectProvider<RpcService> services, BufferAllocator allocator,
            VgiProperties properties) {
        List<RpcService> hosted = services.orderedStream().toList();
        String serverId = properties.getServerId();
        return RpcServer.withReflection(hosted, serverId == null || serverId.isBlank() ? null : serverId, allocator);
    }
}
