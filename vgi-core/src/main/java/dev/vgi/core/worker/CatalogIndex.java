package dev.vgi.core.worker;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.vgi.core.catalog.Catalog;
import dev.vgi.core.catalog.CatalogSchema;
import dev.vgi.core.catalog.TableDefinition;
import dev.vgi.core.function.ScalarFunction;
import dev.vgi.core.function.TableFunction;
import dev.vgi.core.function.TableInOutFunction;
import dev.vgi.core.function.VgiFunction;

/**
 * One served catalog with what the dispatcher needs to look things up: the functions callable in
 * each schema, which include the scan functions of the schema's tables under the name the table
 * descriptor publishes ({@link #scanFunctionName}).
 */
final class CatalogIndex {

    private final Catalog catalog;
    private final Map<CatalogSchema, Map<String, List<VgiFunction>>> callable = new IdentityHashMap<>();
    private final Map<TableDefinition, String> scanNames = new IdentityHashMap<>();

    CatalogIndex(Catalog catalog) {
        this.catalog = catalog;
        for (CatalogSchema schema : catalog.schemas()) {
            Map<String, List<VgiFunction>> byName = new LinkedHashMap<>();
            for (VgiFunction f : schema.functions()) {
                byName.computeIfAbsent(key(f.name()), k -> new ArrayList<>()).add(f);
            }
            for (TableDefinition t : schema.tables()) {
                TableFunction scan = t.scanFunction();
                List<VgiFunction> same = byName.get(key(scan.name()));
                String name;
                if (same == null) {
                    name = scan.name();
                } else if (same.stream().anyMatch(f -> f == scan)) {
                    name = scan.name();
                    scanNames.put(t, name);
                    continue;
                } else {
                    // another function already answers to that name: publish a name of the table's own
                    name = scan.name() + "__" + t.name() + "_scan";
                    while (byName.containsKey(key(name))) {
                        name = name + "_";
                    }
                }
                byName.computeIfAbsent(key(name), k -> new ArrayList<>()).add(scan);
                scanNames.put(t, name);
            }
            callable.put(schema, byName);
        }
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    Catalog catalog() {
        return catalog;
    }

    String name() {
        return catalog.name();
    }

    /** The schema at {@code path}, or {@code null}. */
    CatalogSchema schema(List<String> path) {
        return catalog.schema(path);
    }

    /** The function name the descriptor of {@code table} publishes for its scan. */
    String scanFunctionName(TableDefinition table) {
        return scanNames.get(table);
    }

    /** Functions named {@code name} in {@code schema}, overloads and table scan functions included. */
    List<VgiFunction> callable(CatalogSchema schema, String name) {
        return callable.getOrDefault(schema, Map.of()).getOrDefault(key(name), List.of());
    }

    /**
     * The candidates a call may mean: in {@code schemaPath} when given, else the overload set of the
     * one schema that has the name (an error names the schemas when several do).
     *
     * @param kindFilter {@code SCALAR} keeps scalar functions, {@code TABLE} table and table-in-out
     *     functions, {@code null} keeps all
     */
    Candidates candidates(List<String> schemaPath, String functionName, String kindFilter) {
        List<VgiFunction> found = new ArrayList<>();
        CatalogSchema owner = null;
        if (schemaPath != null && !schemaPath.isEmpty()) {
            owner = schema(schemaPath);
            if (owner != null) {
                found.addAll(callable(owner, functionName));
            }
        } else {
            // the schemas that list the name; only if none does, those whose tables scan with it
            List<CatalogSchema> owners = owners(functionName, true);
            if (owners.isEmpty()) {
                owners = owners(functionName, false);
            }
            if (!owners.isEmpty()) {
                owner = owners.get(0);
                found.addAll(callable(owner, functionName));
                for (CatalogSchema other : owners.subList(1, owners.size())) {
                    if (!sameFunctions(found, callable(other, functionName))) {
                        throw WorkerErrors.invalidArgument("Ambiguous function call '" + functionName + "': it is declared in schemas "
                                + owners.stream().map(s -> String.join(".", s.path())).toList() + "; qualify the call with a schema");
                    }
                }
            }
        }
        if (kindFilter != null) {
            found.removeIf(f -> !kindMatches(f, kindFilter));
        }
        return new Candidates(owner, found);
    }

    private List<CatalogSchema> owners(String functionName, boolean listed) {
        List<CatalogSchema> owners = new ArrayList<>();
        for (CatalogSchema s : catalog.schemas()) {
            boolean has = listed ? !s.functions(functionName).isEmpty() : !callable(s, functionName).isEmpty();
            if (has) {
                owners.add(s);
            }
        }
        return owners;
    }

    private static boolean sameFunctions(List<VgiFunction> a, List<VgiFunction> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) != b.get(i)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code f} is of the wire {@code function_type} {@code kind}. */
    static boolean kindMatches(VgiFunction f, String kind) {
        return switch (kind) {
            case "SCALAR" -> f instanceof ScalarFunction;
            case "TABLE" -> f instanceof TableFunction || f instanceof TableInOutFunction;
            default -> false;
        };
    }

    /**
     * The functions a call may resolve to.
     *
     * @param schema the schema they live in ({@code null} when none has the name)
     * @param functions the overloads
     */
    record Candidates(CatalogSchema schema, List<VgiFunction> functions) {
    }
}
