package dev.vgi.core.rpc;

import java.util.List;

import org.apache.arrow.vector.types.pojo.Schema;

/**
 * One method of an {@link RpcService}: a name and the schema of its parameters (one field per
 * parameter, in order). Either a {@link UnaryMethod} or a {@link StreamMethod}.
 */
public abstract sealed class RpcMethod permits UnaryMethod, StreamMethod {

    /** The schema with no fields: parameterless methods, void results, producer inputs. */
    public static final Schema EMPTY_SCHEMA = new Schema(List.of());

    private final String name;
    private final Schema paramsSchema;

    RpcMethod(String name, Schema paramsSchema) {
        if (name == null || name.isEmpty() || name.startsWith("_")) {
            throw new IllegalArgumentException("method names must be non-empty and not start with '_': " + name);
        }
        this.name = name;
        this.paramsSchema = paramsSchema == null ? EMPTY_SCHEMA : paramsSchema;
    }

    /** The method name clients call. */
    public String name() {
        return name;
    }

    /** The parameter schema, compared strictly against each request. */
    public Schema paramsSchema() {
        return paramsSchema;
    }

    /** Whether this is a stream method. */
    public abstract boolean isStream();
}
