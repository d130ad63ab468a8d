package dev.vgi.spring.autoconfigure.actuate;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.vgi.core.rpc.RpcServer;
import dev.vgi.spring.autoconfigure.VgiAutoConfiguration;

/**
 * The {@code vgi} actuator endpoint ({@link VgiEndpoint}), with the actuator on the class path and
 * the endpoint available ({@code management.endpoints.web.exposure.include=vgi} for the web).
 */
@AutoConfiguration(after = VgiAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean(RpcServer.class)
public final class VgiEndpointAutoConfiguration {

    /**
     * The endpoint. Its availability is a condition on the method, not the class: the class-level
     * condition on the actuator's presence must rule first, or a missing actuator would fail the
     * start while loading the availability condition.
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint(VgiEndpoint.class)
    public VgiEndpoint vgiEndpoint(RpcServer server) {
        return new VgiEndpoint(server);
    }
}
