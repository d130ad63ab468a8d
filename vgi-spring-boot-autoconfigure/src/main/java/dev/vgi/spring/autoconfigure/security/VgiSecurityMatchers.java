package dev.vgi.spring.autoconfigure.security;

import org.springframework.http.HttpMethod;
import org.springframework.security.web.server.util.matcher.OrServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.web.server.ServerWebExchange;

import dev.vgi.core.rpc.http.HttpOptions;
import dev.vgi.spring.autoconfigure.VgiProperties;
import reactor.core.publisher.Mono;

/**
 * Request matchers for the VGI routes, for applications that write their own
 * {@link org.springframework.security.web.server.SecurityWebFilterChain}:
 *
 * <pre>{@code
 * @Bean
 * @Order(0)
 * SecurityWebFilterChain vgi(ServerHttpSecurity http, VgiProperties properties) {
 *     return http.securityMatcher(VgiSecurityMatchers.vgiRoutes(properties))
 *             .authorizeExchange(e -> e.matchers(VgiSecurityMatchers.unauthenticatedRoutes(properties)).permitAll()
 *                     .anyExchange().authenticated())
 *             ...
 *             .build();
 * }
 * }</pre>
 *
 * or, for the starter's bearer authentication on those routes, {@link VgiBearerSecurity#configure}.
 * Paths are compared with the path within the application, as the VGI routes are mounted.
 */
public final class VgiSecurityMatchers {

    private VgiSecurityMatchers() {
    }

    /** Every VGI route: {@code vgi.http.base-path} and everything below it. */
    public static ServerWebExchangeMatcher vgiRoutes(VgiProperties properties) {
        return vgiRoutes(properties.getHttp().getBasePath());
    }

    /**
     * Every VGI route under {@code basePath} (normalised as the HTTP handler does: {@code ""} or
     * {@code /} is the whole application).
     */
    public static ServerWebExchangeMatcher vgiRoutes(String basePath) {
        String prefix = HttpOptions.normalisePrefix(basePath);
        return new Matcher("vgiRoutes(" + prefix + ")", exchange -> under(prefix, path(exchange)));
    }

    /**
     * The VGI routes that are never authenticated (wire spec 6.3 and 6.10): {@code OPTIONS}
     * anywhere under the base path, {@code {base}/health}, and {@code /.well-known/*} when the
     * worker is mounted at the root.
     */
    public static ServerWebExchangeMatcher unauthenticatedRoutes(VgiProperties properties) {
        return unauthenticatedRoutes(properties.getHttp().getBasePath());
    }

    /** The never-authenticated VGI routes under {@code basePath}; see {@link #unauthenticatedRoutes(VgiProperties)}. */
    public static ServerWebExchangeMatcher unauthenticatedRoutes(String basePath) {
        String prefix = HttpOptions.normalisePrefix(basePath);
        String health = prefix + "/health";
        ServerWebExchangeMatcher options = new Matcher("options(" + prefix + ")",
                exchange -> HttpMethod.OPTIONS.equals(exchange.getRequest().getMethod()) && under(prefix, path(exchange)));
        ServerWebExchangeMatcher healthOrWellKnown = new Matcher("health(" + prefix + ")", exchange -> {
            String path = path(exchange);
            return path.equals(health) || (prefix.isEmpty() && path.startsWith("/.well-known/"));
        });
        return new OrServerWebExchangeMatcher(options, healthOrWellKnown);
    }

    static boolean under(String prefix, String path) {
        return prefix.isEmpty() || path.equals(prefix) || path.startsWith(prefix + "/");
    }

    private static String path(ServerWebExchange exchange) {
        return exchange.getRequest().getPath().pathWithinApplication().value();
    }

    private record Matcher(String description, java.util.function.Predicate<ServerWebExchange> test)
            implements ServerWebExchangeMatcher {

        @Override
        public Mono<MatchResult> matches(ServerWebExchange exchange) {
            return test.test(exchange) ? MatchResult.match() : MatchResult.notMatch();
        }

        @Override
        public String toString() {
            return description;
        }
    }
}
