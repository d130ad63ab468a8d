package dev.vgi.core.protocol;

import static dev.vgi.core.arrow.ArrowFields.BINARY;
import static dev.vgi.core.arrow.ArrowFields.BOOL;
import static dev.vgi.core.arrow.ArrowFields.FLOAT64;
import static dev.vgi.core.arrow.ArrowFields.INT32;
import static dev.vgi.core.arrow.ArrowFields.INT64;
import static dev.vgi.core.arrow.ArrowFields.LARGE_BINARY;
import static dev.vgi.core.arrow.ArrowFields.TIMESTAMP_US_UTC;
import static dev.vgi.core.arrow.ArrowFields.UINT64;
import static dev.vgi.core.arrow.ArrowFields.UTF8;
import static dev.vgi.core.arrow.ArrowFields.dictionary;
import static dev.vgi.core.arrow.ArrowFields.enumField;
import static dev.vgi.core.arrow.ArrowFields.list;
import static dev.vgi.core.arrow.ArrowFields.map;
import static dev.vgi.core.arrow.ArrowFields.optional;
import static dev.vgi.core.arrow.ArrowFields.required;
import static dev.vgi.core.arrow.ArrowFields.struct;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.arrow.vector.types.pojo.Field;

import dev.vgi.core.arrow.ArrowFields;

/**
 * Every record of VGI protocol {@value VgiProtocol#VERSION} (as vgi-python 0.47.0 defines them), in
 * one place: field order, types, nullability and dictionary encodings are the wire contract.
 *
 * <p>Records travel as {@code binary} values holding a complete IPC stream of one row (see
 * {@link RecordWriter}); enum fields are {@code dictionary<int16, utf8>} holding member names, and
 * {@code FunctionInfo}'s three schema-valued fields are {@code dictionary<int32, binary>}. The
 * DuckDB client compares the records a worker <em>sends</em> strictly, and so does the Python client
 * for {@code catalog_contents} collections, so these schemas must never drift;
 * {@code VgiRecordsTest} checks each one against the reference package's canonical type tokens. Records a worker <em>receives</em> are decoded by name with {@link RecordReader}, which
 * tolerates older and newer shapes.
 *
 * <p>Not here, on purpose: the worker-internal state records of the reference (stream state,
 * finalize state), the {@code SchemaContents} record (defined but no longer on the wire in 2.2), the
 * attach-ticket and secret-lookup records (separate protocols), and the standalone filter-capability
 * records (on the wire only as {@code FunctionInfo} struct items, whose {@code version} is
 * {@code uint64} where the standalone records say {@code int64}).
 */
public final class VgiRecords {

    private VgiRecords() {
    }

    private static final Map<String, RecordType> BY_NAME = new LinkedHashMap<>();

    private static RecordType record(String name, Field... fields) {
        RecordType type = new RecordType(name, ArrowFields.schema(fields));
        if (BY_NAME.put(name, type) != null) {
            throw new IllegalStateException("record " + name + " declared twice");
        }
        return type;
    }

    // The fields every catalog object shares, first and in this order.
    private static Field comment() {
        return optional("comment", UTF8);
    }

    private static Field tags() {
        return map("tags", false, UTF8);
    }

    private static Field strings(String name, boolean nullable) {
        return list(name, nullable, UTF8);
    }

    private static Field binaries(String name, boolean nullable) {
        return list(name, nullable, BINARY);
    }

    /** {@code list<list<T>>}, pyarrow-shaped (both children nullable {@code item}s). */
    private static Field nestedList(String name, boolean nullable, org.apache.arrow.vector.types.pojo.ArrowType itemType) {
        return list(name, nullable, list("item", true, itemType));
    }

    /** {@code items: list<binary>} NN: the shape of every list result, each item a one-row record stream. */
    private static Field items() {
        return binaries("items", false);
    }

    // ---------------------------------------------------------------- ATTACH and discovery

    /** {@code ClientCapabilities}: what the connecting engine can do (sent inside {@code CatalogAttachRequest}). */
    public static final RecordType CLIENT_CAPABILITIES = record("ClientCapabilities",
            required("engine", UTF8),
            strings("native_formats", false),
            strings("catalogs", false),
            required("can_stream", BOOL),
            strings("filter_encodings", false));

    /** {@code CatalogAttachRequest}: {@code catalog_attach}'s request. */
    public static final RecordType CATALOG_ATTACH_REQUEST = record("CatalogAttachRequest",
            required("name", UTF8),
            optional("options", BINARY),
            optional("data_version_spec", UTF8),
            optional("implementation_version", UTF8),
            optional("client_capabilities", BINARY));

    /** {@code CatalogAttachResult} (18 fields): {@code catalog_attach}'s result. */
    public static final RecordType CATALOG_ATTACH_RESULT = record("CatalogAttachResult",
            required("attach_opaque_data", BINARY),
            required("supports_transactions", BOOL),
            required("supports_time_travel", BOOL),
            required("catalog_version_frozen", BOOL),
            required("catalog_version", INT64),
            required("attach_opaque_data_required", BOOL),
            required("default_schema", UTF8),
            binaries("settings", false),
            binaries("secret_types", false),
            binaries("attach_catalogs", false),
            optional("comment", UTF8),
            tags(),
            required("supports_column_statistics", BOOL),
            binaries("global_functions", false),
            required("global_function_prefix", UTF8),
            optional("resolved_data_version", UTF8),
            optional("resolved_implementation_version", UTF8),
            required("supports_catalog_contents", BOOL));

    /** {@code SettingSpec}: a setting the catalog declares ({@code type} is a schema message with one field {@code value}). */
    public static final RecordType SETTING_SPEC = record("SettingSpec",
            required("name", UTF8),
            required("description", UTF8),
            required("type", BINARY),
            optional("default_value", BINARY));

    /** {@code AttachOptionSpec}: an ATTACH option ({@code SettingSpec}'s fields plus {@code required}, {@code secret}). */
    public static final RecordType ATTACH_OPTION_SPEC = record("AttachOptionSpec",
            required("name", UTF8),
            required("description", UTF8),
            required("type", BINARY),
            optional("default_value", BINARY),
            optional("required", BOOL),
            optional("secret", BOOL));

    /** {@code SecretTypeSpec}: a secret type ({@code parameters_schema} is a schema message). */
    public static final RecordType SECRET_TYPE_SPEC = record("SecretTypeSpec",
            required("name", UTF8),
            required("description", UTF8),
            required("parameters_schema", BINARY));

    /** {@code AttachCatalogInfo}: another database the client should attach alongside. */
    public static final RecordType ATTACH_CATALOG_INFO = record("AttachCatalogInfo",
            required("alias", UTF8),
            required("target", UTF8),
            required("db_type", UTF8),
            map("options", false, UTF8),
            required("hidden", BOOL),
            required("required", BOOL),
            required("secret_ref", UTF8));

    /** {@code CatalogDataVersionRelease}; on the wire as the struct items of {@code CatalogInfo.releases}. */
    public static final RecordType CATALOG_DATA_VERSION_RELEASE = record("CatalogDataVersionRelease",
            required("version", UTF8),
            optional("released_at", TIMESTAMP_US_UTC),
            required("summary", UTF8),
            optional("notes_url", UTF8));

    /** {@code CatalogExample}; on the wire as the struct items of {@code FunctionInfo.examples}. */
    public static final RecordType CATALOG_EXAMPLE = record("CatalogExample",
            required("sql", UTF8),
            required("description", UTF8),
            optional("expected_output", UTF8));

    /** {@code CatalogInfo}: one entry of {@code catalog_catalogs}. */
    public static final RecordType CATALOG_INFO = record("CatalogInfo",
            required("name", UTF8),
            optional("implementation_version", UTF8),
            optional("data_version_spec", UTF8),
            binaries("attach_option_specs", false),
            list("releases", false, struct("item", true,
                    required("version", UTF8),
                    optional("released_at", TIMESTAMP_US_UTC),
                    required("summary", UTF8),
                    optional("notes_url", UTF8))),
            optional("source_url", UTF8));

    /** {@code CopyFromFormatInfo}: a COPY format ({@code direction} is {@code from}, {@code to} or {@code both}). */
    public static final RecordType COPY_FROM_FORMAT_INFO = record("CopyFromFormatInfo",
            comment(),
            tags(),
            required("format_name", UTF8),
            required("handler", UTF8),
            required("options", BINARY),
            required("direction", UTF8),
            required("description", UTF8),
            required("ordered", BOOL));

    /** {@code CatalogVersionResponse}: {@code catalog_version}'s result. */
    public static final RecordType CATALOG_VERSION_RESPONSE = record("CatalogVersionResponse",
            required("version", INT64));

    /** {@code TransactionBeginResponse}: {@code catalog_transaction_begin}'s result. */
    public static final RecordType TRANSACTION_BEGIN_RESPONSE = record("TransactionBeginResponse",
            optional("transaction_opaque_data", BINARY));

    // ---------------------------------------------------------------- catalog objects

    /** {@code SchemaInfo} (2.2 shape, 4 fields; {@code attach_opaque_data} is gone). */
    public static final RecordType SCHEMA_INFO = record("SchemaInfo",
            comment(),
            tags(),
            strings("path", false),
            map("estimated_object_count", true, INT64));

    /** {@code FunctionInfo} (42 fields): one function overload. */
    public static final RecordType FUNCTION_INFO = record("FunctionInfo",
            comment(),
            tags(),
            required("name", UTF8),
            strings("schema_path", false),
            enumField("function_type", false),
            dictionary("arguments", false, BINARY, INT32),
            dictionary("output_schema", false, BINARY, INT32),
            dictionary("parameter_default_values", true, BINARY, INT32),
            enumField("stability", true),
            enumField("null_handling", true),
            strings("argument_monotonicity", true),
            required("description", UTF8),
            list("examples", false, struct("item", true,
                    required("sql", UTF8),
                    required("description", UTF8),
                    optional("expected_output", UTF8))),
            strings("categories", false),
            optional("projection_pushdown", BOOL),
            optional("filter_pushdown", BOOL),
            optional("sampling_pushdown", BOOL),
            optional("late_materialization", BOOL),
            strings("filter_semantic_profiles", false),
            list("additional_filter_functions", false, filterIdentity()),
            list("runtime_filter_algorithms", false, filterIdentity()),
            list("filter_evaluation_contexts", false, struct("item", true,
                    required("profile", UTF8),
                    optional("provider_fingerprint", UTF8))),
            enumField("order_preservation", true),
            optional("max_workers", INT32),
            required("supports_batch_index", BOOL),
            required("supports_splits", BOOL),
            required("filters_exactly_applied", BOOL),
            required("supports_positions", BOOL),
            optional("split_token_ttl_seconds", INT64),
            enumField("partition_kind", false),
            enumField("order_dependent", false),
            enumField("distinct_dependent", false),
            required("supports_window", BOOL),
            required("streaming_partitioned", BOOL),
            required("has_finalize", BOOL),
            required("source_order_dependent", BOOL),
            required("sink_order_dependent", BOOL),
            required("requires_input_batch_index", BOOL),
            required("input_from_args", BOOL),
            optional("input_rows_per_call", INT64),
            strings("required_settings", false),
            list("required_secrets", false, struct("item", true,
                    required("secret_type", UTF8),
                    optional("scope", UTF8),
                    optional("secret_name", UTF8))));

    /** The struct item of {@code additional_filter_functions} and {@code runtime_filter_algorithms}. */
    private static Field filterIdentity() {
        return struct("item", true, required("namespace", UTF8), required("name", UTF8), required("version", UINT64));
    }

    /** {@code TableInfo} (21 fields); {@code columns} is a schema message. */
    public static final RecordType TABLE_INFO = record("TableInfo",
            comment(),
            tags(),
            required("name", UTF8),
            strings("schema_path", false),
            required("columns", BINARY),
            list("not_null_constraints", false, INT32),
            nestedList("unique_constraints", false, INT32),
            strings("check_constraints", false),
            nestedList("primary_key_constraints", false, INT32),
            binaries("foreign_key_constraints", false),
            map("write_result_modes", false, UTF8),
            required("supports_column_statistics", BOOL),
            optional("scan_function", BINARY),
            optional("insert_function", BINARY),
            optional("update_function", BINARY),
            optional("delete_function", BINARY),
            optional("cardinality_estimate", INT64),
            optional("cardinality_max", INT64),
            optional("column_statistics", BINARY),
            optional("bind_result", BINARY),
            nestedList("required_filters", false, UTF8));

    /** {@code ForeignKeyInfo}: the items of {@code TableInfo.foreign_key_constraints}. */
    public static final RecordType FOREIGN_KEY_INFO = record("ForeignKeyInfo",
            strings("fk_columns", false),
            strings("pk_columns", false),
            required("referenced_table", UTF8),
            strings("referenced_schema_path", false));

    /** {@code ViewInfo}. */
    public static final RecordType VIEW_INFO = record("ViewInfo",
            comment(),
            tags(),
            required("name", UTF8),
            strings("schema_path", false),
            required("definition", UTF8),
            map("column_comments", false, UTF8));

    /** {@code MacroInfo}; {@code parameter_default_values} is an IPC batch, {@code arguments_schema} a schema message. */
    public static final RecordType MACRO_INFO = record("MacroInfo",
            comment(),
            tags(),
            required("name", UTF8),
            strings("schema_path", false),
            enumField("macro_type", false),
            strings("parameters", false),
            optional("parameter_default_values", BINARY),
            required("definition", UTF8),
            optional("arguments_schema", BINARY));

    /** {@code IndexInfo}. */
    public static final RecordType INDEX_INFO = record("IndexInfo",
            comment(),
            tags(),
            required("name", UTF8),
            strings("schema_path", false),
            required("table_name", UTF8),
            required("index_type", UTF8),
            enumField("constraint_type", false),
            strings("expressions", false),
            map("options", false, UTF8));

    /**
     * {@code ScanFunctionResult}: {@code catalog_table_scan_function_get}'s result. Its {@code arguments}
     * is a flat one-row batch ({@code arg_0, arg_1, …} then one column per named argument), not the
     * {@code args} struct of {@code BindRequest.arguments}.
     */
    public static final RecordType SCAN_FUNCTION_RESULT = record("ScanFunctionResult",
            required("function_name", UTF8),
            required("arguments", BINARY),
            strings("required_extensions", false),
            strings("schema_path", true));

    /** {@code WriteFunctionResult}: the result of the {@code catalog_table_*_function_get} write lookups. */
    public static final RecordType WRITE_FUNCTION_RESULT = record("WriteFunctionResult",
            required("function_name", UTF8),
            required("arguments", BINARY),
            strings("required_extensions", false),
            strings("schema_path", true));

    /** {@code ScanBranch}: one physical source of a table ({@code ScanBranchesResult.branches} items). */
    public static final RecordType SCAN_BRANCH = record("ScanBranch",
            required("function_name", UTF8),
            required("arguments", BINARY),
            optional("branch_filter", UTF8),
            required("writable", BOOL),
            optional("source_catalog", UTF8),
            strings("source_schema_path", true),
            optional("source_table", UTF8),
            optional("format_name", UTF8),
            strings("format_locations", true),
            optional("format_options", BINARY),
            strings("schema_path", true));

    /** {@code ScanBranchesResult}: {@code catalog_table_scan_branches_get}'s result. */
    public static final RecordType SCAN_BRANCHES_RESULT = record("ScanBranchesResult",
            binaries("branches", false),
            strings("required_extensions", false));

    /**
     * {@code CatalogContentsResponse} (2.2 shape): each collection is one IPC stream of N rows of the
     * record type ({@link #SCHEMA_INFO} … {@link #INDEX_INFO}), null when the category is empty; see
     * {@link RecordWriter#writeAll}.
     */
    public static final RecordType CATALOG_CONTENTS_RESPONSE = record("CatalogContentsResponse",
            required("catalog_version", INT64),
            optional("etag", UTF8),
            required("not_modified", BOOL),
            optional("schemas", BINARY),
            optional("tables", BINARY),
            optional("views", BINARY),
            optional("functions", BINARY),
            optional("macros", BINARY),
            optional("indexes", BINARY));

    /** {@code CatalogsResponse}: items are {@link #CATALOG_INFO} streams. */
    public static final RecordType CATALOGS_RESPONSE = record("CatalogsResponse", items());
    /** {@code SchemasResponse}: items are {@link #SCHEMA_INFO} streams. */
    public static final RecordType SCHEMAS_RESPONSE = record("SchemasResponse", items());
    /** {@code TablesResponse}: items are {@link #TABLE_INFO} streams. */
    public static final RecordType TABLES_RESPONSE = record("TablesResponse", items());
    /** {@code ViewsResponse}: items are {@link #VIEW_INFO} streams. */
    public static final RecordType VIEWS_RESPONSE = record("ViewsResponse", items());
    /** {@code FunctionsResponse}: items are {@link #FUNCTION_INFO} streams. */
    public static final RecordType FUNCTIONS_RESPONSE = record("FunctionsResponse", items());
    /** {@code MacrosResponse}: items are {@link #MACRO_INFO} streams. */
    public static final RecordType MACROS_RESPONSE = record("MacrosResponse", items());
    /** {@code IndexesResponse}: items are {@link #INDEX_INFO} streams. */
    public static final RecordType INDEXES_RESPONSE = record("IndexesResponse", items());
    /** {@code CopyFromFormatsResponse}: items are {@link #COPY_FROM_FORMAT_INFO} streams. */
    public static final RecordType COPY_FROM_FORMATS_RESPONSE = record("CopyFromFormatsResponse", items());

    // ---------------------------------------------------------------- DDL requests

    /** {@code CatalogCreateRequest}. */
    public static final RecordType CATALOG_CREATE_REQUEST = record("CatalogCreateRequest",
            required("name", UTF8),
            enumField("on_conflict", false),
            optional("options", BINARY));

    /** {@code TableCreateRequest}. */
    public static final RecordType TABLE_CREATE_REQUEST = record("TableCreateRequest",
            required("attach_opaque_data", BINARY),
            strings("schema_path", false),
            required("name", UTF8),
            required("columns", BINARY),
            enumField("on_conflict", false),
            list("not_null_constraints", false, INT32),
            nestedList("unique_constraints", false, INT32),
            strings("check_constraints", false),
            nestedList("primary_key_constraints", false, INT32),
            binaries("foreign_key_constraints", false),
            optional("transaction_opaque_data", BINARY));

    /** {@code MacroCreateRequest}. */
    public static final RecordType MACRO_CREATE_REQUEST = record("MacroCreateRequest",
            required("attach_opaque_data", BINARY),
            strings("schema_path", false),
            required("name", UTF8),
            enumField("macro_type", false),
            strings("parameters", false),
            required("definition", UTF8),
            enumField("on_conflict", false),
            optional("parameter_default_values", BINARY),
            optional("arguments_schema", BINARY),
            optional("transaction_opaque_data", BINARY));

    /** {@code IndexCreateRequest}. */
    public static final RecordType INDEX_CREATE_REQUEST = record("IndexCreateRequest",
            required("attach_opaque_data", BINARY),
            strings("schema_path", false),
            required("name", UTF8),
            required("table_name", UTF8),
            required("index_type", UTF8),
            enumField("constraint_type", false),
            strings("expressions", false),
            enumField("on_conflict", false),
            map("options", false, UTF8),
            optional("transaction_opaque_data", BINARY));

    // ---------------------------------------------------------------- bind and init

    /** {@code CopyFromContext}; on the wire as the {@code BindRequest.copy_from} struct. */
    public static final RecordType COPY_FROM_CONTEXT = record("CopyFromContext",
            required("format", UTF8),
            required("file_path", UTF8),
            required("expected_schema", BINARY));

    /** {@code CopyToContext}; on the wire as the {@code BindRequest.copy_to} struct. */
    public static final RecordType COPY_TO_CONTEXT = record("CopyToContext",
            required("format", UTF8),
            required("file_path", UTF8));

    /**
     * {@code BindRequest} (15 fields). {@code arguments} is a one-row batch of {@code args: struct<…>};
     * {@code input_schema} a schema message.
     */
    public static final RecordType BIND_REQUEST = record("BindRequest",
            required("function_name", UTF8),
            required("arguments", BINARY),
            enumField("function_type", false),
            optional("input_schema", BINARY),
            optional("settings", BINARY),
            optional("secrets", BINARY),
            optional("attach_opaque_data", BINARY),
            optional("transaction_opaque_data", BINARY),
            required("resolved_secrets_provided", BOOL),
            optional("at_unit", UTF8),
            optional("at_value", UTF8),
            struct("copy_from", true,
                    required("format", UTF8),
                    required("file_path", UTF8),
                    required("expected_schema", BINARY)),
            struct("copy_to", true,
                    required("format", UTF8),
                    required("file_path", UTF8)),
            strings("schema_path", true),
            strings("argument_names", true));

    /** {@code BindResponse}; {@code output_schema} is a schema message. */
    public static final RecordType BIND_RESPONSE = record("BindResponse",
            required("output_schema", BINARY),
            optional("opaque_data", BINARY),
            strings("lookup_secret_types", false),
            strings("lookup_scopes", false),
            strings("lookup_names", false));

    /** {@code InitRequest} (19 fields): {@code init}'s request. */
    public static final RecordType INIT_REQUEST = record("InitRequest",
            required("bind_call", BINARY),
            required("output_schema", BINARY),
            optional("bind_opaque_data", BINARY),
            list("projection_ids", true, INT64),
            optional("pushdown_filters", LARGE_BINARY),
            list("join_keys", true, LARGE_BINARY),
            list("split_tokens", true, LARGE_BINARY),
            optional("row_limit", INT64),
            enumField("phase", true),
            optional("finalize_state_id", BINARY),
            optional("execution_id", BINARY),
            optional("init_opaque_data", BINARY),
            optional("substream_id", BINARY),
            optional("order_by_column_name", UTF8),
            enumField("order_by_direction", true),
            enumField("order_by_null_order", true),
            optional("order_by_limit", INT64),
            optional("tablesample_percentage", FLOAT64),
            optional("tablesample_seed", INT64));

    /** {@code BaseInitResponse}: the first two fields every init header has. */
    public static final RecordType BASE_INIT_RESPONSE = record("BaseInitResponse",
            required("execution_id", BINARY),
            optional("opaque_data", BINARY));

    /** {@code GlobalInitResponse}: the {@code init} stream's header, written directly (not wrapped). */
    public static final RecordType GLOBAL_INIT_RESPONSE = record("GlobalInitResponse",
            required("execution_id", BINARY),
            optional("opaque_data", BINARY),
            required("max_workers", INT64));

    // ---------------------------------------------------------------- table function planning

    /** {@code TableFunctionCardinalityRequest}. */
    public static final RecordType TABLE_FUNCTION_CARDINALITY_REQUEST = record("TableFunctionCardinalityRequest",
            required("bind_call", BINARY),
            optional("bind_opaque_data", BINARY));

    /** {@code TableCardinality}: {@code table_function_cardinality}'s result. */
    public static final RecordType TABLE_CARDINALITY = record("TableCardinality",
            optional("estimate", INT64),
            optional("max", INT64));

    /** {@code TableFunctionStatisticsRequest}. */
    public static final RecordType TABLE_FUNCTION_STATISTICS_REQUEST = record("TableFunctionStatisticsRequest",
            required("bind_call", BINARY),
            optional("bind_opaque_data", BINARY));

    /** {@code TableFunctionDynamicToStringRequest}. */
    public static final RecordType TABLE_FUNCTION_DYNAMIC_TO_STRING_REQUEST = record("TableFunctionDynamicToStringRequest",
            required("bind_call", BINARY),
            optional("bind_opaque_data", BINARY),
            required("global_execution_id", BINARY));

    /** {@code TableFunctionDynamicToStringResponse}. */
    public static final RecordType TABLE_FUNCTION_DYNAMIC_TO_STRING_RESPONSE = record("TableFunctionDynamicToStringResponse",
            strings("keys", false),
            strings("values", false));

    /** {@code TableFunctionPlanRequest} (20 fields). */
    public static final RecordType TABLE_FUNCTION_PLAN_REQUEST = record("TableFunctionPlanRequest",
            required("bind_call", BINARY),
            optional("bind_opaque_data", BINARY),
            list("projection_ids", true, INT64),
            optional("pushdown_filters", LARGE_BINARY),
            list("join_keys", true, LARGE_BINARY),
            optional("row_limit", INT64),
            optional("target_split_bytes", INT64),
            optional("min_splits", INT64),
            optional("max_splits_per_response", INT64),
            optional("cursor", BINARY),
            optional("refined_filters", LARGE_BINARY),
            required("filters_complete", BOOL),
            optional("start_position", BINARY),
            optional("end_position", BINARY),
            optional("order_by_column_name", UTF8),
            enumField("order_by_direction", true),
            enumField("order_by_null_order", true),
            optional("order_by_limit", INT64),
            optional("tablesample_percentage", FLOAT64),
            optional("tablesample_seed", INT64));

    /** {@code ScanSplit}: one unit of parallel work ({@code PlanResponse.splits} items). */
    public static final RecordType SCAN_SPLIT = record("ScanSplit",
            required("payload", BINARY),
            required("token", BINARY),
            optional("estimated_rows", INT64),
            required("rows_exact", BOOL),
            optional("estimated_bytes", INT64),
            optional("partition_bounds", BINARY),
            optional("column_statistics", BINARY),
            list("location_ids", true, INT64),
            optional("start_position", BINARY),
            optional("end_position", BINARY));

    /** {@code PartitionTransform} ({@code PlanResponse.partitioning} items). */
    public static final RecordType PARTITION_TRANSFORM = record("PartitionTransform",
            required("column", UTF8),
            required("transform", UTF8),
            optional("param", INT64));

    /** {@code SortField} ({@code PlanResponse.sort_order} items). */
    public static final RecordType SORT_FIELD = record("SortField",
            required("column", UTF8),
            enumField("direction", false),
            enumField("nulls", false));

    /** {@code PlanResponse} (16 fields): {@code table_function_plan}'s result. */
    public static final RecordType PLAN_RESPONSE = record("PlanResponse",
            binaries("splits", false),
            binaries("next_cursors", true),
            optional("execution_id", BINARY),
            optional("init_opaque_data", BINARY),
            optional("max_workers", INT64),
            optional("estimated_total_splits", INT64),
            optional("estimated_total_rows", INT64),
            optional("estimated_total_bytes", INT64),
            optional("catalog_version", INT64),
            required("scope", UTF8),
            strings("locations", true),
            binaries("partitioning", true),
            binaries("sort_order", true),
            optional("cache_max_age_seconds", INT64),
            optional("start_position", BINARY),
            optional("end_position", BINARY));

    // ---------------------------------------------------------------- aggregates

    /** {@code AggregateBindRequest}. */
    public static final RecordType AGGREGATE_BIND_REQUEST = record("AggregateBindRequest",
            required("function_name", UTF8),
            required("arguments", BINARY),
            optional("input_schema", BINARY),
            optional("settings", BINARY),
            optional("secrets", BINARY),
            optional("attach_opaque_data", BINARY),
            strings("schema_path", true),
            strings("argument_names", true));

    /** {@code AggregateBindResponse}. */
    public static final RecordType AGGREGATE_BIND_RESPONSE = record("AggregateBindResponse",
            required("output_schema", BINARY),
            required("execution_id", BINARY));

    /** {@code AggregateUpdateRequest}. */
    public static final RecordType AGGREGATE_UPDATE_REQUEST = record("AggregateUpdateRequest",
            required("function_name", UTF8),
            required("execution_id", BINARY),
            required("input_batch", BINARY),
            optional("attach_opaque_data", BINARY),
            strings("schema_path", true));

    /** {@code AggregateUpdateResponse} (no fields). */
    public static final RecordType AGGREGATE_UPDATE_RESPONSE = record("AggregateUpdateResponse");

    /** {@code AggregateCombineRequest}. */
    public static final RecordType AGGREGATE_COMBINE_REQUEST = record("AggregateCombineRequest",
            required("function_name", UTF8),
            required("execution_id", BINARY),
            required("merge_batch", BINARY),
            optional("attach_opaque_data", BINARY),
            strings("schema_path", true));

    /** {@code AggregateCombineResponse} (no fields). */
    public static final RecordType AGGREGATE_COMBINE_RESPONSE = record("AggregateCombineResponse");

    /** {@code AggregateFinalizeRequest}. */
    public static final RecordType AGGREGATE_FINALIZE_REQUEST = record("AggregateFinalizeRequest",
            required("function_name", UTF8),
            required("execution_id", BINARY),
            required("group_ids_batch", BINARY),
            required("output_schema", BINARY),
            optional("attach_opaque_data", BINARY),
            strings("schema_path", true));

    /** {@code AggregateFinalizeResponse}. */
    public static final RecordType AGGREGATE_FINALIZE_RESPONSE = record("AggregateFinalizeResponse",
            required("result_batch", BINARY));

    /** {@code AggregateDestructorRequest}. */
    public static final RecordType AGGREGATE_DESTRUCTOR_REQUEST = record("AggregateDestructorRequest",
            required("function_name", UTF8),
            required("execution_id", BINARY),
            required("group_ids_batch", BINARY),
            optional("attach_opaque_data", BINARY),
            strings("schema_path", true));

    /** {@code AggregateDestructorResponse} (no fields). */
    public static final RecordType AGGREGATE_DESTRUCTOR_RESPONSE = record("AggregateDestructorResponse");

    /** {@code AggregateWindowInitRequest}. */
    public static final RecordType AGGREGATE_WINDOW_INIT_REQUEST = record("AggregateWindowInitRequest",
            required("function_name", UTF8),
            required("execution_id", BINARY),
            required("partition_id", INT64),
            required("row_count", INT64),
            required("partition_batch", BINARY),
            required("output_schema", BINARY),
            required("filter_mask", BINARY),
            required("frame_stats", BINARY),
            required("all_valid", BINARY),
            optional("attach_opaque_data", BINARY),
            strings("schema_path", true));

    /** {@code AggregateWindowInitResponse} (no fields). */
    public static final RecordType AGGREGATE_WINDOW_INIT_RESPONSE = record("AggregateWindowInitResponse");

    /** {@code AggregateWindowRequest}. */
    public static final RecordType AGGREGATE_WINDOW_REQUEST = record("AggregateWindowRequest",
            required("function_name", UTF8),
            required("execution_id", BINARY),
            required("partition_id", INT64),
            required("rid", INT64),
            list("frame_starts", false, INT64),
            list("frame_ends", false, INT64),
            optional("attach_opaque_data", BINARY),
            strings("schema_path", true));

    /** {@code AggregateWindowResponse}. */
    public static final RecordType AGGREGATE_WINDOW_RESPONSE = record("AggregateWindowResponse",
            required("result_batch", BINARY));

    /** {@code AggregateWindowBatchRequest}. */
    public static final RecordType AGGREGATE_WINDOW_BATCH_REQUEST = record("AggregateWindowBatchRequest",
            required("function_name", UTF8),
            required("execution_id", BINARY),
            required("partition_id", INT64),
            required("row_idx", INT64),
            required("count", INT64),
            list("frames_per_row", false, INT64),
            list("frame_starts", false, INT64),
            list("frame_ends", false, INT64),
            optional("attach_opaque_data", BINARY),
            strings("schema_path", true));

    /** {@code AggregateWindowBatchResponse}. */
    public static final RecordType AGGREGATE_WINDOW_BATCH_RESPONSE = record("AggregateWindowBatchResponse",
            required("result_batch", BINARY));

    /** {@code AggregateWindowDestructorRequest}. */
    public static final RecordType AGGREGATE_WINDOW_DESTRUCTOR_REQUEST = record("AggregateWindowDestructorRequest",
            required("function_name", UTF8),
            required("execution_id", BINARY),
            required("partition_id", INT64),
            optional("attach_opaque_data", BINARY),
            strings("schema_path", true));

    /** {@code AggregateWindowDestructorResponse} (no fields). */
    public static final RecordType AGGREGATE_WINDOW_DESTRUCTOR_RESPONSE = record("AggregateWindowDestructorResponse");

    /** {@code AggregateStreamingOpenRequest}. */
    public static final RecordType AGGREGATE_STREAMING_OPEN_REQUEST = record("AggregateStreamingOpenRequest",
            required("function_name", UTF8),
            required("arguments", BINARY),
            required("input_schema", BINARY),
            required("partition_key_count", INT64),
            required("order_key_count", INT64),
            required("output_schema", BINARY),
            optional("settings", BINARY),
            optional("secrets", BINARY),
            optional("attach_opaque_data", BINARY),
            strings("schema_path", true));

    /** {@code AggregateStreamingOpenResponse}. */
    public static final RecordType AGGREGATE_STREAMING_OPEN_RESPONSE = record("AggregateStreamingOpenResponse",
            required("execution_id", BINARY));

    /** {@code AggregateStreamingChunkRequest}. */
    public static final RecordType AGGREGATE_STREAMING_CHUNK_REQUEST = record("AggregateStreamingChunkRequest",
            required("function_name", UTF8),
            required("execution_id", BINARY),
            required("input_batch", BINARY),
            optional("attach_opaque_data", BINARY),
            strings("schema_path", true));

    /** {@code AggregateStreamingChunkResponse}. */
    public static final RecordType AGGREGATE_STREAMING_CHUNK_RESPONSE = record("AggregateStreamingChunkResponse",
            required("result_batch", BINARY));

    /** {@code AggregateStreamingCloseRequest}. */
    public static final RecordType AGGREGATE_STREAMING_CLOSE_REQUEST = record("AggregateStreamingCloseRequest",
            required("function_name", UTF8),
            required("execution_id", BINARY),
            optional("attach_opaque_data", BINARY),
            strings("schema_path", true));

    /** {@code AggregateStreamingCloseResponse} (no fields). */
    public static final RecordType AGGREGATE_STREAMING_CLOSE_RESPONSE = record("AggregateStreamingCloseResponse");

    // ---------------------------------------------------------------- table buffering

    /** {@code TableBufferingProcessRequest}. */
    public static final RecordType TABLE_BUFFERING_PROCESS_REQUEST = record("TableBufferingProcessRequest",
            required("function_name", UTF8),
            required("execution_id", BINARY),
            required("input_batch", BINARY),
            optional("attach_opaque_data", BINARY),
            optional("transaction_id", BINARY),
            optional("batch_index", INT64),
            strings("schema_path", true));

    /** {@code TableBufferingProcessResponse}. */
    public static final RecordType TABLE_BUFFERING_PROCESS_RESPONSE = record("TableBufferingProcessResponse",
            required("state_id", BINARY));

    /** {@code TableBufferingCombineRequest}. */
    public static final RecordType TABLE_BUFFERING_COMBINE_REQUEST = record("TableBufferingCombineRequest",
            required("function_name", UTF8),
            required("execution_id", BINARY),
            binaries("state_ids", false),
            optional("attach_opaque_data", BINARY),
            optional("transaction_id", BINARY),
            strings("schema_path", true));

    /** {@code TableBufferingCombineResponse}. */
    public static final RecordType TABLE_BUFFERING_COMBINE_RESPONSE = record("TableBufferingCombineResponse",
            binaries("finalize_state_ids", false));

    /** {@code TableBufferingDestructorRequest}. */
    public static final RecordType TABLE_BUFFERING_DESTRUCTOR_REQUEST = record("TableBufferingDestructorRequest",
            required("function_name", UTF8),
            required("execution_id", BINARY),
            optional("attach_opaque_data", BINARY),
            optional("transaction_id", BINARY),
            strings("schema_path", true));

    /** {@code TableBufferingDestructorResponse} (no fields). */
    public static final RecordType TABLE_BUFFERING_DESTRUCTOR_RESPONSE = record("TableBufferingDestructorResponse");

    /** Every record above, by reference name, in declaration order. */
    public static Map<String, RecordType> all() {
        return Collections.unmodifiableMap(BY_NAME);
    }

    /** The record called {@code name} (the reference class name), or {@code null}. */
    public static RecordType byName(String name) {
        return BY_NAME.get(name);
    }

    /** The records of the six {@code catalog_contents} collections, keyed by collection field name. */
    public static Map<String, RecordType> contentsCollections() {
        Map<String, RecordType> m = new LinkedHashMap<>();
        m.put("schemas", SCHEMA_INFO);
        m.put("tables", TABLE_INFO);
        m.put("views", VIEW_INFO);
        m.put("functions", FUNCTION_INFO);
        m.put("macros", MACRO_INFO);
        m.put("indexes", INDEX_INFO);
        return Collections.unmodifiableMap(m);
    }
}
