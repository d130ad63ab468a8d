package dev.vgi.core.rpc;

import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A stream as opened by {@link StreamMethod.Handler#open}: its output schema, its input schema
 * (empty for producers), the state that serves each turn and the header writer when the method
 * declares a header.
 *
 * @param outputSchema schema of every data batch the worker emits
 * @param inputSchema schema the client sends; empty means producer (ticks)
 * @param state serves each turn
 * @param header fills the one-row header batch; required iff the method declares a header
 */
public record StreamSetup(Schema outputSchema, Schema inputSchema, StreamState state, HeaderWriter header) {

    /** Writes row 0 of the header batch. */
    @FunctionalInterface
    public interface HeaderWriter {
        /** Fills {@code header} (schema = the method's header schema); the framework sets the row count. */
        void write(VectorSchemaRoot header) throws Exception;
    }

    /** A producer stream without header. */
    public static StreamSetup producer(Schema output, StreamState state) {
        return new StreamSetup(output, RpcMethod.EMPTY_SCHEMA, state, null);
    }

    /** An exchange stream without header. */
    public static StreamSetup exchange(Schema input, Schema output, StreamState state) {
        return new StreamSetup(output, input, state, null);
    }

    /** The same stream with a header. */
    public StreamSetup withHeader(HeaderWriter writer) {
        return new StreamSetup(outputSchema, inputSchema, state, writer);
    }

    /** Whether the input schema is empty (the client sends ticks). */
    public boolean isProducer() {
        return inputSchema.getFields().isEmpty();
    }
}
