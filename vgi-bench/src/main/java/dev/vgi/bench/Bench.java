package dev.vgi.bench;

import java.util.Arrays;

/**
 * Entry point of {@code vgi-bench.jar}: {@code functions [options]} runs the {@link FunctionBenchmark},
 * {@code wire [options]} (or no sub-command) the {@link WireBenchmark}. One jar, one manifest (which
 * opens {@code java.nio} for Arrow), so neither needs JVM flags.
 */
public final class Bench {

    private Bench() {
    }

    /** Dispatches to the benchmark named by the first argument. */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("functions")) {
            FunctionBenchmark.main(Arrays.copyOfRange(args, 1, args.length));
        } else if (args.length > 0 && args[0].equals("wire")) {
            WireBenchmark.main(Arrays.copyOfRange(args, 1, args.length));
        } else {
            WireBenchmark.main(args);
        }
    }
}
