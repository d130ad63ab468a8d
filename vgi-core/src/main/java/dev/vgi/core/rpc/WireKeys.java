package dev.vgi.core.rpc;

/** Batch-metadata keys and fixed values of the vgi-rpc wire layer. */
public final class WireKeys {

    private WireKeys() {
    }

    /** Method name on a request batch. */
    public static final String METHOD = "vgi_rpc.method";
    /** Wire-framing version on a request batch; always {@link #REQUEST_VERSION_VALUE}. */
    public static final String REQUEST_VERSION = "vgi_rpc.request_version";
    /** The only wire-framing version. */
    public static final String REQUEST_VERSION_VALUE = "1";
    /** Routing key: the wire name of the protocol a request is addressed to. */
    public static final String PROTOCOL = "vgi_rpc.protocol";
    /** Application protocol version (semver) of the protocol a request is addressed to. */
    public static final String PROTOCOL_VERSION = "vgi_rpc.protocol_version";
    /** Request id stamped on log and error batches. */
    public static final String REQUEST_ID = "vgi_rpc.request_id";
    /** Server id stamped on log and error batches. */
    public static final String SERVER_ID = "vgi_rpc.server_id";

    /** Log level of a log or error batch. */
    public static final String LOG_LEVEL = "vgi_rpc.log_level";
    /** Log message text. */
    public static final String LOG_MESSAGE = "vgi_rpc.log_message";
    /** JSON object with extra log or exception fields. */
    public static final String LOG_EXTRA = "vgi_rpc.log_extra";
    /** Stable error category of an error batch. */
    public static final String ERROR_KIND = "vgi_rpc.error_kind";
    /** Error code of an error batch. */
    public static final String ERROR_CODE = "vgi_rpc.error_code";

    /** Stream cancel marker on an input batch (presence is the signal). */
    public static final String CANCEL = "vgi_rpc.cancel";
    /** Cursor token (HTTP streams). */
    public static final String STREAM_STATE = "vgi_rpc.stream_state#b64";
    /** Call token (HTTP streams). */
    public static final String CALL_STATE = "vgi_rpc.call_state#b64";

    /** Shared-memory capability key of {@code __transport_options__}. */
    public static final String TRANSPORT_SHM = "vgi_rpc.transport.shm";
    /** External-location pointer key. */
    public static final String LOCATION = "vgi_rpc.location";
    /** Shared-memory pointer key. */
    public static final String SHM_OFFSET = "vgi_rpc.shm_offset";

    /** The synthetic transport-options method of byte-stream transports. */
    public static final String TRANSPORT_OPTIONS_METHOD = "__transport_options__";
    /** The retired describe method. */
    public static final String DESCRIBE_METHOD = "__describe__";

    /** The Arrow IPC stream media type. */
    public static final String ARROW_MEDIA_TYPE = "application/vnd.apache.arrow.stream";
}
