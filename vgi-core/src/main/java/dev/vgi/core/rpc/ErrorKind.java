package dev.vgi.core.rpc;

/** Stable error categories carried as {@code vgi_rpc.error_kind}; clients treat unknown kinds as unclassified. */
public final class ErrorKind {

    private ErrorKind() {
    }

    /** The method (or protocol method) does not exist; clients fall back. */
    public static final String METHOD_NOT_IMPLEMENTED = "method_not_implemented";
    /** The client's and server's protocol versions are incompatible. */
    public static final String PROTOCOL_VERSION_MISMATCH = "protocol_version_mismatch";
    /** A byte-stream request carried no {@code vgi_rpc.protocol} routing key. */
    public static final String PROTOCOL_NOT_SPECIFIED = "protocol_not_specified";
    /** The request named a protocol this server does not host. */
    public static final String PROTOCOL_NOT_SUPPORTED = "protocol_not_supported";
}
