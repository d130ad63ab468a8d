package dev.vgi.core.rpc;

/** Observes completed calls (access log, metrics). Implementations must be thread-safe and fast. */
@FunctionalInterface
public interface CallListener {

    /** Called once per completed call or HTTP stream turn. */
    void onCall(CallRecord record);
}
