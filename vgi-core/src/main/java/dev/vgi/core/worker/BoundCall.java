package dev.vgi.core.worker;

import java.util.List;
import java.util.Map;

import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

import dev.vgi.core.function.Arguments;
import dev.vgi.core.function.BindContext;
import dev.vgi.core.function.ScalarCall;
import dev.vgi.core.function.VgiFunction;
import dev.vgi.core.rpc.CallContext;
import dev.vgi.core.rpc.Identity;
import dev.vgi.core.rpc.LogLevel;

/**
 * A resolved call: the function it selected and the context its bind, scan or processor sees. Log
 * records go to the call that is being served at the time (the bind, or the current stream turn).
 */
final class BoundCall implements BindContext, ScalarCall {

    private final VgiFunction function;
    private final CatalogIndex catalog;
    private final List<String> schemaPath;
    private final Arguments arguments;
    private final Schema inputSchema;
    private final Map<String, Object> settings;
    private final Map<String, Map<String, Object>> secrets;
    private volatile CallContext context;
    private Field outputField;

    BoundCall(VgiFunction function, CatalogIndex catalog, List<String> schemaPath, Arguments arguments, Schema inputSchema,
            Map<String, Object> settings, Map<String, Map<String, Object>> secrets, CallContext context) {
        this.function = function;
        this.catalog = catalog;
        this.schemaPath = List.copyOf(schemaPath);
        this.arguments = arguments;
        this.inputSchema = inputSchema;
        this.settings = Map.copyOf(settings);
        this.secrets = Map.copyOf(secrets);
        this.context = context;
    }

    VgiFunction function() {
        return function;
    }

    CatalogIndex catalog() {
        return catalog;
    }

    /** Routes logs (and {@link #identity()}) to {@code current}. */
    void attach(CallContext current) {
        this.context = current;
    }

    void outputField(Field field) {
        this.outputField = field;
    }

    @Override
    public String functionName() {
        return function.name();
    }

    @Override
    public List<String> schemaPath() {
        return schemaPath;
    }

    @Override
    public Arguments arguments() {
        return arguments;
    }

    @Override
    public Schema inputSchema() {
        return inputSchema;
    }

    @Override
    public Map<String, Object> settings() {
        return settings;
    }

    @Override
    public Map<String, Map<String, Object>> secrets() {
        return secrets;
    }

    @Override
    public Identity identity() {
        CallContext c = context;
        return c == null ? Identity.ANONYMOUS : c.identity();
    }

    @Override
    public void log(LogLevel level, String message) {
        CallContext c = context;
        if (c != null) {
            c.log(level, message);
        }
    }

    @Override
    public BindContext binding() {
        return this;
    }

    @Override
    public Field outputField() {
        return outputField;
    }

    @Override
    public String toString() {
        return function.name() + arguments;
    }
}
