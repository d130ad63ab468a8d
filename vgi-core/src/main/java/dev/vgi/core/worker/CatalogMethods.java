package dev.vgi.core.worker;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

import dev.vgi.core.arrow.ArrowValues;
import dev.vgi.core.arrow.SchemaMessages;
import dev.vgi.core.catalog.Catalog;
import dev.vgi.core.catalog.CatalogSchema;
import dev.vgi.core.catalog.TableDefinition;
import dev.vgi.core.catalog.ViewDefinition;
import dev.vgi.core.function.Cardinality;
import dev.vgi.core.function.ScalarFunction;
import dev.vgi.core.function.TableFunction;
import dev.vgi.core.function.TableInOutFunction;
import dev.vgi.core.function.VgiFunction;
import dev.vgi.core.protocol.Record;
import dev.vgi.core.protocol.RecordType;
import dev.vgi.core.protocol.RecordWriter;
import dev.vgi.core.protocol.VgiMethod;
import dev.vgi.core.protocol.VgiMethods;
import dev.vgi.core.protocol.VgiProtocol;
import dev.vgi.core.protocol.VgiRecords;
import dev.vgi.core.rpc.CallContext;
import dev.vgi.core.rpc.RpcException;
import dev.vgi.core.rpc.RpcService;
import dev.vgi.core.rpc.UnaryMethod;

/**
 * The unary methods of the worker: catalog discovery, {@code bind} and
 * {@code table_function_cardinality}, each answering one record in its {@code result} column.
 */
final class CatalogMethods {

    private final VgiWorker worker;
    private final FunctionCalls calls;

    private CatalogMethods(VgiWorker worker, FunctionCalls calls) {
        this.worker = worker;
        this.calls = calls;
    }

    /** The body of a unary method: the flat parameters by name (wrapped: {@code request}) to the result record bytes. */
    @FunctionalInterface
    private interface Body {
        byte[] answer(CallContext context, Map<String, Object> params) throws Exception;
    }

    static RpcService build(VgiWorker worker, FunctionCalls calls, InitStreams init) {
        CatalogMethods m = new CatalogMethods(worker, calls);
        RpcService.Builder b = RpcService.builder(VgiProtocol.NAME).version(VgiProtocol.VERSION);
        b.method(unary(VgiProtocol.CATALOG_CATALOGS, m::catalogs));
        b.method(unary(VgiProtocol.CATALOG_ATTACH, m::attach));
        b.method(unary(VgiProtocol.CATALOG_COPY_FROM_FORMATS,
                (ctx, p) -> items(VgiRecords.COPY_FROM_FORMATS_RESPONSE, List.of(), ctx.allocator())));
        b.method(unary(VgiProtocol.CATALOG_VERSION, m::version));
        b.method(unary(VgiProtocol.CATALOG_CONTENTS, m::contents));
        b.method(unary(VgiProtocol.CATALOG_SCHEMAS, m::schemas));
        b.method(unary(VgiProtocol.CATALOG_SCHEMA_GET, m::schemaGet));
        b.method(unary(VgiProtocol.CATALOG_SCHEMA_CONTENTS_FUNCTIONS, m::functions));
        b.method(unary(VgiProtocol.CATALOG_SCHEMA_CONTENTS_TABLES, m::tables));
        b.method(unary(VgiProtocol.CATALOG_SCHEMA_CONTENTS_VIEWS, m::views));
        b.method(unary(VgiProtocol.CATALOG_SCHEMA_CONTENTS_MACROS, (ctx, p) -> {
            m.schemaOf(p, "path");
            return items(VgiRecords.MACROS_RESPONSE, List.of(), ctx.allocator());
        }));
        b.method(unary(VgiProtocol.CATALOG_SCHEMA_CONTENTS_INDEXES, (ctx, p) -> {
            m.schemaOf(p, "path");
            return items(VgiRecords.INDEXES_RESPONSE, List.of(), ctx.allocator());
        }));
        b.method(unary(VgiProtocol.CATALOG_TABLE_GET, m::tableGet));
        b.method(unary(VgiProtocol.CATALOG_VIEW_GET, m::viewGet));
        b.method(unary(VgiProtocol.CATALOG_TABLE_SCAN_FUNCTION_GET, m::scanFunctionGet));
        b.method(unary(VgiProtocol.CATALOG_TABLE_SCAN_BRANCHES_GET, (ctx, p) -> {
            m.catalog(p);
            throw WorkerErrors.notImplemented(VgiProtocol.CATALOG_TABLE_SCAN_BRANCHES_GET);
        }));
        b.method(unary(VgiProtocol.BIND, m::bind));
        b.method(unary(VgiProtocol.TABLE_FUNCTION_CARDINALITY, m::cardinality));
        b.method(init.method());
        return b.build();
    }

    private static UnaryMethod unary(String name, Body body) {
        VgiMethod m = VgiMethods.byName(name);
        Field result = m.result().getFields().get(0);
        return UnaryMethod.of(name, m.params(), result, (ctx, params, out) -> {
            // by position under the declared names: the runtime hands dictionary-encoded parameters
            // over decoded but renamed after their dictionary (DICT0, ...)
            Map<String, Object> p = new LinkedHashMap<>();
            List<Field> declared = m.params().getFields();
            for (int i = 0; i < declared.size() && i < params.getFieldVectors().size() && params.getRowCount() > 0; i++) {
                p.put(declared.get(i).getName(), ArrowValues.read(params.getVector(i), 0));
            }
            byte[] bytes = body.answer(ctx, p);
            ((VarBinaryVector) out.getVector(0)).setSafe(0, bytes);
        });
    }

    private static byte[] items(RecordType response, List<byte[]> items, BufferAllocator allocator) {
        return response.encode(Map.of("items", items), allocator);
    }

    private static byte[] request(Map<String, Object> params) {
        Object v = params.get("request");
        if (!(v instanceof byte[] b)) {
            throw RpcException.valueError("request is null");
        }
        return b;
    }

    // ---------------------------------------------------------------- lookups

    private CatalogIndex catalog(Map<String, Object> params) {
        return worker.catalogForCall((byte[]) params.get("attach_opaque_data"));
    }

    @SuppressWarnings("unchecked")
    private static List<String> path(Map<String, Object> params, String field) {
        Object v = params.get(field);
        if (!(v instanceof List<?>)) {
            throw RpcException.valueError(field + " is null");
        }
        return (List<String>) v;
    }

    /** The schema a request names; a {@code NotFoundError} when the catalog has none at that path. */
    private CatalogSchema schemaOf(Map<String, Object> params, String field) {
        CatalogIndex catalog = catalog(params);
        List<String> path = path(params, field);
        CatalogSchema schema = catalog.schema(path);
        if (schema == null) {
            throw WorkerErrors.notFound("Schema " + String.join(".", path) + " not found in catalog '" + catalog.name() + "'");
        }
        return schema;
    }

    // ---------------------------------------------------------------- catalog discovery

    private byte[] catalogs(CallContext ctx, Map<String, Object> p) {
        List<byte[]> items = new ArrayList<>();
        for (CatalogIndex c : worker.catalogIndexes()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", c.name());
            row.put("implementation_version", worker.implementationVersion());
            row.put("data_version_spec", null);
            row.put("attach_option_specs", List.of());
            row.put("releases", List.of());
            row.put("source_url", worker.sourceUrl());
            items.add(VgiRecords.CATALOG_INFO.encode(row, ctx.allocator()));
        }
        return items(VgiRecords.CATALOGS_RESPONSE, items, ctx.allocator());
    }

    private byte[] attach(CallContext ctx, Map<String, Object> p) {
        Record req = VgiRecords.CATALOG_ATTACH_REQUEST.decode(request(p), ctx.allocator());
        String name = req.requireString("name");
        CatalogIndex index = worker.catalogNamed(name);
        if (index == null) {
            throw WorkerErrors.notFound("Unknown catalog '" + name + "'; this worker serves "
                    + worker.catalogIndexes().stream().map(CatalogIndex::name).toList());
        }
        Catalog c = index.catalog();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("attach_opaque_data", worker.attachToken(index));
        row.put("supports_transactions", false);
        row.put("supports_time_travel", false);
        row.put("catalog_version_frozen", false);
        row.put("catalog_version", c.version());
        row.put("attach_opaque_data_required", false);
        row.put("default_schema", c.defaultSchema());
        row.put("settings", List.of());
        row.put("secret_types", List.of());
        row.put("attach_catalogs", List.of());
        row.put("comment", c.comment());
        row.put("tags", c.tags());
        row.put("supports_column_statistics", false);
        row.put("global_functions", List.of());
        row.put("global_function_prefix", "");
        row.put("resolved_data_version", null);
        row.put("resolved_implementation_version", null);
        row.put("supports_catalog_contents", true);
        return VgiRecords.CATALOG_ATTACH_RESULT.encode(row, ctx.allocator());
    }

    private byte[] version(CallContext ctx, Map<String, Object> p) {
        return VgiRecords.CATALOG_VERSION_RESPONSE.encode(Map.of("version", catalog(p).catalog().version()), ctx.allocator());
    }

    private byte[] schemas(CallContext ctx, Map<String, Object> p) {
        List<byte[]> items = new ArrayList<>();
        for (CatalogSchema s : catalog(p).catalog().schemas()) {
            items.add(VgiRecords.SCHEMA_INFO.encode(WorkerRecords.schemaInfo(s), ctx.allocator()));
        }
        return items(VgiRecords.SCHEMAS_RESPONSE, items, ctx.allocator());
    }

    private byte[] schemaGet(CallContext ctx, Map<String, Object> p) {
        CatalogSchema s = catalog(p).schema(path(p, "path"));
        List<byte[]> items = s == null ? List.of() : List.of(VgiRecords.SCHEMA_INFO.encode(WorkerRecords.schemaInfo(s), ctx.allocator()));
        return items(VgiRecords.SCHEMAS_RESPONSE, items, ctx.allocator());
    }

    /**
     * Functions of the requested kind only: {@code SCALAR_FUNCTION} lists scalar functions,
     * {@code TABLE_FUNCTION} table and table-in-out functions, any other kind nothing.
     */
    private byte[] functions(CallContext ctx, Map<String, Object> p) {
        CatalogSchema s = schemaOf(p, "path");
        String type = String.valueOf(p.get("type"));
        List<byte[]> items = new ArrayList<>();
        for (VgiFunction f : s.functions()) {
            boolean wanted = switch (type) {
                case "SCALAR_FUNCTION" -> f instanceof ScalarFunction;
                case "TABLE_FUNCTION" -> f instanceof TableFunction || f instanceof TableInOutFunction;
                default -> false;
            };
            if (wanted) {
                items.add(VgiRecords.FUNCTION_INFO.encode(WorkerRecords.functionInfo(f, s.path(), ctx.allocator()), ctx.allocator()));
            }
        }
        return items(VgiRecords.FUNCTIONS_RESPONSE, items, ctx.allocator());
    }

    private byte[] tables(CallContext ctx, Map<String, Object> p) {
        CatalogIndex catalog = catalog(p);
        CatalogSchema s = schemaOf(p, "path");
        List<byte[]> items = new ArrayList<>();
        for (TableDefinition t : s.tables()) {
            items.add(VgiRecords.TABLE_INFO.encode(WorkerRecords.tableInfo(s, t, catalog.scanFunctionName(t), ctx.allocator()),
                    ctx.allocator()));
        }
        return items(VgiRecords.TABLES_RESPONSE, items, ctx.allocator());
    }

    private byte[] views(CallContext ctx, Map<String, Object> p) {
        CatalogSchema s = schemaOf(p, "path");
        List<byte[]> items = new ArrayList<>();
        for (ViewDefinition v : s.views()) {
            items.add(VgiRecords.VIEW_INFO.encode(WorkerRecords.viewInfo(s, v), ctx.allocator()));
        }
        return items(VgiRecords.VIEWS_RESPONSE, items, ctx.allocator());
    }

    private byte[] tableGet(CallContext ctx, Map<String, Object> p) {
        CatalogIndex catalog = catalog(p);
        CatalogSchema s = catalog.schema(path(p, "schema_path"));
        TableDefinition t = s == null ? null : s.table((String) p.get("name"));
        List<byte[]> items = t == null ? List.of()
                : List.of(VgiRecords.TABLE_INFO.encode(WorkerRecords.tableInfo(s, t, catalog.scanFunctionName(t), ctx.allocator()),
                        ctx.allocator()));
        return items(VgiRecords.TABLES_RESPONSE, items, ctx.allocator());
    }

    private byte[] viewGet(CallContext ctx, Map<String, Object> p) {
        CatalogSchema s = catalog(p).schema(path(p, "schema_path"));
        ViewDefinition v = s == null ? null : s.view((String) p.get("name"));
        List<byte[]> items = v == null ? List.of() : List.of(VgiRecords.VIEW_INFO.encode(WorkerRecords.viewInfo(s, v), ctx.allocator()));
        return items(VgiRecords.VIEWS_RESPONSE, items, ctx.allocator());
    }

    private byte[] scanFunctionGet(CallContext ctx, Map<String, Object> p) {
        CatalogIndex catalog = catalog(p);
        List<String> path = path(p, "schema_path");
        CatalogSchema s = catalog.schema(path);
        String name = (String) p.get("name");
        TableDefinition t = s == null ? null : s.table(name);
        if (t == null) {
            throw WorkerErrors.notFound("Table " + String.join(".", path) + "." + name + " not found in catalog '"
                    + catalog.name() + "'");
        }
        return VgiRecords.SCAN_FUNCTION_RESULT.encode(WorkerRecords.scanFunction(s, t, catalog.scanFunctionName(t), ctx.allocator()),
                ctx.allocator());
    }

    /**
     * The whole catalog in one answer (2.2 collections): every schema, table, view and function,
     * each collection one IPC stream of its records, null when empty. No etag: the client revalidates
     * through {@code catalog_version}.
     */
    private byte[] contents(CallContext ctx, Map<String, Object> p) {
        CatalogIndex catalog = catalog(p);
        BufferAllocator a = ctx.allocator();
        List<Map<String, ?>> schemas = new ArrayList<>();
        List<Map<String, ?>> tables = new ArrayList<>();
        List<Map<String, ?>> views = new ArrayList<>();
        List<Map<String, ?>> functions = new ArrayList<>();
        for (CatalogSchema s : catalog.catalog().schemas()) {
            schemas.add(WorkerRecords.schemaInfo(s));
            for (TableDefinition t : s.tables()) {
                tables.add(WorkerRecords.tableInfo(s, t, catalog.scanFunctionName(t), a));
            }
            for (ViewDefinition v : s.views()) {
                views.add(WorkerRecords.viewInfo(s, v));
            }
            for (VgiFunction f : s.functions()) {
                functions.add(WorkerRecords.functionInfo(f, s.path(), a));
            }
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("catalog_version", catalog.catalog().version());
        row.put("etag", null);
        row.put("not_modified", false);
        row.put("schemas", collection(VgiRecords.SCHEMA_INFO, schemas, a));
        row.put("tables", collection(VgiRecords.TABLE_INFO, tables, a));
        row.put("views", collection(VgiRecords.VIEW_INFO, views, a));
        row.put("functions", collection(VgiRecords.FUNCTION_INFO, functions, a));
        row.put("macros", null);
        row.put("indexes", null);
        return VgiRecords.CATALOG_CONTENTS_RESPONSE.encode(row, a);
    }

    private static byte[] collection(RecordType type, List<Map<String, ?>> rows, BufferAllocator allocator) {
        return rows.isEmpty() ? null : RecordWriter.writeAll(type, rows, allocator);
    }

    // ---------------------------------------------------------------- functions

    /** {@code bind}: resolves the call and asks the function for its output schema. */
    private byte[] bind(CallContext ctx, Map<String, Object> p) throws Exception {
        Record req = VgiRecords.BIND_REQUEST.decode(request(p), ctx.allocator());
        BoundCall call = calls.resolve(req, ctx);
        Schema output = outputSchema(call);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("output_schema", SchemaMessages.serialize(output));
        row.put("opaque_data", null);
        row.put("lookup_secret_types", List.of());
        row.put("lookup_scopes", List.of());
        row.put("lookup_names", List.of());
        return VgiRecords.BIND_RESPONSE.encode(row, ctx.allocator());
    }

    /** Runs the function's bind; an {@link IllegalArgumentException} is the caller's mistake. */
    private static Schema outputSchema(BoundCall call) throws Exception {
        VgiFunction f = call.function();
        try {
            if (f instanceof ScalarFunction s) {
                Field out = s.bind(call);
                if (out == null) {
                    throw RpcException.runtimeError(f.name() + ".bind() returned no output field");
                }
                return new Schema(List.of(out));
            }
            Schema out = f instanceof TableFunction t ? t.bind(call) : ((TableInOutFunction) f).bind(call);
            if (out == null) {
                throw RpcException.runtimeError(f.name() + ".bind() returned no output schema");
            }
            return out;
        } catch (IllegalArgumentException e) {
            throw WorkerErrors.userError(f.name(), e);
        }
    }

    private byte[] cardinality(CallContext ctx, Map<String, Object> p) throws Exception {
        Record req = VgiRecords.TABLE_FUNCTION_CARDINALITY_REQUEST.decode(request(p), ctx.allocator());
        Record bind = VgiRecords.BIND_REQUEST.decode(req.requireBytes("bind_call"), ctx.allocator());
        BoundCall call = calls.resolve(bind, ctx);
        Cardinality c = Cardinality.UNKNOWN;
        if (call.function() instanceof TableFunction t) {
            c = t.cardinality(call);
        } else if (call.function() instanceof ScalarFunction) {
            throw RpcException.valueError("Cardinality estimation is only supported for table functions, but '"
                    + call.function().name() + "' is a scalar function");
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("estimate", c == null ? null : c.estimate());
        row.put("max", c == null ? null : c.max());
        return VgiRecords.TABLE_CARDINALITY.encode(row, ctx.allocator());
    }
}
