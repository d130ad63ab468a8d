package dev.vgi.core.rpc;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;

import dev.vgi.core.util.Json;

/**
 * How an exception looks on the wire: the Python-style exception type name the client reports, the
 * message, a traceback and an optional error kind. Builds the metadata of an EXCEPTION batch.
 */
public record ErrorInfo(String type, String message, String traceback, String kind, String code) {

    /** Fills the error code from the kind when none is given. */
    public ErrorInfo {
        if (code == null) {
            code = codeFor(type, kind);
        }
    }

    /** The gRPC-style code name the reference pairs with an error kind or type. */
    static String codeFor(String type, String kind) {
        if (kind != null) {
            switch (kind) {
                case ErrorKind.METHOD_NOT_IMPLEMENTED, ErrorKind.PROTOCOL_NOT_SUPPORTED:
                    return "UNIMPLEMENTED";
                case ErrorKind.PROTOCOL_NOT_SPECIFIED:
                    return "INVALID_ARGUMENT";
                case ErrorKind.PROTOCOL_VERSION_MISMATCH:
                    return "FAILED_PRECONDITION";
                default:
                    break;
            }
        }
        if ("ResponseTooLargeError".equals(type)) {
            return "RESOURCE_EXHAUSTED";
        }
        return "UNKNOWN";
    }

    private static final int TRACEBACK_LIMIT = 16_000;
    private static final String TRUNCATED = "\n... <traceback truncated>";

    /** Maps a Java exception to its wire identity. */
    public static ErrorInfo from(Throwable t) {
        String type;
        String kind = null;
        String code = null;
        if (t instanceof RpcException r) {
            type = r.errorType();
            kind = r.errorKind();
            code = r.errorCode();
        } else {
            type = pythonName(t);
        }
        String message = t.getMessage() == null ? "" : t.getMessage();
        return new ErrorInfo(type, message, traceback(t), kind, code);
    }

    /** An error with no Java exception behind it. */
    public static ErrorInfo of(String type, String message, String kind) {
        return new ErrorInfo(type, message, "", kind, null);
    }

    private static String pythonName(Throwable t) {
        if (t instanceof IllegalArgumentException) {
            return "ValueError";
        }
        if (t.getClass() == RuntimeException.class || t instanceof IllegalStateException) {
            return "RuntimeError";
        }
        if (t instanceof ClassCastException || t instanceof NullPointerException) {
            return "TypeError";
        }
        if (t instanceof UnsupportedOperationException) {
            return "NotImplementedError";
        }
        if (t instanceof NoSuchElementException) {
            return "KeyError";
        }
        if (t instanceof ArithmeticException) {
            return "ArithmeticError";
        }
        if (t instanceof OutOfMemoryError || t instanceof org.apache.arrow.memory.OutOfMemoryException) {
            return "MemoryError";
        }
        return t.getClass().getSimpleName();
    }

    private static String traceback(Throwable t) {
        StringWriter sw = new StringWriter();
        t.printStackTrace(new PrintWriter(sw));
        String s = sw.toString();
        if (s.length() > TRACEBACK_LIMIT) {
            s = s.substring(0, TRACEBACK_LIMIT) + TRUNCATED;
        }
        return s;
    }

    /** The {@code vgi_rpc.log_message} text: {@code "<type>: <message>"}. */
    public String logMessage() {
        return message.isEmpty() ? type : type + ": " + message;
    }

    /** Metadata of the zero-row EXCEPTION batch carrying this error. */
    public Map<String, String> toMetadata(String serverId, String requestId) {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("exception_type", type);
        extra.put("exception_message", message);
        extra.put("error_code", code);
        if (kind != null) {
            extra.put("error_kind", kind);
        }
        extra.put("traceback", traceback);
        Map<String, String> md = new LinkedHashMap<>();
        md.put(WireKeys.LOG_LEVEL, LogLevel.EXCEPTION.name());
        md.put(WireKeys.LOG_MESSAGE, logMessage());
        md.put(WireKeys.LOG_EXTRA, Json.write(extra));
        if (kind != null) {
            md.put(WireKeys.ERROR_KIND, kind);
        }
        md.put(WireKeys.ERROR_CODE, code);
        md.put(WireKeys.SERVER_ID, serverId);
        if (requestId != null) {
            md.put(WireKeys.REQUEST_ID, requestId);
        }
        return md;
    }
}
