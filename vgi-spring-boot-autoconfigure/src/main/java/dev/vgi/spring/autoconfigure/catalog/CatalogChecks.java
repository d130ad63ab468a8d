package dev.vgi.spring.autoconfigure.catalog;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.springframework.aop.support.AopUtils;

import dev.vgi.core.catalog.Catalog;
import dev.vgi.core.catalog.CatalogSchema;
import dev.vgi.core.catalog.TableDefinition;
import dev.vgi.core.catalog.ViewDefinition;
import dev.vgi.core.function.Argument;
import dev.vgi.core.function.BindContext;
import dev.vgi.core.function.ScalarFunction;
import dev.vgi.core.function.TableFunction;
import dev.vgi.core.function.TableInOutFunction;
import dev.vgi.core.function.VgiFunction;
import dev.vgi.core.worker.ArgumentSpecs;
import dev.vgi.spring.autoconfigure.catalog.InvalidVgiCatalogException.Problem;

/**
 * The start-up checks of what the worker is about to serve, each failing with a message that names
 * the beans involved and says what to change: argument declarations DuckDB cannot call, two
 * functions with one SQL signature in a schema, two tables or views with one name in a schema, two
 * catalogs with one name, a default schema that does not exist.
 */
final class CatalogChecks {

    private static final String PLACE = "place one of them in another schema with @VgiSchema(\"...\") on its class or @Bean method";

    private final Function<Object, String> origins;
    private final List<Problem> problems = new ArrayList<>();
    private final Set<VgiFunction> checkedFunctions = java.util.Collections.newSetFromMap(new IdentityHashMap<>());

    /**
     * @param origins describes where a function, table or view comes from ("bean 'x' (…)"), or
     *     {@code null} when unknown
     */
    CatalogChecks(Function<Object, String> origins) {
        this.origins = origins;
    }

    /** Throws {@link InvalidVgiCatalogException} if any check failed. */
    void throwIfInvalid() {
        if (!problems.isEmpty()) {
            throw new InvalidVgiCatalogException(problems);
        }
    }

    /** Whether every check so far passed. */
    boolean valid() {
        return problems.isEmpty();
    }

    /** Checks every schema of {@code catalog}, its default schema, and its name against {@code seen}. */
    void catalog(Catalog catalog, Map<String, String> seenCatalogs, String catalogOrigin) {
        String key = catalog.name().toLowerCase(Locale.ROOT);
        String previous = seenCatalogs.putIfAbsent(key, catalogOrigin);
        if (previous != null) {
            problems.add(new Problem("Two catalogs are named '" + catalog.name() + "': " + previous + " and " + catalogOrigin
                    + ". DuckDB attaches catalogs by name.",
                    "Rename one of them: the catalog assembled from beans is named by vgi.catalog.name (default "
                            + "spring.application.name); a Catalog bean by Catalog.builder(name)."));
        }
        for (CatalogSchema s : catalog.schemas()) {
            schema(catalog.name(), s.path(), s.functions(), s.tables(), s.views());
        }
        boolean hasDefault = catalog.schemas().stream().anyMatch(s -> String.join(".", s.path()).equalsIgnoreCase(catalog.defaultSchema()));
        if (!hasDefault) {
            problems.add(new Problem("The default schema '" + catalog.defaultSchema() + "' of catalog '" + catalog.name()
                    + "' (" + catalogOrigin + ") does not exist; its schemas are "
                    + catalog.schemas().stream().map(s -> String.join(".", s.path())).toList() + ".",
                    "Name an existing schema as the default (vgi.catalog.default-schema, or Catalog.Builder.defaultSchema), "
                            + "or add a schema of that name."));
        }
    }

    /** Checks one schema's contents. */
    void schema(String catalog, List<String> path, List<VgiFunction> functions, List<TableDefinition> tables,
            List<ViewDefinition> views) {
        String where = "schema '" + String.join(".", path) + "' of catalog '" + catalog + "'";
        Map<String, List<VgiFunction>> bySignature = new LinkedHashMap<>();
        for (VgiFunction f : functions) {
            if (!function(f)) {
                continue;
            }
            bySignature.computeIfAbsent(signatureKey(f), k -> new ArrayList<>()).add(f);
        }
        for (List<VgiFunction> same : bySignature.values()) {
            if (same.size() > 1) {
                VgiFunction first = same.get(0);
                problems.add(new Problem((first instanceof ScalarFunction ? "Scalar" : "Table") + " functions with the same SQL signature "
                        + signature(first) + " in " + where + ": " + String.join(", ", same.stream().map(this::origin).toList())
                        + ". DuckDB could not tell the calls apart.",
                        "Rename one of " + first.name() + "'s declarations (the SQL name comes from VgiFunction.name(), not from the "
                                + "bean name), change its positional argument types (named arguments do not distinguish overloads), or "
                                + PLACE + "."));
            }
        }
        Map<String, List<Object>> byName = new LinkedHashMap<>();
        for (TableDefinition t : tables) {
            byName.computeIfAbsent(t.name() == null ? "" : t.name().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(t);
        }
        for (ViewDefinition v : views) {
            byName.computeIfAbsent(v.name() == null ? "" : v.name().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(v);
        }
        for (Map.Entry<String, List<Object>> e : byName.entrySet()) {
            if (e.getKey().isBlank()) {
                for (Object o : e.getValue()) {
                    problems.add(new Problem("A " + kind(o) + " without a name in " + where + ": " + origin(o) + ".",
                            "Give it a name (TableDefinition.name() / ViewDefinition.name())."));
                }
            } else if (e.getValue().size() > 1) {
                problems.add(new Problem("More than one table or view is named '" + e.getKey() + "' in " + where + ": "
                        + String.join(", ", e.getValue().stream().map(o -> kind(o) + " " + origin(o)).toList())
                        + ". Tables and views share one namespace (names are case-insensitive).",
                        "Rename one of them, or " + PLACE + "."));
            }
        }
    }

    /** Checks one function's declaration; {@code false} when it is unusable. */
    private boolean function(VgiFunction f) {
        boolean first = checkedFunctions.add(f);
        String name = f.name();
        String who = origin(f);
        if (name == null || name.isBlank()) {
            if (first) {
                problems.add(new Problem("A function without a SQL name: " + who + ".", "Return the SQL name from VgiFunction.name()."));
            }
            return false;
        }
        List<Argument> args = f.arguments();
        if (args == null) {
            if (first) {
                problems.add(new Problem("Function " + name + " (" + who + ") returns null from arguments().",
                        "Return List.of() for a function without arguments."));
            }
            return false;
        }
        if (!first) {
            return true;
        }
        int before = problems.size();
        String fn = "Function " + name + " (" + who + ")";
        Map<String, Integer> names = new LinkedHashMap<>();
        int varargs = -1;
        int tables = 0;
        for (int i = 0; i < args.size(); i++) {
            Argument a = args.get(i);
            if (a == null) {
                problems.add(new Problem(fn + " declares a null argument at position " + i + ".", "Remove the null from arguments()."));
                continue;
            }
            if (names.put(a.name().toLowerCase(Locale.ROOT), i) != null) {
                problems.add(new Problem(fn + " declares the argument name '" + a.name() + "' twice.",
                        "Give every argument of " + name + " its own name (names are case-insensitive)."));
            }
            if (varargs >= 0 && a.kind() != Argument.Kind.NAMED) {
                problems.add(new Problem(fn + " declares " + describe(a) + " after the varargs argument '" + args.get(varargs).name()
                        + "', which takes every remaining positional value.",
                        "Make the varargs argument the last positional argument of " + name + " (named arguments may follow it)."));
            }
            switch (a.kind()) {
                case VARARGS -> {
                    if (varargs >= 0) {
                        problems.add(new Problem(fn + " declares two varargs arguments ('" + args.get(varargs).name() + "' and '"
                                + a.name() + "').", "Keep one varargs argument, as the last positional argument."));
                    } else {
                        varargs = i;
                    }
                }
                case NAMED -> {
                    if (f instanceof ScalarFunction) {
                        problems.add(new Problem(fn + " is a scalar function and declares the named argument '" + a.name()
                                + "'; DuckDB passes scalar functions positional values only.",
                                "Declare '" + a.name() + "' positional (Argument.of), constant if it configures the call "
                                        + "(Argument.of(...).asConstant()), or make " + name + " a table function."));
                    }
                }
                case TABLE -> {
                    tables++;
                    if (!(f instanceof TableInOutFunction)) {
                        problems.add(new Problem(fn + " declares the table argument '" + a.name()
                                + "', which only a table-in-out function can take.",
                                "Implement TableInOutFunction for " + name + ", or declare '" + a.name() + "' as a value argument."));
                    }
                }
                default -> {
                }
            }
        }
        if (tables > 1 && f instanceof TableInOutFunction) {
            problems.add(new Problem(fn + " declares " + tables + " table arguments; a table-in-out function reads one input relation.",
                    "Declare a single Argument.table(...) in " + name + "."));
        }
        if (f instanceof ScalarFunction scalar && scalar.returnType() == null && !overridesScalarBind(scalar)) {
            problems.add(new Problem(fn + " declares no return type (returnType() is null, meaning it is decided at bind) "
                    + "but does not override bind().",
                    "Return the Arrow type from returnType(), or override bind(BindContext) to derive the output field from the call."));
        }
        if (f instanceof TableFunction table) {
            try {
                table.capabilities();
            } catch (RuntimeException e) {
                problems.add(new Problem(fn + " fails in capabilities(): " + e.getMessage() + ".", "Fix its TableCapabilities."));
            }
        }
        return problems.size() == before;
    }

    private static boolean overridesScalarBind(ScalarFunction f) {
        try {
            Method m = AopUtils.getTargetClass(f).getMethod("bind", BindContext.class);
            return m.getDeclaringClass() != ScalarFunction.class;
        } catch (NoSuchMethodException e) {
            return true;
        }
    }

    private static String describe(Argument a) {
        return switch (a.kind()) {
            case TABLE -> "the table argument '" + a.name() + "'";
            case VARARGS -> "another varargs argument '" + a.name() + "'";
            default -> "the positional argument '" + a.name() + "'";
        };
    }

    /** Kind group, SQL name and positional types: what DuckDB resolves an overload by. */
    private static String signatureKey(VgiFunction f) {
        StringBuilder key = new StringBuilder(f instanceof ScalarFunction ? "scalar:" : "table:");
        key.append(f.name().toLowerCase(Locale.ROOT)).append('(');
        for (Argument a : f.arguments()) {
            if (a == null || a.kind() == Argument.Kind.NAMED) {
                continue;
            }
            key.append(a.kind()).append(' ');
            key.append(a.kind() == Argument.Kind.TABLE ? "TABLE" : a.isAny() ? "ANY" : ArgumentSpecs.typeName(a.toField()));
            key.append(',');
        }
        return key.append(')').toString();
    }

    private static String signature(VgiFunction f) {
        try {
            return ArgumentSpecs.signature(f);
        } catch (RuntimeException e) {
            return f.name() + "(…)";
        }
    }

    private static String kind(Object o) {
        return o instanceof ViewDefinition ? "view" : "table";
    }

    private String origin(Object item) {
        String o = origins.apply(item);
        if (o != null) {
            return o;
        }
        if (item instanceof VgiFunction f) {
            return "function " + f.getClass().getName();
        }
        return "added by a VgiCatalogCustomizer";
    }
}
