package dev.vgi.spring.autoconfigure.launch;

import java.io.PrintStream;
import java.util.List;

import org.apache.arrow.memory.RootAllocator;

import dev.vgi.core.rpc.RpcServer;
import dev.vgi.core.rpc.RpcService;
import dev.vgi.core.rpc.transport.WorkerLauncher;
import dev.vgi.core.rpc.transport.WorkerOptions;
import dev.vgi.core.rpc.transport.WorkerTransport;

/**
 * A plain worker started as a child process by {@link SpringHttpTransportProcessTests}. It picks
 * its transport before anything can log (Arrow's allocator logs on first use), as a worker must.
 */
public final class LaunchTestWorker {

    private LaunchTestWorker() {
    }

    /** Serves one empty protocol with the worker command line. */
    public static void main(String[] args) throws Exception {
        PrintStream original = System.out;
        WorkerTransport transport = WorkerLauncher.transport(WorkerOptions.parse(args));
        if (System.out == original) {
            throw new IllegalStateException("the transport did not take stdout");
        }
        // a stray print after that must not reach the real stdout
        System.out.println("stray print from the worker");
        try (RootAllocator root = new RootAllocator()) {
            transport.serve(new RpcServer(List.of(RpcService.builder("launch_test").build()), null, root));
        }
        System.exit(0);
    }
}
