package dev.vgi.core.pushdown;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable byte string: the Java value of a binary literal or cell ({@code binary},
 * {@code large_binary}, {@code fixed_size_binary}, views). Equality is by content; the natural
 * order is DuckDB's BLOB order (unsigned bytes, then length).
 */
public final class Bytes implements Comparable<Bytes> {

    private final byte[] bytes;

    private Bytes(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A copy of {@code bytes}. */
    public static Bytes of(byte[] bytes) {
        return new Bytes(bytes.clone());
    }

    /** Wraps {@code bytes} without copying; the caller hands over ownership. */
    static Bytes wrap(byte[] bytes) {
        return new Bytes(bytes);
    }

    /** A copy of the bytes. */
    public byte[] toByteArray() {
        return bytes.clone();
    }

    /** The number of bytes. */
    public int length() {
        return bytes.length;
    }

    /** The byte at {@code index}. */
    public byte byteAt(int index) {
        return bytes[index];
    }

    /** Whether this starts with {@code prefix}. */
    public boolean startsWith(Bytes prefix) {
        return prefix.bytes.length <= bytes.length
                && Arrays.equals(bytes, 0, prefix.bytes.length, prefix.bytes, 0, prefix.bytes.length);
    }

    @Override
    public int compareTo(Bytes other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes b && Arrays.equals(bytes, b.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** Lower-case hex, e.g. {@code \x00ff}. */
    @Override
    public String toString() {
        return "\\x" + HexFormat.of().formatHex(bytes);
    }
}
