package dev.vgi.core.worker;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.vgi.core.function.TableInOutProcessor;

/**
 * The table-in-out processors whose input phase has ended, kept in memory by execution id until the
 * client's FINALIZE init for that execution collects them. On byte-stream transports the FINALIZE
 * arrives on the same connection, so the same process holds the processor. Entries that are never
 * collected (a client that sends no FINALIZE, a query that was aborted) are closed after a time to
 * live, checked whenever an entry is added.
 */
final class InOutExecutions {

    private static final Logger log = LoggerFactory.getLogger(InOutExecutions.class);

    /**
     * A processor waiting for its finalize phase.
     *
     * @param processor the processor, input fully consumed
     * @param projection the INPUT phase's projection (the FINALIZE phase emits the same columns), or {@code null}
     * @param filter the INPUT phase's pushed filters, applied to the FINALIZE rows too
     * @param storedAt when it was stored ({@link System#nanoTime()})
     */
    record Entry(TableInOutProcessor processor, List<Integer> projection, RowFilter filter, long storedAt) {
    }

    private final Map<ByteBuffer, Entry> entries = new ConcurrentHashMap<>();
    private final long ttlNanos;

    InOutExecutions(long ttlNanos) {
        this.ttlNanos = ttlNanos;
    }

    /** Stores {@code processor} for {@code executionId}; a processor stored before under that id is closed. */
    void put(byte[] executionId, TableInOutProcessor processor, List<Integer> projection, RowFilter filter) {
        purgeExpired();
        Entry old = entries.put(key(executionId), new Entry(processor, projection, filter, System.nanoTime()));
        if (old != null && old.processor() != processor) {
            closeQuietly(old.processor());
        }
    }

    /** The entry for {@code executionId}, left in place, or {@code null}. */
    Entry get(byte[] executionId) {
        return entries.get(key(executionId));
    }

    /** Removes and returns the entry for {@code executionId}, or {@code null}. */
    Entry remove(byte[] executionId) {
        return entries.remove(key(executionId));
    }

    /** How many processors are waiting. */
    int size() {
        return entries.size();
    }

    /** Closes every waiting processor. */
    void closeAll() {
        for (ByteBuffer k : List.copyOf(entries.keySet())) {
            Entry e = entries.remove(k);
            if (e != null) {
                closeQuietly(e.processor());
            }
        }
    }

    private void purgeExpired() {
        long now = System.nanoTime();
        for (Map.Entry<ByteBuffer, Entry> e : entries.entrySet()) {
            if (now - e.getValue().storedAt() > ttlNanos && entries.remove(e.getKey(), e.getValue())) {
                log.debug("closing a table-in-out processor whose FINALIZE never came");
                closeQuietly(e.getValue().processor());
            }
        }
    }

    static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            log.warn("closing a table-in-out processor failed", e);
        }
    }

    private static ByteBuffer key(byte[] id) {
        return ByteBuffer.wrap(id.clone());
    }
}
