package dev.vgi.spring.autoconfigure;

import java.util.List;

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

    /** The root allocator; closed with the context so leaked buffers are reported at shutdown. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(BufferAllocator.class)
    public RootAllocator vgiRootAllocator() {
        return new RootAllocator();
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
