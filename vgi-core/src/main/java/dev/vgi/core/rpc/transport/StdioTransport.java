package dev.vgi.core.rpc.transport;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;

import org.apache.arrow.memory.BufferAllocator;

import dev.vgi.core.rpc.ByteStreamConnection;
import dev.vgi.core.rpc.RpcServer;
import dev.vgi.core.rpc.TransportKind;

/**
 * Serves one connection over the process's stdin and stdout until stdin ends. Before serving it
 * takes the real stdout for itself and points {@link System#out} at stderr, so that no stray print
 * can corrupt the Arrow stream.
 */
public final class StdioTransport implements WorkerTransport {

    private static final int BUFFER = 64 * 1024;

    /** Redirects {@code System.out} to stderr and returns a stream on the real stdout. */
    public static OutputStream claimStdout() {
        OutputStream real = new FileOutputStream(FileDescriptor.out);
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
        return real;
    }

    @Override
    public void serve(RpcServer server) {
        OutputStream out = new BufferedOutputStream(claimStdout(), BUFFER);
        InputStream in = new BufferedInputStream(new FileInputStream(FileDescriptor.in), BUFFER);
        try (BufferAllocator allocator = server.allocator().newChildAllocator("stdio", 0, Long.MAX_VALUE)) {
            new ByteStreamConnection(server, in, out, TransportKind.PIPE, "", allocator).serve();
        }
    }
}
