package dev.vgi.core.pushdown;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntFunction;
import java.util.regex.Pattern;

import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

import dev.vgi.core.pushdown.FilterException.Reason;
import dev.vgi.core.pushdown.FilterExpression.Arithmetic;
import dev.vgi.core.pushdown.FilterExpression.ArithmeticOp;
import dev.vgi.core.pushdown.FilterExpression.Call;
import dev.vgi.core.pushdown.FilterExpression.Cast;
import dev.vgi.core.pushdown.FilterExpression.ColumnRef;
import dev.vgi.core.pushdown.FilterExpression.Comparison;
import dev.vgi.core.pushdown.FilterExpression.ComparisonOp;
import dev.vgi.core.pushdown.FilterExpression.ExternalSet;
import dev.vgi.core.pushdown.FilterExpression.FieldRef;
import dev.vgi.core.pushdown.FilterExpression.In;
import dev.vgi.core.pushdown.FilterExpression.InSet;
import dev.vgi.core.pushdown.FilterExpression.IsNull;
import dev.vgi.core.pushdown.FilterExpression.Literal;
import dev.vgi.core.pushdown.FilterExpression.LiteralSet;
import dev.vgi.core.pushdown.FilterExpression.Negate;
import dev.vgi.core.pushdown.FilterExpression.Not;
import dev.vgi.core.pushdown.FilterExpression.NullHandling;
import dev.vgi.core.pushdown.FilterExpression.RuntimeFilter;
import dev.vgi.core.pushdown.FilterExpression.Unsupported;
import dev.vgi.core.util.Json;
import dev.vgi.core.util.JsonParseException;

/**
 * Parses the JSON document of a {@link FilterBatch} into predicates (delta spec §2.6.3–§2.6.4),
 * as strictly as the reference consumer: exact key sets, typed values, the reference limits. Two
 * deliberate differences: a node kind it does not know becomes {@link Unsupported} (so advisory
 * predicates holding one can be skipped), and a {@code call} of an unknown function is kept (the
 * evaluator refuses it). Type checks that need the bind schema are left to the evaluator.
 */
final class FilterParser {

    static final String SEMANTICS = "vgi.duckdb.standard.v1";
    static final int MAX_DEPTH = 64;
    static final int MAX_NODES = 10_000;
    static final int MAX_PREDICATES = 1_024;
    static final int MAX_PREDICATE_IDS = 4_096;
    static final int MAX_ARGUMENTS = 256;
    static final int MAX_ID_BYTES = 128;
    /** JSON nesting allowed: every expression level may add an object and an array. */
    static final int MAX_JSON_DEPTH = 4 * MAX_DEPTH + 8;

    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final Pattern NAMESPACE = Pattern.compile("[a-z][a-z0-9]*(?:\\.[a-z][a-z0-9_]*)*");
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
    private static final Set<String> RUNTIME_ALGORITHMS = Set.of("duckdb.runtime_filter/bloom@1",
            "duckdb.runtime_filter/prefix_range@1");

    private final FilterBatch batch;
    private final IntFunction<FilterBatch.JoinKeys> joinKeys;
    private final int joinKeyCount;
    private final Map<String, Object> document;
    private int nodes;

    FilterParser(FilterBatch batch, int joinKeyCount, IntFunction<FilterBatch.JoinKeys> joinKeys) {
        this.batch = batch;
        this.joinKeys = joinKeys;
        this.joinKeyCount = joinKeyCount;
        Object parsed;
        try {
            parsed = Json.parse(batch.document, new Json.Limits(MAX_JSON_DEPTH, FilterBatch.MAX_JSON_BYTES));
        } catch (JsonParseException e) {
            Reason reason = e.kind() == JsonParseException.Kind.TOO_DEEP || e.kind() == JsonParseException.Kind.TOO_LARGE
                    ? Reason.LIMIT_EXCEEDED : Reason.MALFORMED;
            throw new FilterException(reason, "invalid filter JSON: " + e.getMessage(), e);
        }
        this.document = object(parsed, "filter document");
    }

    static FilterException malformed(String message) {
        return new FilterException(Reason.MALFORMED, message);
    }

    // ---- documents ------------------------------------------------------------------------------

    private List<Object> header(String kind, String member) {
        keys(document, Set.of("encoding", "semantics", "kind", member), Set.of(), "filter document");
        if (!FilterBatch.ENCODING.equals(document.get("encoding"))) {
            throw new FilterException(Reason.UNSUPPORTED_VERSION, "document encoding must be vgi.filters.v2");
        }
        if (!SEMANTICS.equals(document.get("semantics"))) {
            throw new FilterException(Reason.UNSUPPORTED_VERSION,
                    "unsupported filter semantics " + quoted(document.get("semantics")));
        }
        if (!kind.equals(document.get("kind"))) {
            throw malformed("expected a " + kind + " filter document");
        }
        return array(document.get(member), member);
    }

    /** The predicates of a snapshot document. */
    List<Predicate> snapshot() {
        List<Object> entries = header("snapshot", "predicates");
        if (entries.size() > MAX_PREDICATES) {
            throw new FilterException(Reason.LIMIT_EXCEEDED, "snapshot exceeds predicate limit");
        }
        List<Predicate> out = new ArrayList<>(entries.size());
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            String where = "predicates[" + i + "]";
            Predicate p = predicate(object(entries.get(i), where), where, false);
            if (p.revision() != 0) {
                throw malformed("snapshot predicate revisions must be zero");
            }
            if (!ids.add(p.id())) {
                throw malformed("duplicate predicate ID '" + p.id() + "'");
            }
            out.add(p);
        }
        return out;
    }

    /** One update of a delta: {@code predicate == null} removes {@code id}. */
    record Update(String id, long revision, Predicate predicate) {
    }

    /**
     * The applicable updates of a delta document, validated against the prior state (revisions
     * are unsigned; an id absent from {@code revisions} has never been seen).
     */
    List<Update> delta(Map<String, Long> revisions, Set<String> requiredIds) {
        List<Object> updates = header("delta", "updates");
        Set<String> seen = new HashSet<>();
        List<Update> applicable = new ArrayList<>();
        for (int i = 0; i < updates.size(); i++) {
            String where = "updates[" + i + "]";
            Map<String, Object> obj = object(updates.get(i), where);
            Object operation = obj.get("operation");
            String id;
            long revision;
            boolean upsert;
            if ("remove".equals(operation)) {
                keys(obj, Set.of("operation", "id", "revision"), Set.of(), where);
                id = predicateId(obj.get("id"), where);
                revision = uint64(obj.get("revision"), where + ".revision");
                upsert = false;
            } else if ("upsert".equals(operation)) {
                keys(obj, Set.of("operation", "id", "revision", "mode", "source", "expression"), Set.of(), where);
                id = predicateId(obj.get("id"), where);
                revision = uint64(obj.get("revision"), where + ".revision");
                PredicateMode mode = PredicateMode.fromWire(string(obj.get("mode"), where + ".mode"));
                PredicateSource source = PredicateSource.fromWire(string(obj.get("source"), where + ".source"));
                if (mode == null || source == null) {
                    throw malformed(where + " has an unknown mode or source");
                }
                object(obj.get("expression"), where + ".expression");
                if (mode != PredicateMode.ADVISORY) {
                    throw malformed("delta upserts must be advisory");
                }
                upsert = true;
            } else {
                throw malformed(where + ".operation must be 'upsert' or 'remove'");
            }
            if (!seen.add(id)) {
                throw malformed("duplicate delta predicate ID '" + id + "'");
            }
            if (requiredIds.contains(id)) {
                throw malformed("delta targets required predicate '" + id + "'");
            }
            Long last = revisions.get(id);
            if (last == null || Long.compareUnsigned(revision, last) > 0) {
                applicable.add(new Update(id, revision, upsert ? predicate(obj, where, true) : null));
            }
        }
        Set<String> all = new HashSet<>(revisions.keySet());
        for (Update u : applicable) {
            all.add(u.id());
        }
        if (all.size() > MAX_PREDICATE_IDS) {
            throw new FilterException(Reason.LIMIT_EXCEEDED, "delta exceeds per-scan predicate-ID limit");
        }
        return applicable;
    }

    private String predicateId(Object value, String where) {
        String id = string(value, where + ".id");
        if (id.getBytes(StandardCharsets.UTF_8).length > MAX_ID_BYTES) {
            throw malformed(where + ".id exceeds 128 UTF-8 bytes");
        }
        return id;
    }

    private Predicate predicate(Map<String, Object> obj, String where, boolean update) {
        Set<String> required = update ? Set.of("operation", "id", "revision", "mode", "source", "expression")
                : Set.of("id", "revision", "mode", "source", "expression");
        keys(obj, required, Set.of(), where);
        PredicateMode mode = PredicateMode.fromWire(string(obj.get("mode"), where + ".mode"));
        PredicateSource source = PredicateSource.fromWire(string(obj.get("source"), where + ".source"));
        if (mode == null || source == null) {
            throw malformed(where + " has an unknown mode or source");
        }
        FilterExpression expression = expression(object(obj.get("expression"), where + ".expression"), 1, true);
        if (batch.context.isNone() && contextDependent(expression)) {
            throw malformed("context-dependent expression requires vgi.duckdb.session.v1");
        }
        if (expression instanceof RuntimeFilter) {
            if (mode != PredicateMode.ADVISORY) {
                throw malformed("runtime_filter predicates must be advisory");
            }
        } else if (nonBoolean(expression)) {
            throw malformed(where + ": predicate root must resolve to BOOLEAN");
        }
        String id = predicateId(obj.get("id"), where);
        long revision = uint64(obj.get("revision"), where + ".revision");
        return new Predicate(id, revision, mode, source, expression);
    }

    /** Division and modulo depend on session settings (integer division, IEEE semantics). */
    private static boolean contextDependent(FilterExpression e) {
        if (e instanceof Arithmetic a && (a.op() == ArithmeticOp.DIVIDE || a.op() == ArithmeticOp.MODULO)) {
            return true;
        }
        for (FilterExpression child : e.children()) {
            if (contextDependent(child)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code e} is known not to be BOOLEAN without the bind schema (column and field
     * references are checked by the evaluator, which knows their types).
     */
    static boolean nonBoolean(FilterExpression e) {
        if (e instanceof Literal l) {
            return !(l.field().getType() instanceof ArrowType.Bool) && !"arrow.bool8".equals(
                    FilterValues.extensionName(l.field()));
        }
        if (e instanceof Cast c) {
            return !(c.target().getType() instanceof ArrowType.Bool)
                    && !"arrow.bool8".equals(FilterValues.extensionName(c.target()));
        }
        return e instanceof Arithmetic || e instanceof Negate;
    }

    // ---- expressions ----------------------------------------------------------------------------

    private FilterExpression child(Object value, int depth) {
        return expression(object(value, "child expression"), depth + 1, false);
    }

    private FilterExpression expression(Map<String, Object> obj, int depth, boolean root) {
        if (depth > MAX_DEPTH) {
            throw new FilterException(Reason.LIMIT_EXCEEDED, "expression exceeds nesting-depth limit");
        }
        if (++nodes > MAX_NODES) {
            throw new FilterException(Reason.LIMIT_EXCEEDED, "document exceeds expression-node limit");
        }
        Object node = obj.get("node");
        if (!(node instanceof String kind)) {
            throw malformed("expression node has no \"node\" string");
        }
        switch (kind) {
            case "column_ref": {
                keys(obj, Set.of("node", "column_index", "column_name"), Set.of(), "column_ref");
                int index = index(obj.get("column_index"), "column_ref.column_index");
                return new ColumnRef(index, string(obj.get("column_name"), "column_ref.column_name"));
            }
            case "field_ref": {
                keys(obj, Set.of("node", "expression", "field_index", "field_name"), Set.of(), "field_ref");
                FilterExpression input = child(obj.get("expression"), depth);
                int index = index(obj.get("field_index"), "field_ref.field_index");
                return new FieldRef(input, index, string(obj.get("field_name"), "field_ref.field_name"));
            }
            case "literal": {
                keys(obj, Set.of("node", "value_ref"), Set.of(), "literal");
                int ref = index(obj.get("value_ref"), "literal.value_ref");
                FilterBatch.Payload p = payload("value", ref);
                return new Literal(ref, p.field(), p.value());
            }
            case "comparison": {
                keys(obj, Set.of("node", "op", "left", "right"), Set.of(), "comparison");
                ComparisonOp op = ComparisonOp.fromWire(string(obj.get("op"), "comparison.op"));
                if (op == null) {
                    throw malformed("unknown comparison operator " + quoted(obj.get("op")));
                }
                return new Comparison(op, child(obj.get("left"), depth), child(obj.get("right"), depth));
            }
            case "and":
            case "or": {
                keys(obj, Set.of("node", "children"), Set.of(), kind);
                List<Object> raw = array(obj.get("children"), kind + ".children");
                if (raw.size() < 2) {
                    throw malformed(kind + " requires at least two children");
                }
                List<FilterExpression> children = new ArrayList<>(raw.size());
                for (Object c : raw) {
                    FilterExpression e = child(c, depth);
                    if (nonBoolean(e)) {
                        throw malformed(kind + " children must resolve to BOOLEAN");
                    }
                    children.add(e);
                }
                return kind.equals("and") ? new FilterExpression.And(children) : new FilterExpression.Or(children);
            }
            case "not": {
                keys(obj, Set.of("node", "expression"), Set.of(), "not");
                FilterExpression e = child(obj.get("expression"), depth);
                if (nonBoolean(e)) {
                    throw malformed("not input must resolve to BOOLEAN");
                }
                return new Not(e);
            }
            case "is_null": {
                keys(obj, Set.of("node", "expression", "negated"), Set.of(), "is_null");
                return new IsNull(child(obj.get("expression"), depth), bool(obj.get("negated"), "is_null.negated"));
            }
            case "in": {
                keys(obj, Set.of("node", "expression", "set", "negated"), Set.of(), "in");
                FilterExpression e = child(obj.get("expression"), depth);
                InSet set = inSet(object(obj.get("set"), "in.set"));
                return new In(e, set, bool(obj.get("negated"), "in.negated"));
            }
            case "cast": {
                keys(obj, Set.of("node", "expression", "type_ref"), Set.of(), "cast");
                int ref = index(obj.get("type_ref"), "cast.type_ref");
                FilterBatch.Payload p = payload("type", ref);
                if (p.value() != null) {
                    throw malformed("cast type payload must contain NULL");
                }
                return new Cast(child(obj.get("expression"), depth), ref, p.field());
            }
            case "arithmetic": {
                keys(obj, Set.of("node", "op", "left", "right"), Set.of(), "arithmetic");
                ArithmeticOp op = ArithmeticOp.fromWire(string(obj.get("op"), "arithmetic.op"));
                if (op == null) {
                    throw malformed("unknown arithmetic operator " + quoted(obj.get("op")));
                }
                return new Arithmetic(op, child(obj.get("left"), depth), child(obj.get("right"), depth));
            }
            case "negate": {
                keys(obj, Set.of("node", "expression"), Set.of(), "negate");
                return new Negate(child(obj.get("expression"), depth));
            }
            case "call":
                return call(obj, depth);
            case "runtime_filter":
                return runtimeFilter(obj, depth, root);
            default:
                return new Unsupported(kind, Json.writeCompact(obj));
        }
    }

    private InSet inSet(Map<String, Object> set) {
        Object kind = set.get("kind");
        if ("literal".equals(kind)) {
            keys(set, Set.of("kind", "value_ref"), Set.of(), "in.set");
            int ref = index(set.get("value_ref"), "in.set.value_ref");
            FilterBatch.Payload p = payload("value", ref);
            ArrowType type = p.field().getType();
            if (!(type instanceof ArrowType.List) && !(type instanceof ArrowType.LargeList)) {
                throw malformed("literal IN payload must be a list scalar");
            }
            if (p.value() == null) {
                throw malformed("literal IN list must not be NULL");
            }
            @SuppressWarnings("unchecked")
            List<Object> values = (List<Object>) p.value();
            return new LiteralSet(ref, p.field(), values);
        }
        if ("external".equals(kind)) {
            keys(set, Set.of("kind", "batch_index", "column_index", "column_name"), Set.of(), "in.set");
            int batchIndex = index(set.get("batch_index"), "in.set.batch_index");
            int columnIndex = index(set.get("column_index"), "in.set.column_index");
            String name = string(set.get("column_name"), "in.set.column_name");
            if (batchIndex >= joinKeyCount) {
                throw malformed("external IN batch index " + batchIndex + " is unavailable");
            }
            FilterBatch.JoinKeys keys = joinKeys.apply(batchIndex);
            if (columnIndex >= keys.fields().size()) {
                throw malformed("external IN column index " + columnIndex + " is out of range");
            }
            Field field = keys.fields().get(columnIndex);
            if (!field.getName().equals(name)) {
                throw malformed("external IN column name does not match its authoritative index");
            }
            FilterBatch.checkExtensions(field);
            return new ExternalSet(batchIndex, columnIndex, name, field, keys.columns().get(columnIndex));
        }
        throw malformed("in.set has an unknown kind");
    }

    private FilterExpression call(Map<String, Object> obj, int depth) {
        keys(obj, Set.of("node", "function", "arguments"), Set.of("options"), "call");
        Object function = obj.get("function");
        String standard = null;
        FunctionIdentity identity = null;
        if (function instanceof String s) {
            standard = string(s, "call.function");
        } else {
            identity = identity(function, "call.function");
        }
        List<Object> rawArgs = array(obj.get("arguments"), "call.arguments");
        if (rawArgs.size() > MAX_ARGUMENTS) {
            throw new FilterException(Reason.LIMIT_EXCEEDED, "call exceeds argument-count limit");
        }
        Map<String, Object> options = null;
        if (obj.containsKey("options") && obj.get("options") != null) {
            if (standard != null) {
                throw malformed("standard filter functions do not accept options");
            }
            options = object(obj.get("options"), "call.options");
        }
        List<FilterExpression> args = new ArrayList<>(rawArgs.size());
        for (Object a : rawArgs) {
            args.add(child(a, depth));
        }
        return new Call(standard, identity, args, options);
    }

    private FilterExpression runtimeFilter(Map<String, Object> obj, int depth, boolean root) {
        keys(obj, Set.of("node", "algorithm", "input", "artifact_ref", "null_handling"), Set.of(), "runtime_filter");
        if (!root) {
            throw malformed("runtime_filter may appear only as a predicate root");
        }
        FunctionIdentity algorithm = identity(obj.get("algorithm"), "runtime_filter.algorithm");
        if (!RUNTIME_ALGORITHMS.contains(algorithm.toString())) {
            throw malformed("unknown runtime-filter algorithm " + algorithm);
        }
        int ref = index(obj.get("artifact_ref"), "runtime_filter.artifact_ref");
        FilterBatch.Payload p = payload("artifact", ref);
        Object handling = obj.get("null_handling");
        NullHandling nullHandling;
        if ("pass".equals(handling)) {
            nullHandling = NullHandling.PASS;
        } else if ("reject".equals(handling)) {
            nullHandling = NullHandling.REJECT;
        } else {
            throw malformed("runtime_filter.null_handling must be 'pass' or 'reject'");
        }
        return new RuntimeFilter(algorithm, child(obj.get("input"), depth), ref, p.field(), p.value(), nullHandling);
    }

    private FunctionIdentity identity(Object raw, String where) {
        Map<String, Object> obj = object(raw, where);
        keys(obj, Set.of("namespace", "name", "version"), Set.of(), where);
        String namespace = string(obj.get("namespace"), where + ".namespace");
        String name = string(obj.get("name"), where + ".name");
        if (!NAMESPACE.matcher(namespace).matches() || !NAME.matcher(name).matches()) {
            throw malformed(where + " has a noncanonical identity");
        }
        long version = uint64(obj.get("version"), where + ".version");
        if (version == 0) {
            throw malformed(where + ".version must be a positive unsigned 64-bit integer");
        }
        return new FunctionIdentity(namespace, name, version);
    }

    private FilterBatch.Payload payload(String prefix, int ref) {
        String name = prefix + "_" + ref;
        FilterBatch.Payload p = batch.payload(name);
        if (p == null) {
            throw malformed("missing or duplicate payload field '" + name + "'");
        }
        return p;
    }

    // ---- JSON shape helpers ---------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Object value, String where) {
        if (!(value instanceof Map)) {
            throw malformed(where + " must be a JSON object");
        }
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> array(Object value, String where) {
        if (!(value instanceof List)) {
            throw malformed(where + " must be a JSON array");
        }
        return (List<Object>) value;
    }

    static String string(Object value, String where) {
        if (!(value instanceof String s) || s.isEmpty()) {
            throw malformed(where + " must be a nonempty UTF-8 string");
        }
        return s;
    }

    static boolean bool(Object value, String where) {
        if (!(value instanceof Boolean b)) {
            throw malformed(where + " must be a Boolean");
        }
        return b;
    }

    /** An unsigned 64-bit integer, as a (possibly negative, i.e. unsigned) {@code long}. */
    static long uint64(Object value, String where) {
        if (value instanceof Long l && l >= 0) {
            return l;
        }
        if (value instanceof BigInteger b && b.signum() >= 0 && b.compareTo(UINT64_MAX) <= 0) {
            return b.longValue();
        }
        throw malformed(where + " must be an unsigned 64-bit integer");
    }

    /** An unsigned integer used as an index; beyond {@code int} it cannot match anything. */
    static int index(Object value, String where) {
        long v = uint64(value, where);
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw malformed(where + " is out of range");
        }
        return (int) v;
    }

    static void keys(Map<String, Object> obj, Set<String> required, Set<String> optional, String where) {
        Set<String> missing = new TreeSet<>(required);
        missing.removeAll(obj.keySet());
        if (!missing.isEmpty()) {
            throw malformed(where + " is missing " + missing);
        }
        Set<String> unknown = new TreeSet<>(obj.keySet());
        unknown.removeAll(required);
        unknown.removeAll(optional);
        if (!unknown.isEmpty()) {
            throw malformed(where + " has unknown properties " + unknown);
        }
    }

    private static String quoted(Object value) {
        return value instanceof String s ? "'" + s + "'" : String.valueOf(value);
    }
}
