package dev.vgi.core.pushdown;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryEncoder;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

import dev.vgi.core.pushdown.FilterException.Reason;

/**
 * The container batch of a v2 filter document (delta spec §2.6.2), read out of its IPC stream into
 * plain Java values: the evaluation context, the {@code filter_spec} text and the typed payload
 * slots. No Arrow memory outlives {@link #read}.
 */
final class FilterBatch {

    static final String ENCODING = "vgi.filters.v2";
    static final String VERSION = "2";
    static final long MAX_JSON_BYTES = 1 << 20;
    static final long MAX_PAYLOAD_BYTES = 16L << 20;
    static final int MAX_FINGERPRINT_BYTES = 256;

    private static final Pattern PAYLOAD_NAME = Pattern.compile("(?:value|type|artifact)_(?:0|[1-9][0-9]*)");
    private static final Set<String> KNOWN_EXTENSIONS = Set.of("arrow.bool8", "arrow.json", "arrow.uuid",
            "geoarrow.linestring", "geoarrow.multilinestring", "geoarrow.multipoint", "geoarrow.multipolygon",
            "geoarrow.point", "geoarrow.polygon", "geoarrow.wkb");
    private static final List<String> SESSION_KEYS = List.of("vgi_time_zone", "vgi_calendar",
            "vgi_default_collation", "vgi_ieee_floating_point_ops", "vgi_integer_division");
    private static final String FINGERPRINT_KEY = "vgi_context_provider_fingerprint";

    /** A payload slot: its field (dictionary-decoded) and its row-0 value. */
    record Payload(Field field, Object value) {
    }

    final EvaluationContext context;
    final String document;
    private final Map<String, Payload> payloads;

    private FilterBatch(EvaluationContext context, String document, Map<String, Payload> payloads) {
        this.context = context;
        this.document = document;
        this.payloads = payloads;
    }

    /** The payload named {@code name} ({@code value_3}), or {@code null}. */
    Payload payload(String name) {
        return payloads.get(name);
    }

    static FilterException malformed(String message) {
        return new FilterException(Reason.MALFORMED, message);
    }

    /** Reads and validates the container batch in {@code ipc}. */
    static FilterBatch read(byte[] ipc, BufferAllocator allocator) {
        try (BufferAllocator child = allocator.newChildAllocator("vgi-filter-batch", 0, Long.MAX_VALUE);
                ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(ipc), child)) {
            VectorSchemaRoot root;
            boolean loaded;
            try {
                root = reader.getVectorSchemaRoot();
                loaded = reader.loadNextBatch();
            } catch (Exception e) {
                throw malformed("unreadable filter IPC stream: " + e.getMessage());
            }
            if (!loaded) {
                throw malformed("filter IPC stream must contain exactly one batch, found 0");
            }
            FilterBatch batch = validate(root, reader);
            boolean more;
            try {
                more = reader.loadNextBatch();
            } catch (Exception e) {
                throw malformed("unreadable filter IPC stream: " + e.getMessage());
            }
            if (more) {
                throw malformed("filter IPC stream must contain exactly one batch");
            }
            return batch;
        } catch (FilterException e) {
            throw e;
        } catch (Exception e) {
            throw malformed("unreadable filter IPC stream: " + e.getMessage());
        }
    }

    private static FilterBatch validate(VectorSchemaRoot root, ArrowStreamReader reader) throws Exception {
        if (root.getRowCount() != 1) {
            throw malformed("filter RecordBatch must contain exactly one row");
        }
        List<FieldVector> vectors = root.getFieldVectors();
        if (vectors.isEmpty()) {
            throw malformed("filter RecordBatch has no filter_spec field");
        }
        Field first = vectors.get(0).getField();
        if (!"filter_spec".equals(first.getName()) || !(first.getType() instanceof ArrowType.Utf8)
                || first.isNullable() || first.getDictionary() != null) {
            throw malformed("first field must be filter_spec: utf8 not null");
        }
        VarCharVector spec = (VarCharVector) vectors.get(0);
        if (spec.isNull(0)) {
            throw malformed("filter_spec value must not be NULL");
        }
        Set<String> names = new HashSet<>();
        long payloadBytes = 0;
        for (FieldVector v : vectors) {
            if (!names.add(v.getField().getName())) {
                throw malformed("filter payload field names must be unique");
            }
            payloadBytes += v.getBufferSize();
        }
        Map<String, Payload> payloads = new HashMap<>();
        for (int i = 1; i < vectors.size(); i++) {
            FieldVector v = vectors.get(i);
            String name = v.getField().getName();
            if (!PAYLOAD_NAME.matcher(name).matches()) {
                throw malformed("noncanonical payload field name '" + name + "'");
            }
            if (name.startsWith("type_") && !v.isNull(0)) {
                throw malformed(name + " must contain a NULL value");
            }
            payloads.put(name, payload(v, reader));
        }
        if (payloadBytes > MAX_PAYLOAD_BYTES) {
            throw new FilterException(Reason.LIMIT_EXCEEDED, "filter payload exceeds 16 MiB");
        }
        EvaluationContext context = context(root.getSchema().getCustomMetadata());
        byte[] raw = spec.get(0);
        if (raw.length > MAX_JSON_BYTES) {
            throw new FilterException(Reason.LIMIT_EXCEEDED, "filter JSON must be UTF-8 and at most 1 MiB");
        }
        return new FilterBatch(context, utf8(raw, "filter_spec"), payloads);
    }

    private static Payload payload(FieldVector v, ArrowStreamReader reader) throws Exception {
        Field field = v.getField();
        if (field.getDictionary() != null) {
            Dictionary dictionary = reader.getDictionaryVectors().get(field.getDictionary().getId());
            if (dictionary == null) {
                throw malformed("payload " + field.getName() + " references a missing dictionary");
            }
            try (ValueVector decoded = DictionaryEncoder.decode(v, dictionary)) {
                Field valueField = dictionary.getVector().getField();
                Field plain = new Field(field.getName(),
                        new FieldType(field.isNullable(), valueField.getType(), null, field.getMetadata()),
                        valueField.getChildren());
                if (!field.getName().startsWith("artifact_")) {
                    checkExtensions(plain);
                }
                return new Payload(plain, FilterValues.get(decoded, plain, 0));
            }
        }
        if (!field.getName().startsWith("artifact_")) {
            checkExtensions(field);
        }
        return new Payload(field, FilterValues.get(v, 0));
    }

    /** Rejects extension types outside the reference evaluator's registry. */
    static void checkExtensions(Field field) {
        String name = FilterValues.extensionName(field);
        if (name != null && !KNOWN_EXTENSIONS.contains(name)) {
            throw malformed("unknown Arrow extension type '" + name + "' on '" + field.getName() + "'");
        }
        ArrowType type = field.getType();
        if (type instanceof ArrowType.Struct || type instanceof ArrowType.List || type instanceof ArrowType.LargeList) {
            for (Field child : field.getChildren()) {
                checkExtensions(child);
            }
        }
    }

    static String utf8(byte[] raw, String what) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            throw malformed(what + " is not UTF-8");
        }
    }

    private static String text(Map<String, String> metadata, String key) {
        String value = metadata.get(key);
        if (value == null) {
            throw new FilterException(key.equals("vgi_evaluation_context") ? Reason.MALFORMED
                    : Reason.UNSUPPORTED_VERSION, "missing schema metadata '" + key + "'");
        }
        return value;
    }

    /** Parses the schema-level metadata (delta spec §2.6.2). */
    static EvaluationContext context(Map<String, String> metadata) {
        Map<String, String> md = metadata == null ? Map.of() : metadata;
        String encoding = text(md, "vgi_filter_encoding");
        String version = text(md, "vgi_filter_version");
        if (!ENCODING.equals(encoding)) {
            throw new FilterException(Reason.UNSUPPORTED_VERSION, "unsupported filter encoding '" + encoding + "'");
        }
        if (!VERSION.equals(version)) {
            throw new FilterException(Reason.UNSUPPORTED_VERSION, "unsupported filter version '" + version + "'");
        }
        String profile = text(md, "vgi_evaluation_context");
        List<String> present = new ArrayList<>();
        for (String key : SESSION_KEYS) {
            if (md.containsKey(key)) {
                present.add(key);
            }
        }
        if (EvaluationContext.NONE.equals(profile)) {
            if (!present.isEmpty() || md.containsKey(FINGERPRINT_KEY)) {
                throw malformed("vgi.none.v1 forbids DuckDB session-context metadata");
            }
            return EvaluationContext.NONE_CONTEXT;
        }
        if (!EvaluationContext.DUCKDB_SESSION.equals(profile)) {
            throw new FilterException(Reason.UNSUPPORTED_VERSION, "unknown evaluation context '" + profile + "'");
        }
        if (present.size() != SESSION_KEYS.size()) {
            List<String> missing = new ArrayList<>(SESSION_KEYS);
            missing.removeAll(present);
            throw malformed("incomplete DuckDB evaluation context; missing " + missing);
        }
        String fingerprint = md.get(FINGERPRINT_KEY);
        if (fingerprint != null && (fingerprint.isEmpty()
                || fingerprint.getBytes(StandardCharsets.UTF_8).length > MAX_FINGERPRINT_BYTES)) {
            throw malformed("context provider fingerprint must be nonempty and at most 256 UTF-8 bytes");
        }
        return new EvaluationContext(profile, md.get("vgi_time_zone"), md.get("vgi_calendar"),
                md.get("vgi_default_collation"), bool(md, "vgi_ieee_floating_point_ops"),
                bool(md, "vgi_integer_division"), fingerprint);
    }

    private static boolean bool(Map<String, String> md, String key) {
        String value = md.get(key);
        if (!"true".equals(value) && !"false".equals(value)) {
            throw malformed(key + " must be canonical 'true' or 'false'");
        }
        return "true".equals(value);
    }

    /** One decoded join-key batch ({@code InitRequest.join_keys[i]}). */
    record JoinKeys(List<Field> fields, List<List<Object>> columns) {
    }

    /** Reads a join-keys IPC stream (one batch, any number of rows) into Java values. */
    static JoinKeys readJoinKeys(byte[] ipc, int index, BufferAllocator allocator) {
        try (BufferAllocator child = allocator.newChildAllocator("vgi-join-keys", 0, Long.MAX_VALUE);
                ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(ipc), child)) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            List<Field> fields = new ArrayList<>();
            List<List<Object>> columns = new ArrayList<>();
            for (Field f : root.getSchema().getFields()) {
                fields.add(f);
                columns.add(new ArrayList<>());
            }
            while (reader.loadNextBatch()) {
                for (int c = 0; c < fields.size(); c++) {
                    FieldVector v = root.getVector(c);
                    if (v.getField().getDictionary() != null) {
                        Dictionary d = reader.getDictionaryVectors().get(v.getField().getDictionary().getId());
                        Field valueField = d.getVector().getField();
                        Field f = v.getField();
                        fields.set(c, new Field(f.getName(), new FieldType(f.isNullable(), valueField.getType(), null,
                                f.getMetadata()), valueField.getChildren()));
                        try (ValueVector decoded = DictionaryEncoder.decode(v, d)) {
                            for (int r = 0; r < root.getRowCount(); r++) {
                                columns.get(c).add(FilterValues.get(decoded, r));
                            }
                        }
                    } else {
                        for (int r = 0; r < root.getRowCount(); r++) {
                            columns.get(c).add(FilterValues.get(v, r));
                        }
                    }
                }
            }
            return new JoinKeys(fields, columns);
        } catch (Exception e) {
            throw malformed("unreadable join_keys[" + index + "] IPC stream: " + e.getMessage());
        }
    }
}
