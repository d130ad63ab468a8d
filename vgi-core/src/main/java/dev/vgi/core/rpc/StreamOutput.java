package dev.vgi.core.rpc;

import java.util.Map;

import org.apache.arrow.vector.VectorSchemaRoot;

/** Where a {@link StreamState} sends a turn's output. */
public interface StreamOutput {

    /**
     * A root with the stream's output schema, owned by the stream and reused across turns: its
     * vectors are reset (capacity kept) at the start of each turn. Fill it, set the row count and
     * {@link #emit(VectorSchemaRoot) emit} it.
     */
    VectorSchemaRoot root();

    /** Emits the turn's data batch. */
    default void emit(VectorSchemaRoot batch) {
        emit(batch, Map.of());
    }

    /** Emits the turn's data batch with application metadata (never log keys). */
    void emit(VectorSchemaRoot batch, Map<String, String> metadata);

    /** Ends the stream (producers only); a batch emitted in the same turn is still sent. */
    void finish();

    /** Sends a log record before this turn's data batch. */
    void log(LogLevel level, String message, Map<String, ?> extras);

    /** Sends a log record without extras. */
    default void log(LogLevel level, String message) {
        log(level, message, Map.of());
    }

    /** The call's context. */
    CallContext context();
}
