package dev.vgi.core.protocol;

/**
 * The identity of the VGI protocol this SDK speaks and the names of its methods.
 *
 * <p>Every request carries {@code vgi_rpc.protocol = }{@value #NAME} (the routing key, with the
 * major version in the name) and {@code vgi_rpc.protocol_version = }{@value #VERSION}. Peers gate on
 * major and minor only ({@link #isCompatible}); the parameter and result schemas of each method are
 * in {@link VgiMethods}, the records inside them in {@link VgiRecords}.
 */
public final class VgiProtocol {

    private VgiProtocol() {
    }

    /** Wire name of the protocol, the {@code vgi_rpc.protocol} routing key. */
    public static final String NAME = "vgi.v2";

    /** Protocol version (canonical semver) sent as {@code vgi_rpc.protocol_version}. */
    public static final String VERSION = "2.2.0";

    /** Major component of {@link #VERSION}. */
    public static final int MAJOR = 2;

    /** Minor component of {@link #VERSION}. */
    public static final int MINOR = 2;

    /**
     * Whether a peer announcing {@code version} speaks this protocol: major and minor must equal
     * ours, the patch is ignored (the reference gate; a 2.1 client is refused, a 2.2.7 one is not).
     *
     * @return {@code false} for {@code null} or anything that is not {@code MAJOR.MINOR.PATCH}
     */
    public static boolean isCompatible(String version) {
        if (version == null) {
            return false;
        }
        String[] parts = version.split("\\.", -1);
        if (parts.length != 3) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return false;
            }
        }
        try {
            return Integer.parseInt(parts[0]) == MAJOR && Integer.parseInt(parts[1]) == MINOR;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    // ---- function invocation
    /** {@code bind}: resolve a function call's output schema. */
    public static final String BIND = "bind";
    /** {@code init}: the only stream method; header {@code GlobalInitResponse}, then the data exchange. */
    public static final String INIT = "init";
    /** {@code table_function_cardinality}. */
    public static final String TABLE_FUNCTION_CARDINALITY = "table_function_cardinality";
    /** {@code table_function_statistics}. */
    public static final String TABLE_FUNCTION_STATISTICS = "table_function_statistics";
    /** {@code table_function_plan}. */
    public static final String TABLE_FUNCTION_PLAN = "table_function_plan";
    /** {@code table_function_dynamic_to_string}. */
    public static final String TABLE_FUNCTION_DYNAMIC_TO_STRING = "table_function_dynamic_to_string";

    // ---- aggregates
    /** {@code aggregate_bind}. */
    public static final String AGGREGATE_BIND = "aggregate_bind";
    /** {@code aggregate_update}. */
    public static final String AGGREGATE_UPDATE = "aggregate_update";
    /** {@code aggregate_combine}. */
    public static final String AGGREGATE_COMBINE = "aggregate_combine";
    /** {@code aggregate_finalize}. */
    public static final String AGGREGATE_FINALIZE = "aggregate_finalize";
    /** {@code aggregate_destructor}. */
    public static final String AGGREGATE_DESTRUCTOR = "aggregate_destructor";
    /** {@code aggregate_window_init}. */
    public static final String AGGREGATE_WINDOW_INIT = "aggregate_window_init";
    /** {@code aggregate_window}. */
    public static final String AGGREGATE_WINDOW = "aggregate_window";
    /** {@code aggregate_window_destructor}. */
    public static final String AGGREGATE_WINDOW_DESTRUCTOR = "aggregate_window_destructor";
    /** {@code aggregate_window_batch}. */
    public static final String AGGREGATE_WINDOW_BATCH = "aggregate_window_batch";
    /** {@code aggregate_streaming_open}. */
    public static final String AGGREGATE_STREAMING_OPEN = "aggregate_streaming_open";
    /** {@code aggregate_streaming_chunk}. */
    public static final String AGGREGATE_STREAMING_CHUNK = "aggregate_streaming_chunk";
    /** {@code aggregate_streaming_close}. */
    public static final String AGGREGATE_STREAMING_CLOSE = "aggregate_streaming_close";

    // ---- table buffering
    /** {@code table_buffering_process}. */
    public static final String TABLE_BUFFERING_PROCESS = "table_buffering_process";
    /** {@code table_buffering_combine}. */
    public static final String TABLE_BUFFERING_COMBINE = "table_buffering_combine";
    /** {@code table_buffering_destructor}. */
    public static final String TABLE_BUFFERING_DESTRUCTOR = "table_buffering_destructor";

    // ---- catalog lifecycle
    /** {@code catalog_catalogs}: the one parameterless method. */
    public static final String CATALOG_CATALOGS = "catalog_catalogs";
    /** {@code catalog_attach}. */
    public static final String CATALOG_ATTACH = "catalog_attach";
    /** {@code catalog_detach}. */
    public static final String CATALOG_DETACH = "catalog_detach";
    /** {@code catalog_create}. */
    public static final String CATALOG_CREATE = "catalog_create";
    /** {@code catalog_drop}. */
    public static final String CATALOG_DROP = "catalog_drop";
    /** {@code catalog_version}. */
    public static final String CATALOG_VERSION = "catalog_version";
    /** {@code catalog_contents}: the whole catalog in one call (only if the attach result advertises it). */
    public static final String CATALOG_CONTENTS = "catalog_contents";
    /** {@code catalog_copy_from_formats}. */
    public static final String CATALOG_COPY_FROM_FORMATS = "catalog_copy_from_formats";
    /** {@code catalog_transaction_begin}. */
    public static final String CATALOG_TRANSACTION_BEGIN = "catalog_transaction_begin";
    /** {@code catalog_transaction_commit}. */
    public static final String CATALOG_TRANSACTION_COMMIT = "catalog_transaction_commit";
    /** {@code catalog_transaction_rollback}. */
    public static final String CATALOG_TRANSACTION_ROLLBACK = "catalog_transaction_rollback";

    // ---- schemas
    /** {@code catalog_schemas}. */
    public static final String CATALOG_SCHEMAS = "catalog_schemas";
    /** {@code catalog_schema_get}. */
    public static final String CATALOG_SCHEMA_GET = "catalog_schema_get";
    /** {@code catalog_schema_create}. */
    public static final String CATALOG_SCHEMA_CREATE = "catalog_schema_create";
    /** {@code catalog_schema_drop}. */
    public static final String CATALOG_SCHEMA_DROP = "catalog_schema_drop";
    /** {@code catalog_schema_contents_tables}. */
    public static final String CATALOG_SCHEMA_CONTENTS_TABLES = "catalog_schema_contents_tables";
    /** {@code catalog_schema_contents_views}. */
    public static final String CATALOG_SCHEMA_CONTENTS_VIEWS = "catalog_schema_contents_views";
    /** {@code catalog_schema_contents_functions}. */
    public static final String CATALOG_SCHEMA_CONTENTS_FUNCTIONS = "catalog_schema_contents_functions";
    /** {@code catalog_schema_contents_macros}. */
    public static final String CATALOG_SCHEMA_CONTENTS_MACROS = "catalog_schema_contents_macros";
    /** {@code catalog_schema_contents_indexes}. */
    public static final String CATALOG_SCHEMA_CONTENTS_INDEXES = "catalog_schema_contents_indexes";

    // ---- tables
    /** {@code catalog_table_get}. */
    public static final String CATALOG_TABLE_GET = "catalog_table_get";
    /** {@code catalog_table_create}. */
    public static final String CATALOG_TABLE_CREATE = "catalog_table_create";
    /** {@code catalog_table_drop}. */
    public static final String CATALOG_TABLE_DROP = "catalog_table_drop";
    /** {@code catalog_table_scan_function_get}. */
    public static final String CATALOG_TABLE_SCAN_FUNCTION_GET = "catalog_table_scan_function_get";
    /** {@code catalog_table_scan_branches_get}. */
    public static final String CATALOG_TABLE_SCAN_BRANCHES_GET = "catalog_table_scan_branches_get";
    /** {@code catalog_table_column_statistics_get}. */
    public static final String CATALOG_TABLE_COLUMN_STATISTICS_GET = "catalog_table_column_statistics_get";
    /** {@code catalog_table_insert_function_get}. */
    public static final String CATALOG_TABLE_INSERT_FUNCTION_GET = "catalog_table_insert_function_get";
    /** {@code catalog_table_update_function_get}. */
    public static final String CATALOG_TABLE_UPDATE_FUNCTION_GET = "catalog_table_update_function_get";
    /** {@code catalog_table_delete_function_get}. */
    public static final String CATALOG_TABLE_DELETE_FUNCTION_GET = "catalog_table_delete_function_get";
    /** {@code catalog_table_comment_set}. */
    public static final String CATALOG_TABLE_COMMENT_SET = "catalog_table_comment_set";
    /** {@code catalog_table_column_comment_set}. */
    public static final String CATALOG_TABLE_COLUMN_COMMENT_SET = "catalog_table_column_comment_set";
    /** {@code catalog_table_rename}. */
    public static final String CATALOG_TABLE_RENAME = "catalog_table_rename";
    /** {@code catalog_table_column_add}. */
    public static final String CATALOG_TABLE_COLUMN_ADD = "catalog_table_column_add";
    /** {@code catalog_table_column_drop}. */
    public static final String CATALOG_TABLE_COLUMN_DROP = "catalog_table_column_drop";
    /** {@code catalog_table_column_rename}. */
    public static final String CATALOG_TABLE_COLUMN_RENAME = "catalog_table_column_rename";
    /** {@code catalog_table_column_default_set}. */
    public static final String CATALOG_TABLE_COLUMN_DEFAULT_SET = "catalog_table_column_default_set";
    /** {@code catalog_table_column_default_drop}. */
    public static final String CATALOG_TABLE_COLUMN_DEFAULT_DROP = "catalog_table_column_default_drop";
    /** {@code catalog_table_column_type_change}. */
    public static final String CATALOG_TABLE_COLUMN_TYPE_CHANGE = "catalog_table_column_type_change";
    /** {@code catalog_table_not_null_drop}. */
    public static final String CATALOG_TABLE_NOT_NULL_DROP = "catalog_table_not_null_drop";
    /** {@code catalog_table_not_null_set}. */
    public static final String CATALOG_TABLE_NOT_NULL_SET = "catalog_table_not_null_set";

    // ---- views
    /** {@code catalog_view_get}. */
    public static final String CATALOG_VIEW_GET = "catalog_view_get";
    /** {@code catalog_view_create}. */
    public static final String CATALOG_VIEW_CREATE = "catalog_view_create";
    /** {@code catalog_view_drop}. */
    public static final String CATALOG_VIEW_DROP = "catalog_view_drop";
    /** {@code catalog_view_rename}. */
    public static final String CATALOG_VIEW_RENAME = "catalog_view_rename";
    /** {@code catalog_view_comment_set}. */
    public static final String CATALOG_VIEW_COMMENT_SET = "catalog_view_comment_set";

    // ---- macros and indexes
    /** {@code catalog_macro_get}. */
    public static final String CATALOG_MACRO_GET = "catalog_macro_get";
    /** {@code catalog_macro_create}. */
    public static final String CATALOG_MACRO_CREATE = "catalog_macro_create";
    /** {@code catalog_macro_drop}. */
    public static final String CATALOG_MACRO_DROP = "catalog_macro_drop";
    /** {@code catalog_index_get}. */
    public static final String CATALOG_INDEX_GET = "catalog_index_get";
    /** {@code catalog_index_create}. */
    public static final String CATALOG_INDEX_CREATE = "catalog_index_create";
    /** {@code catalog_index_drop}. */
    public static final String CATALOG_INDEX_DROP = "catalog_index_drop";
}
