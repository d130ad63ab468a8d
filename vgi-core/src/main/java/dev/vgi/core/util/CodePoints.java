package dev.vgi.core.util;

import java.util.Comparator;

/**
 * Unicode code-point order of strings: how Python's {@code sorted} orders {@code str} and how
 * UTF-8 bytes (DuckDB's binary collation) order text. Java's natural {@code String} order compares
 * UTF-16 units instead, which differs once characters past the Basic Multilingual Plane meet ones
 * in {@code U+E000..U+FFFF}. An unpaired surrogate counts as its own code point, as in Python.
 */
public final class CodePoints {

    /** {@link #compare} as a {@code Comparator}. */
    public static final Comparator<String> ORDER = CodePoints::compare;

    private CodePoints() {
    }

    /** Compares {@code a} and {@code b} code point by code point, a proper prefix first. */
    public static int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
