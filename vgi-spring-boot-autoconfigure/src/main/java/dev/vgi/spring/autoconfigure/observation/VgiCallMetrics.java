package dev.vgi.spring.autoconfigure.observation;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.vgi.core.rpc.CallListener;
import dev.vgi.core.rpc.CallRecord;
import dev.vgi.core.rpc.RpcServer;
import dev.vgi.core.rpc.RpcService;
import dev.vgi.spring.autoconfigure.observation.VgiMetricsDocumentation.CallKeyNames;
import dev.vgi.spring.autoconfigure.observation.VgiMetricsDocumentation.OutputKeyNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/**
 * Records every completed call of an {@link RpcServer} (every transport; each HTTP stream turn) as
 * the meters of {@link VgiMetricsDocumentation}: {@code rpc.server.duration} (timer),
 * {@code rpc.server.requests}, {@code rpc.server.output.rows} and {@code rpc.server.output.batches}
 * (counters).
 *
 * <p>Tag values stay low-cardinality whatever clients send: a protocol the server does not host,
 * or a method its protocol does not have, is tagged {@code unknown}; the principal is never a tag.
 * Meters are cached per tag combination, so a call costs a map lookup, not a registration.
 */
public final class VgiCallMetrics implements CallListener {

    /** The value of {@code rpc.system}. */
    public static final String SYSTEM = "vgi_rpc";

    /** The tag value standing for names clients made up. */
    public static final String UNKNOWN = "unknown";

    /** Tag combinations cached at most; past that meters are looked up in the registry each call. */
    private static final int MAX_CACHED = 10_000;

    private record CallKey(String service, String method, String methodType, String transport, String status,
            String errorType, boolean cancelled, String authDomain) {
    }

    private record OutputKey(String service, String method, String methodType, String transport) {
    }

    private record CallMeters(Timer duration, Counter requests) {
    }

    private record OutputMeters(Counter rows, Counter batches) {
    }

    private final MeterRegistry registry;
    private final RpcServer server;
    private final Map<CallKey, CallMeters> calls = new ConcurrentHashMap<>();
    private final Map<OutputKey, OutputMeters> outputs = new ConcurrentHashMap<>();

    /**
     * Creates the recorder; register it with {@link RpcServer#addListener}.
     *
     * @param server the server whose hosted protocols bound the {@code rpc.service} and
     *     {@code rpc.method} values
     */
    public VgiCallMetrics(MeterRegistry registry, RpcServer server) {
        this.registry = registry;
        this.server = server;
    }

    @Override
    public void onCall(CallRecord record) {
        RpcService service = record.protocol() == null ? null : server.service(record.protocol());
        boolean hosted = service != null && record.method() != null && service.method(record.method()) != null;
        String serviceTag = service != null ? service.protocolName() : UNKNOWN;
        String methodTag = hosted ? record.method() : UNKNOWN;
        String methodType = record.stream() ? "stream" : "unary";
        String transport = record.transport() == null ? UNKNOWN : record.transport().label();
        String errorType = record.error() == null ? "none" : nonEmpty(record.error().type());
        String domain = record.identity() == null || !record.identity().authenticated() ? "none"
                : nonEmpty(record.identity().domain());

        CallKey key = new CallKey(serviceTag, methodTag, methodType, transport, record.ok() ? "ok" : "error", errorType,
                record.cancelled(), domain);
        CallMeters meters = cached(calls, key, this::callMeters);
        meters.duration().record(Math.max(0, record.durationNanos()), TimeUnit.NANOSECONDS);
        meters.requests().increment();

        if (record.outputRows() > 0 || record.outputBatches() > 0) {
            OutputMeters out = cached(outputs, new OutputKey(serviceTag, methodTag, methodType, transport), this::outputMeters);
            out.rows().increment(record.outputRows());
            out.batches().increment(record.outputBatches());
        }
    }

    private static <K, V> V cached(Map<K, V> cache, K key, java.util.function.Function<K, V> create) {
        V v = cache.get(key);
        if (v != null) {
            return v;
        }
        if (cache.size() >= MAX_CACHED) {
            return create.apply(key);
        }
        return cache.computeIfAbsent(key, create);
    }

    private CallMeters callMeters(CallKey k) {
        Tags tags = Tags.of(
                CallKeyNames.SYSTEM.asString(), SYSTEM,
                CallKeyNames.SERVICE.asString(), k.service(),
                CallKeyNames.METHOD.asString(), k.method(),
                CallKeyNames.METHOD_TYPE.asString(), k.methodType(),
                CallKeyNames.TRANSPORT.asString(), k.transport(),
                CallKeyNames.STATUS.asString(), k.status(),
                CallKeyNames.ERROR_TYPE.asString(), k.errorType(),
                CallKeyNames.CANCELLED.asString(), Boolean.toString(k.cancelled()),
                CallKeyNames.AUTH_DOMAIN.asString(), k.authDomain());
        Timer duration = Timer.builder(VgiMetricsDocumentation.RPC_SERVER_DURATION.getName())
                .description("Duration of RPC requests")
                .tags(tags)
                .register(registry);
        Counter requests = Counter.builder(VgiMetricsDocumentation.RPC_SERVER_REQUESTS.getName())
                .description("Number of RPC requests handled")
                .baseUnit(VgiMetricsDocumentation.RPC_SERVER_REQUESTS.getBaseUnit())
                .tags(tags)
                .register(registry);
        return new CallMeters(duration, requests);
    }

    private OutputMeters outputMeters(OutputKey k) {
        Tags tags = Tags.of(
                OutputKeyNames.SYSTEM.asString(), SYSTEM,
                OutputKeyNames.SERVICE.asString(), k.service(),
                OutputKeyNames.METHOD.asString(), k.method(),
                OutputKeyNames.METHOD_TYPE.asString(), k.methodType(),
                OutputKeyNames.TRANSPORT.asString(), k.transport());
        Counter rows = Counter.builder(VgiMetricsDocumentation.RPC_SERVER_OUTPUT_ROWS.getName())
                .description("Data rows written to clients")
                .baseUnit(VgiMetricsDocumentation.RPC_SERVER_OUTPUT_ROWS.getBaseUnit())
                .tags(tags)
                .register(registry);
        Counter batches = Counter.builder(VgiMetricsDocumentation.RPC_SERVER_OUTPUT_BATCHES.getName())
                .description("Data batches written to clients")
                .baseUnit(VgiMetricsDocumentation.RPC_SERVER_OUTPUT_BATCHES.getBaseUnit())
                .tags(tags)
                .register(registry);
        return new OutputMeters(rows, batches);
    }

    private static String nonEmpty(String s) {
        return s == null || s.isEmpty() ? UNKNOWN : s;
    }
}
