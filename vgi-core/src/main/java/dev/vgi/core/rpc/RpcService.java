package dev.vgi.core.rpc;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A protocol hosted by a worker: its wire name (the {@code vgi_rpc.protocol} routing key), an
 * optional application protocol version and its methods.
 */
public final class RpcService {

    private static final Pattern NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_.]*$");
    private static final Pattern SEMVER = Pattern.compile("^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)$");

    private final String protocolName;
    private final String protocolVersion;
    private final Map<String, RpcMethod> methods;

    private RpcService(String protocolName, String protocolVersion, Map<String, RpcMethod> methods) {
        this.protocolName = protocolName;
        this.protocolVersion = protocolVersion;
        this.methods = Collections.unmodifiableMap(new TreeMap<>(methods));
    }

    /** Starts a service with the given wire name. */
    public static Builder builder(String protocolName) {
        return new Builder(protocolName);
    }

    /** The protocol's wire name. */
    public String protocolName() {
        return protocolName;
    }

    /** The declared application protocol version, or {@code null}. */
    public String protocolVersion() {
        return protocolVersion;
    }

    /** The method called {@code name}, or {@code null}. */
    public RpcMethod method(String name) {
        return methods.get(name);
    }

    /** All methods, sorted by name. */
    public Collection<RpcMethod> methods() {
        return methods.values();
    }

    /** Whether {@code name} is a valid protocol wire name. */
    public static boolean isProtocolName(String name) {
        return name != null && name.length() <= 255 && NAME.matcher(name).matches();
    }

    /** Whether {@code version} is a canonical {@code MAJOR.MINOR.PATCH}. */
    public static boolean isCanonicalSemver(String version) {
        return version != null && SEMVER.matcher(version).matches();
    }

    /** Builder for {@link RpcService}. */
    public static final class Builder {
        private final String protocolName;
        private String protocolVersion;
        private final Map<String, RpcMethod> methods = new LinkedHashMap<>();

        private Builder(String protocolName) {
            if (protocolName == null || !NAME.matcher(protocolName).matches() || protocolName.length() > 255) {
                throw new IllegalArgumentException("invalid protocol name: " + protocolName);
            }
            this.protocolName = protocolName;
        }

        /** Declares the application protocol version; requests must then match its major.minor. */
        public Builder version(String version) {
            if (!isCanonicalSemver(version)) {
                throw new IllegalArgumentException("protocol version must be MAJOR.MINOR.PATCH: " + version);
            }
            this.protocolVersion = version;
            return this;
        }

        /** Adds a method; names must be unique. */
        public Builder method(RpcMethod method) {
            if (methods.putIfAbsent(method.name(), method) != null) {
                throw new IllegalArgumentException("duplicate method " + method.name() + " in " + protocolName);
            }
            return this;
        }

        /** Builds the service. */
        public RpcService build() {
            return new RpcService(protocolName, protocolVersion, methods);
        }
    }
}
