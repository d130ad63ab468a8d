package dev.vgi.spring.autoconfigure.security;

import java.util.List;

import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.NegatedServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;

/**
 * The starter's bearer-token authentication of the VGI routes, as pieces an application can put
 * into its own {@link org.springframework.security.web.server.SecurityWebFilterChain}:
 *
 * <pre>{@code
 * @Bean
 * @Order(0)
 * SecurityWebFilterChain vgi(ServerHttpSecurity http, VgiBearerSecurity vgi) {
 *     return vgi.configure(http).build();
 * }
 *
 * @Bean
 * @Order(1)
 * SecurityWebFilterChain everythingElse(ServerHttpSecurity http) { ... }
 * }</pre>
 *
 * When the application defines no chain at all, the starter registers exactly that first one
 * (and, for the rest of the application, Spring Boot's usual default).
 */
public final class VgiBearerSecurity {

    private final ServerWebExchangeMatcher routes;
    private final ServerWebExchangeMatcher unauthenticated;
    private final List<VgiTokenVerifier> verifiers;
    private final VgiAuthenticationEntryPoint entryPoint;

    /**
     * Creates the configurer.
     *
     * @param basePath the VGI mount prefix
     * @param verifiers the token verifiers, in the order they are asked
     * @param entryPoint the 401/503 answer
     */
    public VgiBearerSecurity(String basePath, List<VgiTokenVerifier> verifiers, VgiAuthenticationEntryPoint entryPoint) {
        this.routes = VgiSecurityMatchers.vgiRoutes(basePath);
        this.unauthenticated = VgiSecurityMatchers.unauthenticatedRoutes(basePath);
        this.verifiers = List.copyOf(verifiers);
        this.entryPoint = entryPoint;
    }

    /** Every VGI route. */
    public ServerWebExchangeMatcher routes() {
        return routes;
    }

    /** The VGI routes that are never authenticated (health, {@code OPTIONS}). */
    public ServerWebExchangeMatcher unauthenticatedRoutes() {
        return unauthenticated;
    }

    /** The token verifiers, in order. */
    public List<VgiTokenVerifier> verifiers() {
        return verifiers;
    }

    /** The entry point answering refusals with the wire spec's 401 (or 503). */
    public VgiAuthenticationEntryPoint entryPoint() {
        return entryPoint;
    }

    /**
     * A new filter that authenticates bearer tokens on the VGI routes that need it; stateless (no
     * session, no saved security context).
     */
    public AuthenticationWebFilter authenticationFilter() {
        AuthenticationWebFilter filter = new AuthenticationWebFilter(BearerTokenAuthentication.manager(verifiers));
        filter.setServerAuthenticationConverter(BearerTokenAuthentication.converter());
        filter.setRequiresAuthenticationMatcher(new NegatedServerWebExchangeMatcher(unauthenticated));
        filter.setAuthenticationFailureHandler(entryPoint);
        filter.setSecurityContextRepository(NoOpServerSecurityContextRepository.getInstance());
        return filter;
    }

    /**
     * Restricts {@code http} to the VGI routes and secures them: bearer tokens required except on
     * health and {@code OPTIONS}; refusals answered by {@link #entryPoint()}; no CSRF (there are no
     * cookies to ride on), no HTTP Basic, form login, logout, request cache or session; and no
     * cache-control header writer, since the VGI handler sets {@code Cache-Control} itself. Other
     * security headers stay.
     *
     * @return {@code http}, for further configuration and {@code build()}
     */
    public ServerHttpSecurity configure(ServerHttpSecurity http) {
        return http.securityMatcher(routes)
                .authorizeExchange(exchanges -> exchanges.matchers(unauthenticated).permitAll()
                        .anyExchange().authenticated())
                .addFilterAt(authenticationFilter(), SecurityWebFiltersOrder.AUTHENTICATION)
                .exceptionHandling(e -> e.authenticationEntryPoint(entryPoint))
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .headers(headers -> headers.cache(ServerHttpSecurity.HeaderSpec.CacheSpec::disable));
    }
}
