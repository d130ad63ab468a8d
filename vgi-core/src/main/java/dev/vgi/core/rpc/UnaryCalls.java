package dev.vgi.core.rpc;

import java.io.IOException;
import java.util.Map;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

import dev.vgi.core.rpc.ipc.IpcStreamWriter;

/** Runs a unary method and writes its response stream: logs, then the result, void or error batch. */
public final class UnaryCalls {

    private UnaryCalls() {
    }

    /** Invokes {@code method} and writes the whole response stream; returns the error, if any. */
    public static ErrorInfo write(UnaryMethod method, CallScope scope, VectorSchemaRoot params, IpcStreamWriter writer,
            BufferAllocator allocator) throws IOException {
        VectorSchemaRoot result = method.isVoid() ? null : VectorSchemaRoot.create(method.resultSchema(), allocator);
        try {
            ErrorInfo error = null;
            try {
                if (result != null) {
                    result.allocateNew();
                }
                method.handler().invoke(scope, params, result);
                if (result != null) {
                    result.setRowCount(1);
                }
            } catch (Exception | OutOfMemoryError | StackOverflowError e) {
                error = ErrorInfo.from(e);
            }
            writer.start(method.resultSchema(), null, allocator);
            ByteStreamConnection.writeLogs(writer, scope.takeLogs(), scope.serverId(), scope.requestId());
            if (error != null) {
                writer.writeZeroRowBatch(error.toMetadata(scope.serverId(), scope.requestId()));
            } else if (result != null) {
                writer.writeBatch(result, Map.of());
            } else {
                writer.writeZeroRowBatch(Map.of());
            }
            writer.end();
            return error;
        } finally {
            if (result != null) {
                result.close();
            }
        }
    }
}
