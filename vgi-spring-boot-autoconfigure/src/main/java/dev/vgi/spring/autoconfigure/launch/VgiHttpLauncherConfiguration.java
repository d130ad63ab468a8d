package dev.vgi.spring.autoconfigure.launch;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.reactor.netty.autoconfigure.NettyReactiveWebServerAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.HttpHandlerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.WebHandler;

import dev.vgi.spring.autoconfigure.VgiAutoConfiguration;
import dev.vgi.spring.autoconfigure.web.VgiWebFluxAutoConfiguration;

/**
 * The whole embedded application of the {@code --http} launcher: Reactor Netty, the HTTP handler
 * chain and the VGI auto-configurations, and nothing found by class-path scanning, so start-up is
 * quick and predictable whatever else the worker's class path holds.
 */
@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration({ PropertyPlaceholderAutoConfiguration.class, NettyReactiveWebServerAutoConfiguration.class,
        HttpHandlerAutoConfiguration.class, VgiAutoConfiguration.class, VgiWebFluxAutoConfiguration.class })
class VgiHttpLauncherConfiguration {

    /**
     * The end of the filter chain, reached only by paths outside the VGI prefix. It replaces the
     * {@code DispatcherHandler} of a full WebFlux set-up, which a worker without controllers
     * does not need.
     */
    @Bean
    WebHandler webHandler() {
        return exchange -> {
            exchange.getResponse().setStatusCode(HttpStatus.NOT_FOUND);
            return exchange.getResponse().setComplete();
        };
    }
}
