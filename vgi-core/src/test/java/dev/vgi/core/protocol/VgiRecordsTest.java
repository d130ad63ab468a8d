package dev.vgi.core.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

import dev.vgi.core.rpc.ArrowTypeTokens;
import dev.vgi.core.rpc.ProtocolHash;
import dev.vgi.core.rpc.RpcService;
import dev.vgi.core.rpc.StreamMethod;
import dev.vgi.core.rpc.UnaryMethod;

/**
 * Every record and method schema against the installed reference (vgi-python 0.47.0), through the
 * canonical type tokens the protocol hash is made of: names, order, types, nullability, dictionary
 * index types and child nullability all take part, so any drift shows as a token difference.
 */
class VgiRecordsTest {

    private static final VgiReference REF = VgiReference.load();

    /**
     * Reference records deliberately not declared, with the reason. Anything else the reference
     * gains must be added to {@link VgiRecords} or here, so a new record cannot slip by unnoticed.
     */
    private static final Map<String, String> NOT_DECLARED = Map.ofEntries(
            Map.entry("AttachTicket", "attach tickets are a separate, sealed protocol"),
            Map.entry("SealAttachRequest", "attach tickets are a separate, sealed protocol"),
            Map.entry("SecretLookupEntry", "the vgi.secret.v1 protocol, not vgi.v2"),
            Map.entry("SecretLookupResponse", "the vgi.secret.v1 protocol, not vgi.v2"),
            Map.entry("SchemaContents", "defined but no longer on the wire in 2.2"),
            Map.entry("FilterFunctionCapability", "on the wire only as FunctionInfo struct items (uint64 version)"),
            Map.entry("RuntimeFilterAlgorithmCapability", "on the wire only as FunctionInfo struct items (uint64 version)"),
            Map.entry("EvaluationContextCapability", "on the wire only as FunctionInfo struct items"),
            Map.entry("BufferedFinalizeState", "worker-internal state of the reference"),
            Map.entry("TableBufferingFinalizeState", "worker-internal state of the reference"),
            Map.entry("ScalarExchangeState", "worker-internal state of the reference"),
            Map.entry("TableInOutExchangeState", "worker-internal state of the reference"),
            Map.entry("TableProducerState", "worker-internal state of the reference"),
            Map.entry("TableInOutFunctionStateNoOp", "worker-internal state of the reference"),
            Map.entry("VgiCallState", "worker-internal state of the reference"));

    private static List<VgiReference.FieldToken> tokens(Schema schema) {
        List<VgiReference.FieldToken> out = new ArrayList<>();
        for (Map<String, Object> t : ArrowTypeTokens.schemaTokens(schema)) {
            out.add(new VgiReference.FieldToken((String) t.get("name"), (Boolean) t.get("nullable"), (String) t.get("type")));
        }
        return out;
    }

    @Test
    void theProtocolIdentityIsTheReferences() {
        assertEquals(REF.protocol.get("name"), VgiProtocol.NAME);
        assertEquals(REF.protocol.get("version"), VgiProtocol.VERSION);
        assertEquals(VgiProtocol.VERSION, VgiProtocol.MAJOR + "." + VgiProtocol.MINOR + ".0");
    }

    @Test
    void everyRecordMatchesTheReferenceTokenForToken() {
        List<String> problems = new ArrayList<>();
        for (RecordType type : VgiRecords.all().values()) {
            List<VgiReference.FieldToken> expected = REF.records.get(type.name());
            if (expected == null) {
                problems.add(type.name() + ": not a reference record");
            } else if (!expected.equals(tokens(type.schema()))) {
                problems.add(type.name() + ": " + difference(expected, tokens(type.schema())));
            }
        }
        assertEquals(List.of(), problems);
    }

    /** The first position where two token lists differ, for a readable failure. */
    static String difference(List<VgiReference.FieldToken> expected, List<VgiReference.FieldToken> actual) {
        for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
            VgiReference.FieldToken e = i < expected.size() ? expected.get(i) : null;
            VgiReference.FieldToken a = i < actual.size() ? actual.get(i) : null;
            if (e == null || !e.equals(a)) {
                return "field #" + i + ": reference " + e + ", ours " + a;
            }
        }
        return "equal";
    }

    @Test
    void everyReferenceRecordIsDeclaredOrDeliberatelyLeftOut() {
        Set<String> missing = new TreeSet<>();
        for (String name : REF.records.keySet()) {
            if (VgiRecords.byName(name) == null && !NOT_DECLARED.containsKey(name)) {
                missing.add(name);
            }
        }
        assertEquals(Set.of(), missing);
        for (String name : NOT_DECLARED.keySet()) {
            assertTrue(REF.records.containsKey(name), name + " is no longer a reference record");
            assertNull(VgiRecords.byName(name), name + " is declared after all");
        }
    }

    @Test
    void childNamesAreThePyarrowOnes() {
        // The tokens normalise list and map child names (Arrow's type equality ignores them), but
        // Arrow Java's and pyarrow's Schema.equals do not, and the catalog_contents reader uses the latter.
        List<String> problems = new ArrayList<>();
        for (RecordType type : VgiRecords.all().values()) {
            type.schema().getFields().forEach(f -> checkChildren(type.name() + "." + f.getName(), f, problems));
        }
        for (VgiMethod m : VgiMethods.all()) {
            m.params().getFields().forEach(f -> checkChildren(m.name() + "." + f.getName(), f, problems));
        }
        assertEquals(List.of(), problems);
    }

    private static void checkChildren(String path, Field f, List<String> problems) {
        ArrowType t = f.getType();
        if (t instanceof ArrowType.Map) {
            Field entries = f.getChildren().get(0);
            if (!entries.getName().equals("entries") || entries.isNullable()
                    || !entries.getChildren().get(0).getName().equals("key") || entries.getChildren().get(0).isNullable()
                    || !entries.getChildren().get(1).getName().equals("value")) {
                problems.add(path + ": map children are not entries<key NN, value>");
            }
        } else if (t instanceof ArrowType.List && !f.getChildren().get(0).getName().equals("item")) {
            problems.add(path + ": list child is not named item");
        }
        f.getChildren().forEach(c -> checkChildren(path + "." + c.getName(), c, problems));
    }

    @Test
    void dictionaryIdsAreDistinctWithinEachSchema() {
        for (RecordType type : VgiRecords.all().values()) {
            Set<Long> ids = new HashSet<>();
            List<Field> pending = new ArrayList<>(type.schema().getFields());
            while (!pending.isEmpty()) {
                Field f = pending.remove(0);
                if (f.getDictionary() != null) {
                    assertTrue(ids.add(f.getDictionary().getId()), type.name() + " reuses dictionary id " + f.getDictionary().getId());
                    assertFalse(f.getDictionary().isOrdered());
                }
                pending.addAll(f.getChildren());
            }
        }
    }

    @Test
    void everyMethodMatchesTheReference() {
        assertEquals(72, REF.methods.size());
        assertEquals(new TreeSet<>(REF.methods.keySet()), new TreeSet<>(VgiMethods.all().stream().map(VgiMethod::name).toList()));
        List<String> problems = new ArrayList<>();
        for (VgiReference.Method expected : REF.methods.values()) {
            VgiMethod m = VgiMethods.byName(expected.name());
            Map<String, List<VgiReference.FieldToken>> ours = new LinkedHashMap<>();
            ours.put("params", tokens(m.params()));
            if (m.result() != null) {
                ours.put("result", tokens(m.result()));
            }
            if (m.header() != null) {
                ours.put("header", tokens(m.header()));
            }
            if (m.stream() != expected.stream() || (m.result() != null) != expected.hasReturn()) {
                problems.add(m.name() + ": kind or return differs");
            }
            for (String section : List.of("params", "result", "header")) {
                List<VgiReference.FieldToken> e = expected.schemas().get(section);
                List<VgiReference.FieldToken> a = ours.get(section);
                if (e == null || a == null ? e != a : !e.equals(a)) {
                    problems.add(m.name() + " " + section + ": "
                            + (e == null || a == null ? "reference " + e + ", ours " + a : difference(e, a)));
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void wrappedMethodsNameTheirRecordsAndFlatOnesTheirResults() {
        Set<String> constants = new HashSet<>();
        for (java.lang.reflect.Field f : VgiProtocol.class.getFields()) {
            if (f.getType() == String.class && !f.getName().equals("NAME") && !f.getName().equals("VERSION")) {
                constants.add((String) getStatic(f));
            }
        }
        assertEquals(new TreeSet<>(REF.methods.keySet()), new TreeSet<>(constants));
        for (VgiMethod m : VgiMethods.all()) {
            boolean wrapped = m.params().getFields().size() == 1 && m.params().getFields().get(0).getName().equals("request");
            assertEquals(wrapped, m.isWrapped(), m.name());
            assertEquals(m.isVoid() || m.stream() || m.name().endsWith("statistics_get") || m.name().endsWith("_statistics"),
                    m.response() == null || m.stream(), m.name());
        }
        assertEquals(VgiRecords.GLOBAL_INIT_RESPONSE.schema(), VgiMethods.byName(VgiProtocol.INIT).header());
        assertTrue(VgiMethods.byName(VgiProtocol.CATALOG_DETACH).isVoid());
        assertEquals(VgiRecords.FUNCTIONS_RESPONSE, VgiMethods.byName(VgiProtocol.CATALOG_SCHEMA_CONTENTS_FUNCTIONS).response());
    }

    private static Object getStatic(java.lang.reflect.Field f) {
        try {
            return f.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The 72 methods as an {@link RpcService}, to hash it the way every port does. */
    static RpcService asService() {
        UnaryMethod.Handler unary = (ctx, p, r) -> {
            throw new UnsupportedOperationException();
        };
        StreamMethod.Handler stream = (ctx, p) -> {
            throw new UnsupportedOperationException();
        };
        RpcService.Builder b = RpcService.builder(VgiProtocol.NAME).version(VgiProtocol.VERSION);
        for (VgiMethod m : VgiMethods.all()) {
            if (m.stream()) {
                b.method(StreamMethod.builder(m.name(), stream).params(m.params()).header(m.header()).build());
            } else if (m.isVoid()) {
                b.method(UnaryMethod.ofVoid(m.name(), m.params(), unary));
            } else {
                b.method(UnaryMethod.of(m.name(), m.params(), m.result().getFields().get(0), unary));
            }
        }
        return b.build();
    }

    @Test
    void theProtocolHashIsTheReferences() {
        assertEquals(REF.protocol.get("hash"), ProtocolHash.of(asService()));
    }

    @Test
    void theCatalogContractHashIsTheReferences() throws Exception {
        // vgi.catalog.contract: the rpc hash plus the nested schemas it cannot see
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("rpc", ProtocolHash.of(asService()));
        description.put("response", ArrowTypeTokens.schemaTokens(VgiRecords.CATALOG_CONTENTS_RESPONSE.schema()));
        Map<String, Object> categories = new LinkedHashMap<>();
        VgiRecords.contentsCollections().forEach((k, v) -> categories.put(k, ArrowTypeTokens.schemaTokens(v.schema())));
        description.put("categories", categories);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update("vgi.catalog.contract.v1|".getBytes(StandardCharsets.UTF_8));
        sha.update(ProtocolHash.canonicalJson(description));
        assertEquals(REF.protocol.get("catalog_contract_hash"), HexFormat.of().formatHex(sha.digest()));
    }

    @Test
    void versionGateComparesMajorAndMinorOnly() {
        assertTrue(VgiProtocol.isCompatible("2.2.0"));
        assertTrue(VgiProtocol.isCompatible("2.2.17"));
        assertFalse(VgiProtocol.isCompatible("2.1.0"));
        assertFalse(VgiProtocol.isCompatible("3.2.0"));
        assertFalse(VgiProtocol.isCompatible("2.2"));
        assertFalse(VgiProtocol.isCompatible("2.2.x"));
        assertFalse(VgiProtocol.isCompatible("2.2.-1"));
        assertFalse(VgiProtocol.isCompatible(null));
    }
}
