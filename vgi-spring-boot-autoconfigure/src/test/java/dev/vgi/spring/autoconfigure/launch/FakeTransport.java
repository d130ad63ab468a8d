package dev.vgi.spring.autoconfigure.launch;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.vgi.core.rpc.RpcServer;
import dev.vgi.core.rpc.transport.WorkerTransport;

/** A transport that serves nothing: it blocks until stopped, or ends at once if told to. */
final class FakeTransport implements WorkerTransport {

    final CountDownLatch serving = new CountDownLatch(1);
    final CountDownLatch stop = new CountDownLatch(1);
    private final boolean endAtOnce;
    private final RuntimeException failure;
    volatile RpcServer served;

    FakeTransport() {
        this(false, null);
    }

    FakeTransport(boolean endAtOnce, RuntimeException failure) {
        this.endAtOnce = endAtOnce;
        this.failure = failure;
    }

    @Override
    public void serve(RpcServer server) {
        served = server;
        serving.countDown();
        if (failure != null) {
            throw failure;
        }
        if (!endAtOnce) {
            try {
                stop.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void stop() {
        stop.countDown();
    }
}
