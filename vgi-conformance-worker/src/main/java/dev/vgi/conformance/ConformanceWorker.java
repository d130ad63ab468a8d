package dev.vgi.conformance;

import java.util.List;

import dev.vgi.core.rpc.transport.WorkerLauncher;

/**
 * Entry point of the conformance worker: serves {@link ConformanceService} on the transport the
 * command line selects (stdin/stdout by default), as {@code vgi-rpc-test --cmd ...} expects.
 */
public final class ConformanceWorker {

    private ConformanceWorker() {
    }

    /** Runs the worker; see {@link WorkerLauncher} for the options. */
    public static void main(String[] args) {
        WorkerLauncher.run(args, List.of(ConformanceService.create()));
    }
}
