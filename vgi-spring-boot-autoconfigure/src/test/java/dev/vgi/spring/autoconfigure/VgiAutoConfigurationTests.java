package dev.vgi.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.server.WebFilter;

import dev.vgi.core.rpc.RpcServer;
import dev.vgi.core.rpc.RpcService;
import dev.vgi.core.rpc.http.HttpRpcHandler;
import dev.vgi.spring.autoconfigure.web.VgiHttpRoutes;
import dev.vgi.spring.autoconfigure.web.VgiWebFluxAutoConfiguration;

class VgiAutoConfigurationTests {

    private static final AutoConfigurations VGI = AutoConfigurations.of(VgiAutoConfiguration.class,
            VgiWebFluxAutoConfiguration.class);

    private final ApplicationContextRunner plain = new ApplicationContextRunner().withConfiguration(VGI);
    private final ReactiveWebApplicationContextRunner reactive = new ReactiveWebApplicationContextRunner()
            .withConfiguration(VGI);

    @Test
    void createsAllocatorAndServerHostingEveryServiceBean() {
        plain.withUserConfiguration(Services.class).run(ctx -> {
            assertThat(ctx).hasSingleBean(RootAllocator.class).hasSingleBean(RpcServer.class);
            RpcServer server = ctx.getBean(RpcServer.class);
            assertThat(server.protocolNames()).containsExactly("alpha", "beta", "vgi_rpc.Reflection.v1");
            assertThat(server.allocator()).isSameAs(ctx.getBean(RootAllocator.class));
        });
    }

    @Test
    void serverIdComesFromProperties() {
        plain.withPropertyValues("vgi.server-id=worker-7")
                .run(ctx -> assertThat(ctx.getBean(RpcServer.class).serverId()).isEqualTo("worker-7"));
    }

    @Test
    void noHttpBeansOutsideAReactiveWebApplication() {
        plain.run(ctx -> assertThat(ctx).doesNotHaveBean(HttpRpcHandler.class).doesNotHaveBean(VgiHttpRoutes.class));
    }

    @Test
    void reactiveApplicationGetsHandlerAndRoutesWithDefaults() {
        reactive.run(ctx -> {
            assertThat(ctx).hasSingleBean(RpcServer.class).hasSingleBean(HttpRpcHandler.class)
                    .hasSingleBean(VgiHttpRoutes.class);
            HttpRpcHandler handler = ctx.getBean(HttpRpcHandler.class);
            assertThat(handler.options().prefix()).isEqualTo("/vgi");
            assertThat(handler.options().encodings()).containsExactly("zstd", "gzip");
            assertThat(handler.options().maxRequestBytes()).isZero();
            assertThat(handler.options().tokenTtl()).hasHours(1);
            assertThat(handler.options().tokenKey()).hasSize(32);
        });
    }

    @Test
    void httpPropertiesReachTheHandler() {
        reactive.withPropertyValues("vgi.http.base-path=", "vgi.http.max-request-size=2MB",
                "vgi.http.max-response-size=1024", "vgi.http.compression=gzip", "vgi.http.token-ttl=30s",
                "vgi.http.token-key=" + "ab".repeat(32), "vgi.http.call-state-cache-size=0").run(ctx -> {
                    var options = ctx.getBean(HttpRpcHandler.class).options();
                    assertThat(options.prefix()).isEmpty();
                    assertThat(options.maxRequestBytes()).isEqualTo(2L * 1024 * 1024);
                    assertThat(options.maxResponseBytes()).isEqualTo(1024);
                    assertThat(options.encodings()).containsExactly("gzip");
                    assertThat(options.tokenTtl()).hasSeconds(30);
                    assertThat(options.tokenKey()).containsOnly((byte) 0xab);
                    assertThat(options.callStateCacheSize()).isZero();
                });
    }

    @Test
    void compressionCanBeSwitchedOff() {
        reactive.withPropertyValues("vgi.http.compression=none")
                .run(ctx -> assertThat(ctx.getBean(HttpRpcHandler.class).options().encodings()).isEmpty());
        reactive.withPropertyValues("vgi.http.compression=")
                .run(ctx -> assertThat(ctx.getBean(HttpRpcHandler.class).options().encodings()).isEmpty());
    }

    @Test
    void base64TokenKeyIsAccepted() {
        String key = java.util.Base64.getEncoder().encodeToString(new byte[32]);
        reactive.withPropertyValues("vgi.http.token-key=" + key)
                .run(ctx -> assertThat(ctx.getBean(HttpRpcHandler.class).options().tokenKey()).containsOnly(0));
    }

    @Test
    void malformedTokenKeyFailsTheStartWithoutEchoingIt() {
        reactive.withPropertyValues("vgi.http.token-key=not-a-secret-of-32-bytes").run(ctx -> {
            assertThat(ctx).hasFailed();
            assertThat(ctx.getStartupFailure()).rootCause().hasMessageContaining("vgi.http.token-key")
                    .hasMessageNotContaining("not-a-secret");
        });
    }

    @Test
    void userDefinedServerWins() {
        reactive.withUserConfiguration(Services.class, UserServer.class).run(ctx -> {
            assertThat(ctx).hasSingleBean(RpcServer.class);
            assertThat(ctx.getBean(RpcServer.class).serverId()).isEqualTo("mine");
            // the handler serves the user's server
            assertThat(ctx).hasSingleBean(HttpRpcHandler.class);
        });
    }

    @Test
    void userDefinedAllocatorWins() {
        plain.withUserConfiguration(UserAllocator.class).run(ctx -> {
            assertThat(ctx).hasSingleBean(BufferAllocator.class);
            assertThat(ctx.getBean(RpcServer.class).allocator()).isSameAs(ctx.getBean(BufferAllocator.class));
        });
    }

    @Test
    void userDefinedHandlerAndRoutesWin() {
        reactive.withUserConfiguration(UserHandler.class).run(ctx -> {
            assertThat(ctx).hasSingleBean(HttpRpcHandler.class).hasSingleBean(VgiHttpRoutes.class);
            assertThat(ctx.getBean(HttpRpcHandler.class).options().prefix()).isEqualTo("/custom");
        });
    }

    @Test
    void backsOffWithoutWebFlux() {
        reactive.withClassLoader(new FilteredClassLoader(WebFilter.class))
                .run(ctx -> assertThat(ctx).hasSingleBean(RpcServer.class).doesNotHaveBean(HttpRpcHandler.class));
    }

    @Configuration(proxyBeanMethods = false)
    static class Services {
        @Bean
        RpcService alpha() {
            return RpcService.builder("alpha").build();
        }

        @Bean
        RpcService beta() {
            return RpcService.builder("beta").build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserServer {
        @Bean
        RpcServer myServer(BufferAllocator allocator) {
            return new RpcServer(List.of(), "mine", allocator);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserAllocator {
        @Bean(destroyMethod = "close")
        BufferAllocator myAllocator() {
            return new RootAllocator(1024 * 1024);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserHandler {
        @Bean
        HttpRpcHandler myHandler(RpcServer server) {
            return new HttpRpcHandler(server, dev.vgi.core.rpc.http.HttpOptions.builder().prefix("/custom").build());
        }
    }
}
