package dev.vgi.spring.autoconfigure.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.support.GenericApplicationContext;

import dev.vgi.core.rpc.RpcServer;

/** The end of a worker: the transport ends, the context closes, the JVM exits with the status. */
class VgiWorkerLifecycleTests {

    private final RootAllocator allocator = new RootAllocator();
    private final RpcServer server = new RpcServer(List.of(), null, allocator);
    private final CompletableFuture<Integer> exited = new CompletableFuture<>();

    @AfterEach
    void close() {
        allocator.close();
    }

    private GenericApplicationContext context(FakeTransport transport) {
        GenericApplicationContext ctx = new GenericApplicationContext();
        ctx.registerBean(VgiWorkerLifecycle.class, () -> new VgiWorkerLifecycle(server, transport, ctx, exited::complete));
        ctx.refresh();
        return ctx;
    }

    private static void ready(GenericApplicationContext ctx) {
        ctx.publishEvent(new ApplicationReadyEvent(new SpringApplication(), new String[0], ctx, Duration.ZERO));
    }

    @Test
    void transportEndClosesTheContextAndExitsZero() throws Exception {
        FakeTransport transport = new FakeTransport(true, null);
        GenericApplicationContext ctx = context(transport);
        ready(ctx);
        assertThat(exited.get(10, TimeUnit.SECONDS)).isZero();
        assertThat(ctx.isActive()).isFalse();
    }

    @Test
    void exitCodeGeneratorsAreHonoured() throws Exception {
        FakeTransport transport = new FakeTransport(true, null);
        GenericApplicationContext ctx = new GenericApplicationContext();
        ctx.registerBean(ExitCodeGenerator.class, () -> () -> 3);
        ctx.registerBean(VgiWorkerLifecycle.class, () -> new VgiWorkerLifecycle(server, transport, ctx, exited::complete));
        ctx.refresh();
        ready(ctx);
        assertThat(exited.get(10, TimeUnit.SECONDS)).isEqualTo(3);
    }

    @Test
    void aFailingTransportExitsOne() throws Exception {
        GenericApplicationContext ctx = context(new FakeTransport(false, new IllegalStateException("bind failed")));
        ready(ctx);
        assertThat(exited.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(ctx.isActive()).isFalse();
    }

    @Test
    void aTransportThatEndsDuringStartUpWaitsForTheApplicationToBeReady() throws Exception {
        FakeTransport transport = new FakeTransport(true, null);
        GenericApplicationContext ctx = context(transport);
        assertThat(transport.serving.await(10, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(200);
        assertThat(exited).isNotDone();
        assertThat(ctx.isActive()).isTrue();
        ready(ctx);
        assertThat(exited.get(10, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void closingTheContextStopsTheTransportWithoutExiting() throws Exception {
        FakeTransport transport = new FakeTransport();
        GenericApplicationContext ctx = context(transport);
        ready(ctx);
        assertThat(transport.serving.await(10, TimeUnit.SECONDS)).isTrue();
        ctx.close();
        assertThat(transport.stop.getCount()).isZero();
        Thread.sleep(200);
        assertThat(exited).isNotDone();
    }

    @Test
    void startsInTheWebServersPhase() {
        assertThat(new VgiWorkerLifecycle(server, new FakeTransport(), new GenericApplicationContext()).getPhase())
                .isEqualTo(Integer.MAX_VALUE - 2048);
    }
}
