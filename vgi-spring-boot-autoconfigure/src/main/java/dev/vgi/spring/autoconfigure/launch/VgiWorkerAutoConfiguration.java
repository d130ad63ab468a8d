package dev.vgi.spring.autoconfigure.launch;

import java.time.Duration;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.vgi.core.rpc.RpcServer;
import dev.vgi.core.rpc.transport.SocketTransport;
import dev.vgi.core.rpc.transport.StdioTransport;
import dev.vgi.core.rpc.transport.WorkerTransport;
import dev.vgi.spring.autoconfigure.VgiAutoConfiguration;
import dev.vgi.spring.autoconfigure.VgiProperties;

/**
 * Serves the worker on a byte-stream transport when {@code vgi.transport} is {@code stdio},
 * {@code unix} or {@code tcp} — set by the worker flags through {@link VgiWorkerLaunchListener},
 * or in the configuration — with a {@link VgiWorkerLifecycle} that exits the application when the
 * transport ends. A {@link WorkerTransport} bean of the application's own replaces the one built
 * here (and is served whatever {@code vgi.transport} says); a {@link VgiWorkerLifecycle} bean of
 * its own replaces the lifecycle.
 */
@AutoConfiguration(after = VgiAutoConfiguration.class)
@EnableConfigurationProperties(VgiProperties.class)
public final class VgiWorkerAutoConfiguration {

    /** The lifecycle serving the transport. */
    @Bean
    @ConditionalOnBean({ RpcServer.class, WorkerTransport.class })
    @ConditionalOnMissingBean
    public VgiWorkerLifecycle vgiWorkerLifecycle(RpcServer server, WorkerTransport transport,
            ConfigurableApplicationContext context) {
        return new VgiWorkerLifecycle(server, transport, context);
    }

    /** stdin/stdout ({@code vgi.transport=stdio}). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "vgi.transport", havingValue = "stdio")
    static final class StdioTransportConfiguration {

        @Bean
        @ConditionalOnMissingBean(WorkerTransport.class)
        StdioTransport vgiWorkerTransport() {
            return new StdioTransport();
        }
    }

    /** An AF_UNIX socket ({@code vgi.transport=unix}); prints {@code UNIX:<path>} once bound. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "vgi.transport", havingValue = "unix")
    static final class UnixTransportConfiguration {

        @Bean
        @ConditionalOnMissingBean(WorkerTransport.class)
        SocketTransport vgiWorkerTransport(VgiProperties properties) {
            VgiProperties.Unix unix = properties.getUnix();
            if (unix.getPath() == null) {
                throw new IllegalStateException("vgi.transport=unix needs vgi.unix.path");
            }
            return SocketTransport.unix(unix.getPath(), seconds(unix.getIdleTimeout()), VgiWorkerAutoConfiguration::discover);
        }
    }

    /** TCP ({@code vgi.transport=tcp}); prints {@code TCP:<host>:<port>} once bound. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "vgi.transport", havingValue = "tcp")
    static final class TcpTransportConfiguration {

        @Bean
        @ConditionalOnMissingBean(WorkerTransport.class)
        SocketTransport vgiWorkerTransport(VgiProperties properties) {
            VgiProperties.Tcp tcp = properties.getTcp();
            return SocketTransport.tcp(tcp.getHost(), tcp.getPort(), seconds(tcp.getIdleTimeout()),
                    VgiWorkerAutoConfiguration::discover);
        }
    }

    /**
     * Prints a discovery line on the real stdout. Stdout is taken here, not when the bean is
     * built: in a launched worker {@link VgiWorkerLaunchListener} took it long before.
     */
    static void discover(String line) {
        SocketTransport.stdoutDiscovery().accept(line);
    }

    /** A duration as the seconds the core transports take; {@code null}, zero or negative mean never. */
    static double seconds(Duration d) {
        return d == null || d.isNegative() || d.isZero() ? 0 : d.toNanos() / 1e9;
    }
}
