package dev.vgi.core.protocol;

import java.util.Objects;

import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The wire shape of one VGI method: what the client sends and what it expects back.
 *
 * <p>Flat methods carry their parameters as the outer columns, which the vgi-rpc runtime compares
 * strictly with {@link #params()} (name, type, nullability and order), so those schemas must be
 * exactly what the client sends. Wrapped methods carry one {@code request: binary} column holding a
 * {@link #request()} record stream, which is decoded leniently by name.
 *
 * @param name the method name
 * @param stream whether it is a stream method (only {@code init})
 * @param params the outer parameter schema
 * @param result the outer result schema ({@code result: binary}), or {@code null} for a void method
 *     and for the stream method
 * @param header the stream header schema, or {@code null} for unary methods
 * @param request the record inside the {@code request} column, or {@code null} for flat methods
 * @param response the record inside the {@code result} column (for {@code init}: the header
 *     record), or {@code null} when there is none or it is not a fixed record (the statistics
 *     batches, whose schema depends on the table)
 */
public record VgiMethod(String name, boolean stream, Schema params, Schema result, Schema header,
        RecordType request, RecordType response) {

    /** Checks the name and parameter schema are present. */
    public VgiMethod {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(params, "params");
    }

    /** Whether the method returns nothing (a unary method with an empty result schema). */
    public boolean isVoid() {
        return !stream && result == null;
    }

    /** Whether the parameters are one {@code request: binary} column holding a record. */
    public boolean isWrapped() {
        return request != null;
    }
}
