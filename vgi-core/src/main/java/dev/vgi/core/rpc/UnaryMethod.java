package dev.vgi.core.rpc;

import java.util.List;

import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/** A request/response method: one parameter row in, one {@code result} value (or nothing) out. */
public final class UnaryMethod extends RpcMethod {

    /** The body of a unary method. */
    @FunctionalInterface
    public interface Handler {
        /**
         * Serves one call.
         *
         * @param params one row of parameters (dictionary-encoded columns already decoded)
         * @param result the result root with one column {@code result}; write row 0. {@code null}
         *     for void methods
         */
        void invoke(CallContext context, VectorSchemaRoot params, VectorSchemaRoot result) throws Exception;
    }

    private final Schema resultSchema;
    private final Handler handler;

    private UnaryMethod(String name, Schema paramsSchema, Schema resultSchema, Handler handler) {
        super(name, paramsSchema);
        this.resultSchema = resultSchema;
        this.handler = handler;
    }

    /** A method returning a value of field {@code result} (its name is forced to {@code result}). */
    public static UnaryMethod of(String name, Schema params, Field result, Handler handler) {
        Field named = new Field("result", result.getFieldType(), result.getChildren());
        return new UnaryMethod(name, params, new Schema(List.of(named)), handler);
    }

    /** A method with no result. */
    public static UnaryMethod ofVoid(String name, Schema params, Handler handler) {
        return new UnaryMethod(name, params, EMPTY_SCHEMA, handler);
    }

    /** The result schema: one field {@code result}, or empty for void methods. */
    public Schema resultSchema() {
        return resultSchema;
    }

    /** Whether the method returns nothing. */
    public boolean isVoid() {
        return resultSchema.getFields().isEmpty();
    }

    /** The body. */
    public Handler handler() {
        return handler;
    }

    @Override
    public boolean isStream() {
        return false;
    }
}
