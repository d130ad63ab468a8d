package dev.vgi.core.worker;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

import dev.vgi.core.arrow.ArrowValues;
import dev.vgi.core.catalog.CatalogSchema;
import dev.vgi.core.function.Arguments;
import dev.vgi.core.function.VgiFunction;
import dev.vgi.core.protocol.Record;
import dev.vgi.core.rpc.Batches;
import dev.vgi.core.rpc.CallContext;
import dev.vgi.core.rpc.RpcException;
import dev.vgi.core.rpc.ipc.IpcMessageReader;
import dev.vgi.core.rpc.ipc.IpcStreamReader;

/**
 * Turns a {@code BindRequest} into a {@link BoundCall}: finds the catalog (from the attach token),
 * the overloads of the named function in the named schema, selects the one the arguments fit
 * (spec §7.11) and binds the argument values to it. The same resolution serves {@code bind},
 * {@code init} (whose {@code bind_call} is the bind request's bytes) and the planning calls.
 */
final class FunctionCalls {

    private final VgiWorker worker;

    FunctionCalls(VgiWorker worker) {
        this.worker = worker;
    }

    /** Resolves a decoded {@code BindRequest}. */
    BoundCall resolve(Record bind, CallContext context) {
        BufferAllocator allocator = context.allocator();
        CatalogIndex catalog = worker.catalogForCall(bind.getBytes("attach_opaque_data"));
        String name = bind.requireString("function_name");
        String kind = bind.getString("function_type");
        if (kind != null && !kind.equals("SCALAR") && !kind.equals("TABLE")) {
            throw WorkerErrors.notFound("Unknown function '" + name + "': this worker serves no " + kind + " functions");
        }
        List<String> schemaPath = bind.getStringList("schema_path");
        Schema input = bind.getSchema("input_schema");
        CallArguments args = decodeArguments(bind.requireBytes("arguments"), allocator);
        CatalogIndex.Candidates candidates = catalog.candidates(schemaPath, name, kind);
        if (candidates.functions().isEmpty()) {
            throw unknown(catalog, schemaPath, name, kind);
        }
        VgiFunction selected = select(name, candidates.functions(), args, input);
        Arguments bound = ArgumentSpecs.bind(selected, args);
        return new BoundCall(selected, catalog, candidates.schema().path(), bound, input,
                decodeSettings(bind.getBytes("settings"), allocator), decodeSecrets(bind.getBytes("secrets"), allocator), context);
    }

    private static RpcException unknown(CatalogIndex catalog, List<String> schemaPath, String name, String kind) {
        CatalogIndex.Candidates anyKind = catalog.candidates(schemaPath, name, null);
        if (!anyKind.functions().isEmpty()) {
            String actual = WorkerRecords.functionType(anyKind.functions().get(0));
            return WorkerErrors.notFound("Function '" + name + "' is a " + actual + " function, not a " + kind + " function");
        }
        if (schemaPath != null && !schemaPath.isEmpty()) {
            CatalogSchema schema = catalog.schema(schemaPath);
            if (schema == null) {
                return WorkerErrors.notFound("Unknown function '" + name + "': catalog '" + catalog.name() + "' has no schema "
                        + String.join(".", schemaPath));
            }
            try {
                CatalogIndex.Candidates elsewhere = catalog.candidates(null, name, null);
                if (!elsewhere.functions().isEmpty() && elsewhere.schema() != null) {
                    return WorkerErrors.notFound("Function '" + name + "' is not registered in schema "
                            + String.join(".", schemaPath) + "; it is available in " + String.join(".", elsewhere.schema().path()));
                }
            } catch (RpcException ambiguous) {
                // declared in several other schemas: the plain message below
            }
        }
        return WorkerErrors.notFound("Unknown function '" + name + "'");
    }

    /** The overload the call fits best; an {@code InvalidArgumentError} naming the problem when none does. */
    static VgiFunction select(String name, List<VgiFunction> candidates, CallArguments args, Schema input) {
        List<VgiFunction> best = new ArrayList<>();
        int bestScore = Integer.MIN_VALUE;
        List<ArgumentSpecs.Match> problems = new ArrayList<>();
        for (VgiFunction f : candidates) {
            ArgumentSpecs.Match m = ArgumentSpecs.match(f, args, input);
            if (!m.accepted()) {
                problems.add(m);
                continue;
            }
            if (m.score() > bestScore) {
                best.clear();
                bestScore = m.score();
            }
            if (m.score() == bestScore) {
                best.add(f);
            }
        }
        if (best.size() == 1) {
            return best.get(0);
        }
        if (best.isEmpty()) {
            if (candidates.size() == 1) {
                throw WorkerErrors.invalidArgument(problems.get(0).problem());
            }
            StringBuilder sb = new StringBuilder("No matching function '" + name + "' for arguments " + args.describe());
            if (input != null) {
                sb.append(" with input columns ").append(describe(input));
            }
            sb.append(". Candidates:");
            for (int i = 0; i < candidates.size(); i++) {
                sb.append("\n  ").append(ArgumentSpecs.signature(candidates.get(i))).append(": ").append(problems.get(i).problem());
            }
            throw WorkerErrors.invalidArgument(sb.toString());
        }
        throw WorkerErrors.invalidArgument("Ambiguous function call '" + name + "' for arguments " + args.describe()
                + ": several overloads match equally well: "
                + best.stream().map(ArgumentSpecs::signature).toList());
    }

    private static String describe(Schema s) {
        List<String> parts = new ArrayList<>();
        for (Field f : s.getFields()) {
            parts.add(f.getName() + " " + ArgumentSpecs.typeName(f));
        }
        return "(" + String.join(", ", parts) + ")";
    }

    // ---------------------------------------------------------------- decoding

    /**
     * Decodes {@code BindRequest.arguments}: one row of {@code args: struct<positional_N…, named_X…>}.
     * Zero rows and a null struct with no children both mean "no arguments".
     */
    static CallArguments decodeArguments(byte[] ipc, BufferAllocator allocator) {
        if (ipc == null || ipc.length == 0) {
            return CallArguments.NONE;
        }
        try (IpcStreamReader reader = IpcStreamReader.open(new IpcMessageReader(new ByteArrayInputStream(ipc)), allocator)) {
            if (reader == null || reader.next() == null) {
                return CallArguments.NONE;
            }
            try (VectorSchemaRoot root = Batches.detach(reader.root(), reader.dictionaries(), allocator)) {
                reader.drain();
                if (root.getRowCount() == 0 || root.getFieldVectors().isEmpty()) {
                    return CallArguments.NONE;
                }
                // names come from the wire schema: decoded dictionary columns are renamed after their dictionary
                List<FieldVector> columns;
                List<Field> names;
                FieldVector first = root.getVector(0);
                if (root.getFieldVectors().size() == 1 && first instanceof StructVector struct) {
                    columns = struct.getChildrenFromFields();
                    names = reader.wireSchema().getFields().get(0).getChildren();
                } else {
                    // tolerate a flat batch (positional_N / named_X, or arg_N as ScanFunctionResult writes them)
                    columns = root.getFieldVectors();
                    names = reader.wireSchema().getFields();
                }
                TreeMap<Integer, CallArguments.Value> positional = new TreeMap<>();
                Map<String, CallArguments.Value> named = new LinkedHashMap<>();
                for (int i = 0; i < columns.size(); i++) {
                    FieldVector v = columns.get(i);
                    String n = names.get(i).getName();
                    CallArguments.Value value = new CallArguments.Value(read(v, 0), v.getField());
                    if (n.startsWith("named_")) {
                        named.put(n.substring("named_".length()), value);
                    } else if (n.startsWith("positional_") || n.startsWith("arg_")) {
                        try {
                            positional.put(Integer.parseInt(n.substring(n.indexOf('_') + 1)), value);
                        } catch (NumberFormatException e) {
                            throw RpcException.valueError("BindRequest.arguments: malformed argument column '" + n + "'");
                        }
                    } else {
                        named.put(n, value);
                    }
                }
                return new CallArguments(new ArrayList<>(positional.values()), named);
            }
        } catch (IOException e) {
            throw RpcException.valueError("BindRequest.arguments is not an Arrow IPC stream: " + e.getMessage());
        }
    }

    /** The settings batch: one value per setting that is set. */
    static Map<String, Object> decodeSettings(byte[] ipc, BufferAllocator allocator) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : firstRow(ipc, allocator).entrySet()) {
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    /** The secrets batch: one struct column per resolved secret, by secret name. */
    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> decodeSecrets(byte[] ipc, BufferAllocator allocator) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : firstRow(ipc, allocator).entrySet()) {
            if (e.getValue() instanceof Map<?, ?> m) {
                out.put(e.getKey(), (Map<String, Object>) m);
            }
        }
        return out;
    }

    private static Map<String, Object> firstRow(byte[] ipc, BufferAllocator allocator) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (ipc == null || ipc.length == 0) {
            return out;
        }
        try (IpcStreamReader reader = IpcStreamReader.open(new IpcMessageReader(new ByteArrayInputStream(ipc)), allocator)) {
            if (reader == null || reader.next() == null) {
                return out;
            }
            try (VectorSchemaRoot root = Batches.detach(reader.root(), reader.dictionaries(), allocator)) {
                reader.drain();
                if (root.getRowCount() > 0) {
                    List<Field> names = reader.wireSchema().getFields();
                    for (int i = 0; i < names.size(); i++) {
                        out.put(names.get(i).getName(), read(root.getVector(i), 0));
                    }
                }
            }
        } catch (IOException e) {
            throw RpcException.valueError("not an Arrow IPC stream: " + e.getMessage());
        }
        return out;
    }

    /** A value in the {@link ArrowValues} model, or Arrow's own Java object for types outside it. */
    static Object read(FieldVector v, int index) {
        try {
            return ArrowValues.read(v, index);
        } catch (IllegalArgumentException e) {
            return v.getObject(index);
        }
    }
}
