package dev.vgi.core.pushdown;

/**
 * The evaluation context of a filter batch (schema metadata, delta spec §2.6.2). Under
 * {@value #NONE} every other component is {@code null}; under {@value #DUCKDB_SESSION} the
 * DuckDB session settings that govern evaluation are given.
 *
 * @param profile {@value #NONE} or {@value #DUCKDB_SESSION}
 * @param timeZone {@code vgi_time_zone}
 * @param calendar {@code vgi_calendar}
 * @param defaultCollation {@code vgi_default_collation} (empty = binary)
 * @param ieeeFloatingPointOps {@code vgi_ieee_floating_point_ops}
 * @param integerDivision {@code vgi_integer_division}
 * @param providerFingerprint {@code vgi_context_provider_fingerprint}, optional
 */
public record EvaluationContext(String profile, String timeZone, String calendar, String defaultCollation,
        Boolean ieeeFloatingPointOps, Boolean integerDivision, String providerFingerprint) {

    /** No session context. */
    public static final String NONE = "vgi.none.v1";
    /** A DuckDB session context. */
    public static final String DUCKDB_SESSION = "vgi.duckdb.session.v1";

    /** The context of {@value #NONE}. */
    public static final EvaluationContext NONE_CONTEXT = new EvaluationContext(NONE, null, null, null, null, null,
            null);

    /** Whether this is {@value #NONE}. */
    public boolean isNone() {
        return NONE.equals(profile);
    }
}
