package dev.vgi.spring.autoconfigure.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.docs.MeterDocumentation;

/**
 * The meters a VGI worker records, one entry per meter, with the tags each carries. Names follow
 * the reference worker's OpenTelemetry instruments ({@code rpc.server.duration},
 * {@code rpc.server.requests}) and its span attributes ({@code rpc.vgi_rpc.*}); every tag is
 * low-cardinality (the caller's principal never is one).
 *
 * <p>Meters, not an {@code Observation}: the core reports a call once it has completed, with its
 * measured duration, and an observation started at that point would time nothing.
 */
public enum VgiMetricsDocumentation implements MeterDocumentation {

    /** Duration of each call (for HTTP streams: of each turn). */
    RPC_SERVER_DURATION("rpc.server.duration", null, Meter.Type.TIMER, CallKeyNames.values()),

    /** Number of calls (for HTTP streams: of turns). */
    RPC_SERVER_REQUESTS("rpc.server.requests", "requests", Meter.Type.COUNTER, CallKeyNames.values()),

    /** Data rows written to clients. */
    RPC_SERVER_OUTPUT_ROWS("rpc.server.output.rows", "rows", Meter.Type.COUNTER, OutputKeyNames.values()),

    /** Data batches written to clients. */
    RPC_SERVER_OUTPUT_BATCHES("rpc.server.output.batches", "batches", Meter.Type.COUNTER, OutputKeyNames.values());

    private final String meterName;
    private final String baseUnit;
    private final Meter.Type type;
    private final KeyName[] keyNames;

    VgiMetricsDocumentation(String meterName, String baseUnit, Meter.Type type, KeyName[] keyNames) {
        this.meterName = meterName;
        this.baseUnit = baseUnit;
        this.type = type;
        this.keyNames = keyNames;
    }

    @Override
    public String getName() {
        return meterName;
    }

    @Override
    public String getBaseUnit() {
        return baseUnit;
    }

    @Override
    public Meter.Type getType() {
        return type;
    }

    @Override
    public KeyName[] getKeyNames() {
        return keyNames.clone();
    }

    /** Tags of {@link #RPC_SERVER_DURATION} and {@link #RPC_SERVER_REQUESTS}. */
    public enum CallKeyNames implements KeyName {

        /** Always {@code vgi_rpc}. */
        SYSTEM {
            @Override
            public String asString() {
                return "rpc.system";
            }
        },

        /** The protocol's wire name; {@code unknown} when the request named none this worker hosts. */
        SERVICE {
            @Override
            public String asString() {
                return "rpc.service";
            }
        },

        /** The method; {@code unknown} when the protocol has no such method. */
        METHOD {
            @Override
            public String asString() {
                return "rpc.method";
            }
        },

        /** {@code unary} or {@code stream}, as the reference. */
        METHOD_TYPE {
            @Override
            public String asString() {
                return "rpc.vgi_rpc.method_type";
            }
        },

        /** {@code pipe}, {@code unix}, {@code tcp} or {@code http}. */
        TRANSPORT {
            @Override
            public String asString() {
                return "rpc.vgi_rpc.transport";
            }
        },

        /** {@code ok} or {@code error}, as the reference's {@code status}. */
        STATUS {
            @Override
            public String asString() {
                return "status";
            }
        },

        /** The error's type ({@code ValueError}, {@code MethodNotImplementedError}, …), {@code none} on success. */
        ERROR_TYPE {
            @Override
            public String asString() {
                return "error.type";
            }
        },

        /** Whether the client cancelled the stream: {@code true} or {@code false}. */
        CANCELLED {
            @Override
            public String asString() {
                return "rpc.vgi_rpc.cancelled";
            }
        },

        /** How the caller was authenticated ({@code bearer}, {@code jwt}, …), {@code none} if not. */
        AUTH_DOMAIN {
            @Override
            public String asString() {
                return "rpc.vgi_rpc.auth.domain";
            }
        }
    }

    /** Tags of the output counters. */
    public enum OutputKeyNames implements KeyName {

        /** Always {@code vgi_rpc}. */
        SYSTEM {
            @Override
            public String asString() {
                return "rpc.system";
            }
        },

        /** As {@link CallKeyNames#SERVICE}. */
        SERVICE {
            @Override
            public String asString() {
                return "rpc.service";
            }
        },

        /** As {@link CallKeyNames#METHOD}. */
        METHOD {
            @Override
            public String asString() {
                return "rpc.method";
            }
        },

        /** As {@link CallKeyNames#METHOD_TYPE}. */
        METHOD_TYPE {
            @Override
            public String asString() {
                return "rpc.vgi_rpc.method_type";
            }
        },

        /** As {@link CallKeyNames#TRANSPORT}. */
        TRANSPORT {
            @Override
            public String asString() {
                return "rpc.vgi_rpc.transport";
            }
        }
    }
}
