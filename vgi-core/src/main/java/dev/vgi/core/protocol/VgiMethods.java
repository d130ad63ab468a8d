package dev.vgi.core.protocol;

import static dev.vgi.core.arrow.ArrowFields.BINARY;
import static dev.vgi.core.arrow.ArrowFields.BOOL;
import static dev.vgi.core.arrow.ArrowFields.UTF8;
import static dev.vgi.core.arrow.ArrowFields.enumField;
import static dev.vgi.core.arrow.ArrowFields.list;
import static dev.vgi.core.arrow.ArrowFields.map;
import static dev.vgi.core.arrow.ArrowFields.optional;
import static dev.vgi.core.arrow.ArrowFields.required;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

import dev.vgi.core.arrow.ArrowFields;

/**
 * The parameter and result schemas of all 72 methods of VGI protocol {@value VgiProtocol#VERSION},
 * with the record each one carries. The flat parameter schemas are what the reference client sends,
 * column for column; {@code VgiMethodsTest} proves the whole table against the reference by
 * comparing protocol hashes.
 */
public final class VgiMethods {

    private VgiMethods() {
    }

    private static final Map<String, VgiMethod> BY_NAME = new LinkedHashMap<>();

    /** {@code request: binary} NN, the one column of every wrapped method. */
    private static final Schema WRAPPED_PARAMS = new Schema(List.of(required("request", BINARY)));
    /** {@code result: binary} NN, the result of every method returning a record. */
    private static final Schema RECORD_RESULT = new Schema(List.of(required("result", BINARY)));
    /** {@code result: binary} nullable: null means "no statistics". */
    private static final Schema OPTIONAL_RESULT = new Schema(List.of(optional("result", BINARY)));

    // The parameters flat methods share, in the positions the reference declares them.
    private static Field aod() {
        return required("attach_opaque_data", BINARY);
    }

    private static Field tod() {
        return optional("transaction_opaque_data", BINARY);
    }

    private static Field path() {
        return list("path", false, UTF8);
    }

    private static Field schemaPath() {
        return list("schema_path", false, UTF8);
    }

    private static Field name() {
        return required("name", UTF8);
    }

    private static Field flag(String name) {
        return required(name, BOOL);
    }

    private static Schema params(Field... fields) {
        return ArrowFields.schema(fields);
    }

    private static void add(VgiMethod m) {
        if (BY_NAME.put(m.name(), m) != null) {
            throw new IllegalStateException("method " + m.name() + " declared twice");
        }
    }

    /** A wrapped unary method returning a record. */
    private static void wrapped(String name, RecordType request, RecordType response) {
        add(new VgiMethod(name, false, WRAPPED_PARAMS, RECORD_RESULT, null, request, response));
    }

    /** A wrapped unary method returning nothing. */
    private static void wrappedVoid(String name, RecordType request) {
        add(new VgiMethod(name, false, WRAPPED_PARAMS, null, null, request, null));
    }

    /** A flat unary method returning a record. */
    private static void flat(String name, RecordType response, Schema params) {
        add(new VgiMethod(name, false, params, RECORD_RESULT, null, null, response));
    }

    /** A flat unary method returning nothing. */
    private static void flatVoid(String name, Schema params) {
        add(new VgiMethod(name, false, params, null, null, null, null));
    }

    static {
        // function invocation
        wrapped(VgiProtocol.BIND, VgiRecords.BIND_REQUEST, VgiRecords.BIND_RESPONSE);
        add(new VgiMethod(VgiProtocol.INIT, true, WRAPPED_PARAMS, null, VgiRecords.GLOBAL_INIT_RESPONSE.schema(),
                VgiRecords.INIT_REQUEST, VgiRecords.GLOBAL_INIT_RESPONSE));
        wrapped(VgiProtocol.TABLE_FUNCTION_CARDINALITY, VgiRecords.TABLE_FUNCTION_CARDINALITY_REQUEST,
                VgiRecords.TABLE_CARDINALITY);
        add(new VgiMethod(VgiProtocol.TABLE_FUNCTION_STATISTICS, false, WRAPPED_PARAMS, OPTIONAL_RESULT, null,
                VgiRecords.TABLE_FUNCTION_STATISTICS_REQUEST, null));
        wrapped(VgiProtocol.TABLE_FUNCTION_PLAN, VgiRecords.TABLE_FUNCTION_PLAN_REQUEST, VgiRecords.PLAN_RESPONSE);
        wrapped(VgiProtocol.TABLE_FUNCTION_DYNAMIC_TO_STRING, VgiRecords.TABLE_FUNCTION_DYNAMIC_TO_STRING_REQUEST,
                VgiRecords.TABLE_FUNCTION_DYNAMIC_TO_STRING_RESPONSE);

        // aggregates
        wrapped(VgiProtocol.AGGREGATE_BIND, VgiRecords.AGGREGATE_BIND_REQUEST, VgiRecords.AGGREGATE_BIND_RESPONSE);
        wrapped(VgiProtocol.AGGREGATE_UPDATE, VgiRecords.AGGREGATE_UPDATE_REQUEST, VgiRecords.AGGREGATE_UPDATE_RESPONSE);
        wrapped(VgiProtocol.AGGREGATE_COMBINE, VgiRecords.AGGREGATE_COMBINE_REQUEST, VgiRecords.AGGREGATE_COMBINE_RESPONSE);
        wrapped(VgiProtocol.AGGREGATE_FINALIZE, VgiRecords.AGGREGATE_FINALIZE_REQUEST, VgiRecords.AGGREGATE_FINALIZE_RESPONSE);
        wrapped(VgiProtocol.AGGREGATE_DESTRUCTOR, VgiRecords.AGGREGATE_DESTRUCTOR_REQUEST,
                VgiRecords.AGGREGATE_DESTRUCTOR_RESPONSE);
        wrapped(VgiProtocol.AGGREGATE_WINDOW_INIT, VgiRecords.AGGREGATE_WINDOW_INIT_REQUEST,
                VgiRecords.AGGREGATE_WINDOW_INIT_RESPONSE);
        wrapped(VgiProtocol.AGGREGATE_WINDOW, VgiRecords.AGGREGATE_WINDOW_REQUEST, VgiRecords.AGGREGATE_WINDOW_RESPONSE);
        wrapped(VgiProtocol.AGGREGATE_WINDOW_DESTRUCTOR, VgiRecords.AGGREGATE_WINDOW_DESTRUCTOR_REQUEST,
                VgiRecords.AGGREGATE_WINDOW_DESTRUCTOR_RESPONSE);
        wrapped(VgiProtocol.AGGREGATE_WINDOW_BATCH, VgiRecords.AGGREGATE_WINDOW_BATCH_REQUEST,
                VgiRecords.AGGREGATE_WINDOW_BATCH_RESPONSE);
        wrapped(VgiProtocol.AGGREGATE_STREAMING_OPEN, VgiRecords.AGGREGATE_STREAMING_OPEN_REQUEST,
                VgiRecords.AGGREGATE_STREAMING_OPEN_RESPONSE);
        wrapped(VgiProtocol.AGGREGATE_STREAMING_CHUNK, VgiRecords.AGGREGATE_STREAMING_CHUNK_REQUEST,
                VgiRecords.AGGREGATE_STREAMING_CHUNK_RESPONSE);
        wrapped(VgiProtocol.AGGREGATE_STREAMING_CLOSE, VgiRecords.AGGREGATE_STREAMING_CLOSE_REQUEST,
                VgiRecords.AGGREGATE_STREAMING_CLOSE_RESPONSE);

        // table buffering
        wrapped(VgiProtocol.TABLE_BUFFERING_PROCESS, VgiRecords.TABLE_BUFFERING_PROCESS_REQUEST,
                VgiRecords.TABLE_BUFFERING_PROCESS_RESPONSE);
        wrapped(VgiProtocol.TABLE_BUFFERING_COMBINE, VgiRecords.TABLE_BUFFERING_COMBINE_REQUEST,
                VgiRecords.TABLE_BUFFERING_COMBINE_RESPONSE);
        wrapped(VgiProtocol.TABLE_BUFFERING_DESTRUCTOR, VgiRecords.TABLE_BUFFERING_DESTRUCTOR_REQUEST,
                VgiRecords.TABLE_BUFFERING_DESTRUCTOR_RESPONSE);

        // catalog lifecycle
        flat(VgiProtocol.CATALOG_CATALOGS, VgiRecords.CATALOGS_RESPONSE, params());
        wrapped(VgiProtocol.CATALOG_ATTACH, VgiRecords.CATALOG_ATTACH_REQUEST, VgiRecords.CATALOG_ATTACH_RESULT);
        flatVoid(VgiProtocol.CATALOG_DETACH, params(aod()));
        wrappedVoid(VgiProtocol.CATALOG_CREATE, VgiRecords.CATALOG_CREATE_REQUEST);
        flatVoid(VgiProtocol.CATALOG_DROP, params(name()));
        flat(VgiProtocol.CATALOG_VERSION, VgiRecords.CATALOG_VERSION_RESPONSE, params(aod(), tod()));
        flat(VgiProtocol.CATALOG_CONTENTS, VgiRecords.CATALOG_CONTENTS_RESPONSE,
                params(aod(), optional("if_none_match", UTF8)));
        flat(VgiProtocol.CATALOG_COPY_FROM_FORMATS, VgiRecords.COPY_FROM_FORMATS_RESPONSE, params(aod(), tod()));
        flat(VgiProtocol.CATALOG_TRANSACTION_BEGIN, VgiRecords.TRANSACTION_BEGIN_RESPONSE, params(aod()));
        flatVoid(VgiProtocol.CATALOG_TRANSACTION_COMMIT, params(aod(), required("transaction_opaque_data", BINARY)));
        flatVoid(VgiProtocol.CATALOG_TRANSACTION_ROLLBACK, params(aod(), required("transaction_opaque_data", BINARY)));

        // schemas
        flat(VgiProtocol.CATALOG_SCHEMAS, VgiRecords.SCHEMAS_RESPONSE, params(aod(), tod()));
        flat(VgiProtocol.CATALOG_SCHEMA_GET, VgiRecords.SCHEMAS_RESPONSE, params(aod(), path(), tod()));
        flatVoid(VgiProtocol.CATALOG_SCHEMA_CREATE, params(aod(), path(), enumField("on_conflict", false),
                optional("comment", UTF8), map("tags", true, UTF8), tod()));
        flatVoid(VgiProtocol.CATALOG_SCHEMA_DROP, params(aod(), path(), flag("ignore_not_found"), flag("cascade"), tod()));
        flat(VgiProtocol.CATALOG_SCHEMA_CONTENTS_TABLES, VgiRecords.TABLES_RESPONSE, params(aod(), path(), tod()));
        flat(VgiProtocol.CATALOG_SCHEMA_CONTENTS_VIEWS, VgiRecords.VIEWS_RESPONSE, params(aod(), path(), tod()));
        flat(VgiProtocol.CATALOG_SCHEMA_CONTENTS_FUNCTIONS, VgiRecords.FUNCTIONS_RESPONSE,
                params(aod(), path(), enumField("type", false), tod()));
        flat(VgiProtocol.CATALOG_SCHEMA_CONTENTS_MACROS, VgiRecords.MACROS_RESPONSE,
                params(aod(), path(), enumField("type", false), tod()));
        flat(VgiProtocol.CATALOG_SCHEMA_CONTENTS_INDEXES, VgiRecords.INDEXES_RESPONSE, params(aod(), path(), tod()));

        // tables
        Schema tableLookup = params(aod(), schemaPath(), name(), optional("at_unit", UTF8), optional("at_value", UTF8), tod());
        flat(VgiProtocol.CATALOG_TABLE_GET, VgiRecords.TABLES_RESPONSE, tableLookup);
        wrappedVoid(VgiProtocol.CATALOG_TABLE_CREATE, VgiRecords.TABLE_CREATE_REQUEST);
        flatVoid(VgiProtocol.CATALOG_TABLE_DROP, params(aod(), schemaPath(), name(), flag("ignore_not_found"),
                flag("cascade"), tod()));
        flat(VgiProtocol.CATALOG_TABLE_SCAN_FUNCTION_GET, VgiRecords.SCAN_FUNCTION_RESULT, tableLookup);
        flat(VgiProtocol.CATALOG_TABLE_SCAN_BRANCHES_GET, VgiRecords.SCAN_BRANCHES_RESULT, tableLookup);
        add(new VgiMethod(VgiProtocol.CATALOG_TABLE_COLUMN_STATISTICS_GET, false,
                params(aod(), schemaPath(), name(), tod()), OPTIONAL_RESULT, null, null, null));
        flat(VgiProtocol.CATALOG_TABLE_INSERT_FUNCTION_GET, VgiRecords.WRITE_FUNCTION_RESULT,
                params(aod(), schemaPath(), name(), tod(), optional("writable_branch_function_name", UTF8)));
        flat(VgiProtocol.CATALOG_TABLE_UPDATE_FUNCTION_GET, VgiRecords.WRITE_FUNCTION_RESULT,
                params(aod(), schemaPath(), name(), tod()));
        flat(VgiProtocol.CATALOG_TABLE_DELETE_FUNCTION_GET, VgiRecords.WRITE_FUNCTION_RESULT,
                params(aod(), schemaPath(), name(), tod()));
        flatVoid(VgiProtocol.CATALOG_TABLE_COMMENT_SET, params(aod(), schemaPath(), name(), optional("comment", UTF8),
                flag("ignore_not_found"), tod()));
        flatVoid(VgiProtocol.CATALOG_TABLE_COLUMN_COMMENT_SET, params(aod(), schemaPath(), name(),
                required("column_name", UTF8), optional("comment", UTF8), flag("ignore_not_found"), tod()));
        flatVoid(VgiProtocol.CATALOG_TABLE_RENAME, params(aod(), schemaPath(), name(), required("new_name", UTF8),
                flag("ignore_not_found"), tod()));
        flatVoid(VgiProtocol.CATALOG_TABLE_COLUMN_ADD, params(aod(), schemaPath(), name(),
                required("column_definition", BINARY), flag("ignore_not_found"), flag("if_column_not_exists"), tod()));
        flatVoid(VgiProtocol.CATALOG_TABLE_COLUMN_DROP, params(aod(), schemaPath(), name(), required("column_name", UTF8),
                flag("ignore_not_found"), flag("if_column_exists"), flag("cascade"), tod()));
        flatVoid(VgiProtocol.CATALOG_TABLE_COLUMN_RENAME, params(aod(), schemaPath(), name(),
                required("column_name", UTF8), required("new_column_name", UTF8), flag("ignore_not_found"), tod()));
        flatVoid(VgiProtocol.CATALOG_TABLE_COLUMN_DEFAULT_SET, params(aod(), schemaPath(), name(),
                required("column_name", UTF8), required("expression", UTF8), flag("ignore_not_found"), tod()));
        flatVoid(VgiProtocol.CATALOG_TABLE_COLUMN_DEFAULT_DROP, params(aod(), schemaPath(), name(),
                required("column_name", UTF8), flag("ignore_not_found"), tod()));
        flatVoid(VgiProtocol.CATALOG_TABLE_COLUMN_TYPE_CHANGE, params(aod(), schemaPath(), name(),
                required("column_definition", BINARY), optional("expression", UTF8), flag("ignore_not_found"), tod()));
        flatVoid(VgiProtocol.CATALOG_TABLE_NOT_NULL_DROP, params(aod(), schemaPath(), name(),
                required("column_name", UTF8), flag("ignore_not_found"), tod()));
        flatVoid(VgiProtocol.CATALOG_TABLE_NOT_NULL_SET, params(aod(), schemaPath(), name(),
                required("column_name", UTF8), flag("ignore_not_found"), tod()));

        // views
        flat(VgiProtocol.CATALOG_VIEW_GET, VgiRecords.VIEWS_RESPONSE, params(aod(), schemaPath(), name(), tod()));
        flatVoid(VgiProtocol.CATALOG_VIEW_CREATE, params(aod(), schemaPath(), name(), required("definition", UTF8),
                enumField("on_conflict", false), tod()));
        flatVoid(VgiProtocol.CATALOG_VIEW_DROP, params(aod(), schemaPath(), name(), flag("ignore_not_found"),
                flag("cascade"), tod()));
        flatVoid(VgiProtocol.CATALOG_VIEW_RENAME, params(aod(), schemaPath(), name(), required("new_name", UTF8),
                flag("ignore_not_found"), tod()));
        flatVoid(VgiProtocol.CATALOG_VIEW_COMMENT_SET, params(aod(), schemaPath(), name(), optional("comment", UTF8),
                flag("ignore_not_found"), tod()));

        // macros and indexes
        flat(VgiProtocol.CATALOG_MACRO_GET, VgiRecords.MACROS_RESPONSE, params(aod(), schemaPath(), name(), tod()));
        wrappedVoid(VgiProtocol.CATALOG_MACRO_CREATE, VgiRecords.MACRO_CREATE_REQUEST);
        flatVoid(VgiProtocol.CATALOG_MACRO_DROP, params(aod(), schemaPath(), name(), flag("ignore_not_found"), tod()));
        flat(VgiProtocol.CATALOG_INDEX_GET, VgiRecords.INDEXES_RESPONSE, params(aod(), schemaPath(), name(), tod()));
        wrappedVoid(VgiProtocol.CATALOG_INDEX_CREATE, VgiRecords.INDEX_CREATE_REQUEST);
        flatVoid(VgiProtocol.CATALOG_INDEX_DROP, params(aod(), schemaPath(), name(), flag("ignore_not_found"),
                flag("cascade"), tod()));
    }

    /** Every method, in declaration order. */
    public static List<VgiMethod> all() {
        return Collections.unmodifiableList(new ArrayList<>(BY_NAME.values()));
    }

    /** The method called {@code name}, or {@code null}. */
    public static VgiMethod byName(String name) {
        return BY_NAME.get(name);
    }
}
