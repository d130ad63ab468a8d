package dev.vgi.core.rpc;

import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A streaming method. Called once with its parameters, it returns a {@link StreamSetup}: the output
 * and input schemas, the {@link StreamState} that processes each turn and, when the method declares
 * a {@link #headerSchema() header}, the header row. An empty input schema makes it a producer.
 */
public final class StreamMethod extends RpcMethod {

    /** Opens a stream for one call. */
    @FunctionalInterface
    public interface Handler {
        /** Builds the stream from the call's parameters (one row, dictionaries decoded). */
        StreamSetup open(CallContext context, VectorSchemaRoot params) throws Exception;
    }

    /** Rebuilds a state from {@link StreamState#snapshot()} bytes on stateless transports (HTTP). */
    @FunctionalInterface
    public interface StateRestorer {
        /** Restores the state serialised as {@code snapshot}. */
        StreamState restore(byte[] snapshot) throws Exception;
    }

    /** What the method declares about its input, for reflection. */
    public enum Kind {
        /** Not declared. */
        UNKNOWN,
        /** Input is empty ticks; the worker decides when to finish. */
        PRODUCER,
        /** Input batches are data; the client decides when to finish. */
        EXCHANGE
    }

    private final Schema headerSchema;
    private final Kind kind;
    private final Handler handler;
    private final StateRestorer restorer;

    private StreamMethod(String name, Schema params, Schema headerSchema, Kind kind, Handler handler, StateRestorer restorer) {
        super(name, params);
        this.headerSchema = headerSchema;
        this.kind = kind;
        this.handler = handler;
        this.restorer = restorer;
    }

    /** Starts building a stream method. */
    public static Builder builder(String name, Handler handler) {
        return new Builder(name, handler);
    }

    /** The header record's schema, or {@code null} when the method sends no header. */
    public Schema headerSchema() {
        return headerSchema;
    }

    /** The declared kind. */
    public Kind kind() {
        return kind;
    }

    /** The body. */
    public Handler handler() {
        return handler;
    }

    /**
     * Opens the stream for one call and checks what the handler returned against the declaration.
     *
     * @throws Exception whatever the handler throws, or a {@code RuntimeError} for a broken setup
     */
    public StreamSetup open(CallContext context, VectorSchemaRoot params) throws Exception {
        StreamSetup setup = handler.open(context, params);
        if (setup == null) {
            throw RpcException.runtimeError("stream method '" + name() + "' returned no stream");
        }
        if (headerSchema != null && setup.header() == null) {
            throw RpcException.runtimeError("stream method '" + name() + "' declares a header but wrote none");
        }
        return setup;
    }

    /** The restorer for stateless transports, or {@code null} when the state cannot be resumed. */
    public StateRestorer restorer() {
        return restorer;
    }

    @Override
    public boolean isStream() {
        return true;
    }

    /** Builder for {@link StreamMethod}. */
    public static final class Builder {
        private final String name;
        private final Handler handler;
        private Schema params = EMPTY_SCHEMA;
        private Schema header;
        private Kind kind = Kind.UNKNOWN;
        private StateRestorer restorer;

        private Builder(String name, Handler handler) {
            this.name = name;
            this.handler = handler;
        }

        /** The parameter schema. */
        public Builder params(Schema params) {
            this.params = params;
            return this;
        }

        /** Declares a header record with this schema. */
        public Builder header(Schema header) {
            this.header = header;
            return this;
        }

        /** Declares the input kind (reported by reflection only). */
        public Builder kind(Kind kind) {
            this.kind = kind;
            return this;
        }

        /** How to rebuild a state from its snapshot on stateless transports. */
        public Builder restorer(StateRestorer restorer) {
            this.restorer = restorer;
            return this;
        }

        /** Builds the method. */
        public StreamMethod build() {
            return new StreamMethod(name, params, header, kind, handler, restorer);
        }
    }
}
