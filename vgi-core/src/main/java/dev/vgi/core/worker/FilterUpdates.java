package dev.vgi.core.worker;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import dev.vgi.core.pushdown.FilterException;
import dev.vgi.core.pushdown.FilterException.Reason;
import dev.vgi.core.pushdown.PushdownFilters;

/**
 * The live filters of one scan: the init-time snapshot with the tick-time deltas DuckDB sent since
 * (metadata key {@value #METADATA_KEY}, spec §9.2.7, delta §2.6.3) folded in.
 *
 * <p>Each delta is sent once, so a scan resumed from a snapshot on a stateless transport (HTTP)
 * must carry the deltas it applied. It carries a compacted history, as the reference does: for
 * every predicate id's current revision (tombstones included) the delta that installed it, so the
 * history is bounded by the number of predicate ids rather than growing by one delta per tick, and
 * replaying it gives the same predicates and revisions.
 */
final class FilterUpdates {

    /** The tick-batch metadata key carrying a delta (base64 of its IPC stream). */
    static final String METADATA_KEY = "vgi_pushdown_filters";

    /** The largest base64 value accepted, as in the reference worker. */
    static final int MAX_ENCODED_CHARS = 24 << 20;

    /** One applied delta and the (id, revision) pairs it installed. */
    private record Delta(byte[] bytes, Map<String, Long> installed) {
    }

    private PushdownFilters current;
    private final List<Delta> history = new ArrayList<>();

    FilterUpdates(PushdownFilters initial) {
        this.current = Objects.requireNonNull(initial, "initial");
    }

    /** The snapshot with {@code history} (from {@link #history()}) applied again. */
    static FilterUpdates replay(PushdownFilters initial, List<byte[]> history) {
        FilterUpdates updates = new FilterUpdates(initial);
        for (byte[] delta : history) {
            updates.applyBytes(delta);
        }
        return updates;
    }

    /** The live filters. */
    PushdownFilters current() {
        return current;
    }

    /** The compacted deltas to carry in a snapshot, in application order. */
    List<byte[]> history() {
        return history.stream().map(Delta::bytes).toList();
    }

    /**
     * Applies the value of a tick's {@value #METADATA_KEY} key.
     *
     * @return whether a predicate changed (stale and duplicate updates change nothing)
     * @throws FilterException when the value or the delta is malformed or illegal
     */
    boolean apply(String metadataValue) {
        if (metadataValue.length() > MAX_ENCODED_CHARS) {
            throw new FilterException(Reason.LIMIT_EXCEEDED, METADATA_KEY + " exceeds " + MAX_ENCODED_CHARS + " characters");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(metadataValue);
        } catch (IllegalArgumentException e) {
            throw new FilterException(Reason.MALFORMED, METADATA_KEY + " is not valid base64");
        }
        return applyBytes(bytes);
    }

    /** Applies one delta (an IPC stream); see {@link #apply}. */
    boolean applyBytes(byte[] delta) {
        PushdownFilters next = current.applyDelta(delta);
        Map<String, Long> installed = new LinkedHashMap<>();
        Map<String, Long> before = current.revisions();
        next.revisions().forEach((id, revision) -> {
            if (!revision.equals(before.get(id))) {
                installed.put(id, revision);
            }
        });
        current = next;
        if (installed.isEmpty()) {
            return false;
        }
        history.add(new Delta(delta, installed));
        compact();
        return true;
    }

    /** Keeps only the deltas that installed some predicate's current revision. */
    private void compact() {
        Set<Map.Entry<String, Long>> wanted = new HashSet<>(current.revisions().entrySet());
        for (Iterator<Delta> it = history.iterator(); it.hasNext();) {
            Delta d = it.next();
            boolean needed = false;
            for (Map.Entry<String, Long> e : d.installed().entrySet()) {
                if (wanted.remove(Map.entry(e.getKey(), e.getValue()))) {
                    needed = true;
                }
            }
            if (!needed) {
                it.remove();
            }
        }
    }
}
