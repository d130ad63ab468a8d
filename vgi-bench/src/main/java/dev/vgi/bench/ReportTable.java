package dev.vgi.bench;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The figure table both benchmarks print: one column per worker and, when both {@code ours} and
 * {@code python} ran, their ratio.
 *
 * @param <R> the per-worker result type the figures are read from
 */
final class ReportTable<R> {

    private final StringBuilder out;
    private final List<R> results;
    private final int oursIndex;
    private final int pythonIndex;
    private final int labelWidth;

    /**
     * Starts the table in {@code out} with its header.
     *
     * @param names worker names, in column order
     * @param results each worker's result, in the same order
     */
    ReportTable(StringBuilder out, List<String> names, List<R> results, int labelWidth) {
        this.out = out;
        this.results = results;
        this.oursIndex = names.indexOf("ours");
        this.pythonIndex = names.indexOf("python");
        this.labelWidth = labelWidth;
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-" + labelWidth + "s", "figure"));
        for (String n : names) {
            header.append(String.format(Locale.ROOT, "%16s", n));
        }
        if (hasRatio()) {
            header.append(String.format(Locale.ROOT, "%14s", "ours/python"));
        }
        out.append(header).append('\n').append("-".repeat(header.length())).append('\n');
    }

    private boolean hasRatio() {
        return oursIndex >= 0 && pythonIndex >= 0;
    }

    /** One figure row; {@code suffix} marks a cell (e.g. {@code *} for a time-boxed figure). */
    ReportTable<R> row(String label, ToDoubleFunction<R> figure, int decimals, Function<R, String> suffix) {
        out.append(String.format(Locale.ROOT, "%-" + labelWidth + "s", label));
        for (R r : results) {
            out.append(String.format(Locale.ROOT, "%16s", fmt(figure.applyAsDouble(r), decimals) + suffix.apply(r)));
        }
        if (hasRatio()) {
            double ratio = figure.applyAsDouble(results.get(oursIndex)) / figure.applyAsDouble(results.get(pythonIndex));
            out.append(String.format(Locale.ROOT, "%14s", fmt(ratio, 2) + "x"));
        }
        out.append('\n');
        return this;
    }

    /** One figure row without cell marks. */
    ReportTable<R> row(String label, ToDoubleFunction<R> figure, int decimals) {
        return row(label, figure, decimals, r -> "");
    }

    /** {@code v} with thousands separators and {@code decimals} decimals. */
    static String fmt(double v, int decimals) {
        return String.format(Locale.ROOT, "%,." + decimals + "f", v);
    }

    /** A number of seconds as typed ({@code 60}, {@code 0.5}), without trailing zeros. */
    static String seconds(double s) {
        return BigDecimal.valueOf(s).stripTrailingZeros().toPlainString();
    }
}
