package dev.vgi.core.rpc.ipc;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.apache.arrow.flatbuf.KeyValue;
import org.apache.arrow.flatbuf.Message;

/**
 * The custom metadata of one record-batch message, decoded as strict UTF-8. Entries whose key or
 * value is not valid UTF-8 are kept out of the map and their keys (decoded leniently) are listed in
 * {@link #invalidKeys()}, so a caller can answer with a typed error after draining the stream.
 */
public final class BatchMetadata {

    /** Metadata with no entries. */
    public static final BatchMetadata EMPTY = new BatchMetadata(Map.of(), Set.of());

    private final Map<String, String> entries;
    private final Set<String> invalidKeys;

    private BatchMetadata(Map<String, String> entries, Set<String> invalidKeys) {
        this.entries = entries;
        this.invalidKeys = invalidKeys;
    }

    /** Wraps an already decoded map. */
    public static BatchMetadata of(Map<String, String> entries) {
        return entries.isEmpty() ? EMPTY : new BatchMetadata(Collections.unmodifiableMap(new LinkedHashMap<>(entries)), Set.of());
    }

    /** Reads the metadata of a flatbuffer message. */
    public static BatchMetadata from(Message message) {
        int n = message.customMetadataLength();
        if (n == 0) {
            return EMPTY;
        }
        Map<String, String> entries = new LinkedHashMap<>(n * 2);
        Set<String> invalid = new LinkedHashSet<>();
        KeyValue kv = new KeyValue();
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        for (int i = 0; i < n; i++) {
            message.customMetadata(kv, i);
            ByteBuffer key = kv.keyAsByteBuffer();
            ByteBuffer value = kv.valueAsByteBuffer();
            String k = decode(decoder, key);
            String v = decode(decoder, value);
            if (k == null || v == null) {
                invalid.add(k != null ? k : lenient(key));
            } else {
                entries.put(k, v);
            }
        }
        return new BatchMetadata(Collections.unmodifiableMap(entries),
                invalid.isEmpty() ? Set.of() : Collections.unmodifiableSet(invalid));
    }

    private static String decode(CharsetDecoder decoder, ByteBuffer bytes) {
        if (bytes == null) {
            return "";
        }
        try {
            return decoder.reset().decode(bytes.duplicate()).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static String lenient(ByteBuffer bytes) {
        return bytes == null ? "" : StandardCharsets.UTF_8.decode(bytes.duplicate()).toString();
    }

    /** The valid entries, in wire order. */
    public Map<String, String> entries() {
        return entries;
    }

    /** The value of {@code key}, or {@code null}. */
    public String get(String key) {
        return entries.get(key);
    }

    /** Whether {@code key} is present with a valid value. */
    public boolean has(String key) {
        return entries.containsKey(key);
    }

    /** Keys whose key or value bytes were not valid UTF-8. */
    public Set<String> invalidKeys() {
        return invalidKeys;
    }

    /** Whether there are no entries at all (valid or not). */
    public boolean isEmpty() {
        return entries.isEmpty() && invalidKeys.isEmpty();
    }
}
