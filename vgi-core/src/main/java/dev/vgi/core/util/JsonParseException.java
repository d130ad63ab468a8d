package dev.vgi.core.util;

/**
 * A JSON text {@link Json#parse(String, Json.Limits) could not be parsed}: what went wrong
 * ({@link #kind()}) and where ({@link #offset()}, a UTF-16 index into the text, or -1 when the
 * failure is about the text as a whole).
 */
public final class JsonParseException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** The kinds of parse failure. */
    public enum Kind {
        /** The text is not JSON (RFC 8259). */
        SYNTAX,
        /** An object holds the same key twice. */
        DUPLICATE_KEY,
        /** Arrays and objects nest deeper than {@link Json.Limits#maxDepth()}. */
        TOO_DEEP,
        /** The text is longer than {@link Json.Limits#maxBytes()} UTF-8 bytes. */
        TOO_LARGE
    }

    private final Kind kind;
    private final int offset;

    /** A failure of {@code kind} at {@code offset} (-1: no position). */
    public JsonParseException(Kind kind, int offset, String message) {
        super(offset >= 0 ? message + " at offset " + offset : message);
        this.kind = kind;
        this.offset = offset;
    }

    /** What went wrong. */
    public Kind kind() {
        return kind;
    }

    /** The UTF-16 index in the text where it went wrong, or -1. */
    public int offset() {
        return offset;
    }
}
