package dev.vgi.spring.autoconfigure.web;

import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.WebFilter;

import dev.vgi.core.rpc.RpcServer;
import dev.vgi.core.rpc.http.HttpAuthenticator;
import dev.vgi.core.rpc.http.HttpOptions;
import dev.vgi.core.rpc.http.HttpRpcHandler;
import dev.vgi.spring.autoconfigure.VgiAutoConfiguration;
import dev.vgi.spring.autoconfigure.VgiProperties;

/**
 * Serves the vgi-rpc HTTP transport from a reactive web application: builds the framework-neutral
 * {@link HttpRpcHandler} from {@code vgi.http.*} and mounts it under {@code vgi.http.base-path}
 * with {@link VgiHttpRoutes}. An {@link HttpAuthenticator} bean, if there is exactly one, guards
 * the routes that are not authenticated by Spring Security already.
 */
@AutoConfiguration(after = VgiAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass({ WebFilter.class, reactor.core.publisher.Mono.class })
@ConditionalOnBean(RpcServer.class)
@EnableConfigurationProperties(VgiProperties.class)
public final class VgiWebFluxAutoConfiguration {

    /** The HTTP handler for the worker's {@link RpcServer}. */
    @Bean
    @ConditionalOnMissingBean
    public HttpRpcHandler vgiHttpRpcHandler(RpcServer server, VgiProperties properties,
            ObjectProvider<HttpAuthenticator> authenticator) {
        return new HttpRpcHandler(server, httpOptions(properties.getHttp(), authenticator.getIfUnique()));
    }

    /** The WebFlux adapter answering every request under the base path. */
    @Bean
    @ConditionalOnMissingBean
    public VgiHttpRoutes vgiHttpRoutes(HttpRpcHandler handler) {
        return new VgiHttpRoutes(handler);
    }

    /** Maps the bound properties onto the core's options; invalid values fail the start-up. */
    static HttpOptions httpOptions(VgiProperties.Http http, HttpAuthenticator authenticator) {
        HttpOptions.Builder b = HttpOptions.builder()
                .prefix(http.getBasePath())
                .maxRequestBytes(bytes(http.getMaxRequestSize(), "vgi.http.max-request-size"))
                .maxResponseBytes(bytes(http.getMaxResponseSize(), "vgi.http.max-response-size"))
                .encodings(encodings(http.getCompression()))
                .tokenTtl(http.getTokenTtl())
                .callStateCacheSize(http.getCallStateCacheSize())
                .authenticator(authenticator);
        byte[] key = tokenKey(http.getTokenKey());
        if (key != null) {
            b.tokenKey(key);
        }
        return b.build();
    }

    private static long bytes(DataSize size, String property) {
        if (size == null) {
            return 0;
        }
        if (size.isNegative()) {
            throw new IllegalArgumentException(property + " must not be negative: " + size);
        }
        return size.toBytes();
    }

    private static List<String> encodings(List<String> configured) {
        if (configured == null) {
            return List.of();
        }
        // "" and "none" both mean never compress; tolerate the case people write them in
        return configured.stream()
                .map(s -> s.trim().toLowerCase(Locale.ROOT))
                .filter(s -> !s.isEmpty() && !s.equals("none"))
                .distinct()
                .toList();
    }

    /**
     * Decodes {@code vgi.http.token-key}: 64 hex digits or base64 (standard or URL-safe, padded
     * or not) of exactly 32 bytes; blank means {@code null}, i.e. a random key per process.
     */
    static byte[] tokenKey(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        byte[] key;
        if (v.matches("[0-9a-fA-F]{64}")) {
            key = HexFormat.of().parseHex(v);
        } else {
            try {
                key = Base64.getDecoder().decode(v.replace('-', '+').replace('_', '/'));
            } catch (IllegalArgumentException e) {
                key = null;
            }
        }
        if (key == null || key.length != 32) {
            // never echo the value: it is a secret
            throw new IllegalArgumentException(
                    "vgi.http.token-key must be 32 bytes written as 64 hex digits or as base64");
        }
        return key;
    }
}
