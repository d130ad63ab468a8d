package dev.vgi.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Process-wide counters the cancel tests read back through {@code cancel_probe_counters}: how often
 * the cancellable producer and exchange ran a turn and how often a cancel hook fired. They live in
 * the worker process, not in a stream, so they are observable over any transport.
 *
 * <p>When {@code VGI_RPC_CONFORMANCE_PROBE_FILE} names a file, the counters are kept in it instead
 * (JSON object, guarded by an exclusive file lock), as the reference does, so several worker
 * processes behind one HTTP endpoint share a single set.
 */
public final class CancelProbe {

    /** The environment variable naming the shared counter file. */
    public static final String PROBE_FILE_ENV = "VGI_RPC_CONFORMANCE_PROBE_FILE";

    private static final String[] NAMES = {"produce_calls", "exchange_calls", "on_cancel_calls"};
    private static final AtomicLong[] LOCAL = {new AtomicLong(), new AtomicLong(), new AtomicLong()};

    private CancelProbe() {
    }

    /** A turn of the cancellable producer ran. */
    static void producedTurn() {
        bump(0);
    }

    /** A turn of the cancellable exchange ran. */
    static void exchangedTurn() {
        bump(1);
    }

    /** A cancel hook ran. */
    static void cancelled() {
        bump(2);
    }

    /** {@code [produce_calls, exchange_calls, on_cancel_calls]}. */
    public static long[] counters() {
        Path shared = sharedFile();
        if (shared == null) {
            return new long[] {LOCAL[0].get(), LOCAL[1].get(), LOCAL[2].get()};
        }
        if (!Files.exists(shared)) {
            return new long[3];
        }
        return withLockedFile(shared, channel -> parse(readAll(channel)));
    }

    /** Zeroes the counters. */
    public static void reset() {
        for (AtomicLong c : LOCAL) {
            c.set(0);
        }
        Path shared = sharedFile();
        if (shared != null) {
            withLockedFile(shared, channel -> {
                writeAll(channel, new long[3]);
                return null;
            });
        }
    }

    private static void bump(int which) {
        Path shared = sharedFile();
        if (shared == null) {
            LOCAL[which].incrementAndGet();
            return;
        }
        withLockedFile(shared, channel -> {
            long[] values = parse(readAll(channel));
            values[which]++;
            writeAll(channel, values);
            return null;
        });
    }

    private static Path sharedFile() {
        String path = System.getenv(PROBE_FILE_ENV);
        return path == null || path.isEmpty() ? null : Path.of(path);
    }

    private interface LockedBody<T> {
        T apply(FileChannel channel) throws IOException;
    }

    private static <T> T withLockedFile(Path path, LockedBody<T> body) {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
                FileLock ignored = channel.lock()) {
            return body.apply(channel);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readAll(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) channel.size());
        channel.read(buffer, 0);
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
    }

    private static void writeAll(FileChannel channel, long[] values) throws IOException {
        String json = "{\"" + NAMES[0] + "\": " + values[0] + ", \"" + NAMES[1] + "\": " + values[1] + ", \""
                + NAMES[2] + "\": " + values[2] + "}";
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)), 0);
        channel.force(false);
    }

    private static long[] parse(String json) {
        long[] values = new long[3];
        for (int i = 0; i < NAMES.length; i++) {
            Matcher m = Pattern.compile("\"" + NAMES[i] + "\"\\s*:\\s*(\\d+)").matcher(json);
            if (m.find()) {
                values[i] = Long.parseLong(m.group(1));
            }
        }
        return values;
    }
}
