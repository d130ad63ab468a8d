package dev.vgi.bench;

import java.util.Arrays;

/**
 * The outcome of one timed loop against one worker: the per-call latencies (sorted) and the wall
 * time of the loop. Percentiles use the nearest-rank definition.
 */
final class Measurement {

    private final long[] sortedNanos;
    private final long wallNanos;
    private final long sumNanos;
    private final long payloadBytes;
    private final boolean timeBoxed;

    Measurement(long[] nanos, int count, long wallNanos, long payloadBytes, boolean timeBoxed) {
        this.sortedNanos = Arrays.copyOf(nanos, count);
        Arrays.sort(sortedNanos);
        long sum = 0;
        for (long n : sortedNanos) {
            sum += n;
        }
        this.sumNanos = sum;
        this.wallNanos = wallNanos;
        this.payloadBytes = payloadBytes;
        this.timeBoxed = timeBoxed;
    }

    /** Calls measured. */
    int calls() {
        return sortedNanos.length;
    }

    /** Whether the loop stopped at the time box before reaching the requested number of calls. */
    boolean timeBoxed() {
        return timeBoxed;
    }

    /** Wall time of the loop in seconds. */
    double wallSeconds() {
        return wallNanos / 1e9;
    }

    /** Completed calls per second of loop wall time. */
    double callsPerSecond() {
        return calls() / (wallNanos / 1e9);
    }

    /** Latency percentile {@code p} (0..100) in microseconds. */
    double percentileMicros(double p) {
        int rank = (int) Math.ceil(p / 100.0 * sortedNanos.length);
        return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, rank - 1))] / 1e3;
    }

    /**
     * Payload throughput in MB/s (10^6 bytes): payload bytes sent plus payload bytes received
     * ({@code 2 x payload x calls}) over the summed per-call time. Framing, schema and metadata
     * bytes are not counted, and neither is the result check done between calls.
     */
    double payloadMegabytesPerSecond() {
        return 2.0 * payloadBytes * calls() / (sumNanos / 1e9) / 1e6;
    }
}
