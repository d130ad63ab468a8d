package dev.vgi.spring.autoconfigure.actuate;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import dev.vgi.core.rpc.RpcServer;

/**
 * The {@code vgi} health contributor: {@code UP} with the server id and the number of hosted
 * protocols (the reflection protocol included). A worker that serves at all is healthy; transport
 * failures surface as failed calls, not here.
 */
public class VgiHealthIndicator implements HealthIndicator {

    private final RpcServer server;

    /** Creates the indicator for {@code server}. */
    public VgiHealthIndicator(RpcServer server) {
        this.server = server;
    }

    @Override
    public Health health() {
        return Health.up()
                .withDetail("serverId", server.serverId())
                .withDetail("protocols", server.services().size())
                .build();
    }
}
