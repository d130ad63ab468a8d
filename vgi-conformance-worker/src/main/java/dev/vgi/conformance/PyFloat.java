package dev.vgi.conformance;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * Python's {@code repr(float)}: the shortest digit string that reads back as the same double,
 * positional for decimal exponents in [-4, 16), scientific ({@code 1e+16}, {@code 5e-324})
 * otherwise. Conformance strings such as {@code "Point(1.5, 2.5)"} and {@code "scale by 2.0"} are
 * built by the reference with this formatting, so clients compare against it.
 */
final class PyFloat {

    private PyFloat() {
    }

    /** Formats {@code value} as Python's {@code repr} would. */
    static String repr(double value) {
        if (Double.isNaN(value)) {
            return "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        if (value == 0) {
            return (1 / value < 0) ? "-0.0" : "0.0";
        }
        // shortest round-tripping precision; Double.toString is not guaranteed shortest before JDK 19
        String sci = null;
        for (int precision = 1; precision <= 17; precision++) {
            String candidate = String.format(Locale.ROOT, "%." + (precision - 1) + "e", value);
            if (Double.parseDouble(candidate) == value) {
                sci = candidate;
                break;
            }
        }
        int e = sci.indexOf('e');
        String mantissa = sci.substring(0, e);
        int exponent = Integer.parseInt(sci.substring(e + 1));
        boolean negative = mantissa.startsWith("-");
        String digits = mantissa.replace("-", "").replace(".", "");
        digits = stripTrailingZeros(digits);
        String sign = negative ? "-" : "";
        if (exponent < -4 || exponent >= 16) {
            String m = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return sign + m + "e" + (exponent < 0 ? "-" : "+") + String.format(Locale.ROOT, "%02d", Math.abs(exponent));
        }
        String plain = new BigDecimal(new java.math.BigInteger(digits), digits.length() - 1 - exponent).toPlainString();
        if (!plain.contains(".")) {
            plain = plain + ".0";
        }
        return sign + plain;
    }

    private static String stripTrailingZeros(String digits) {
        int end = digits.length();
        while (end > 1 && digits.charAt(end - 1) == '0') {
            end--;
        }
        return digits.substring(0, end);
    }
}
