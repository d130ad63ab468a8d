package dev.vgi.spring.autoconfigure.security;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.util.ClassUtils;

/**
 * The chain for everything outside the VGI routes when the starter contributes the application's
 * security: what Spring Boot would have configured had the starter not been there. Every request
 * must be authenticated, except the actuator's health endpoint; credentials are JWTs when the
 * application has a {@code ReactiveJwtDecoder}, else HTTP Basic against the application's user
 * details (Spring Boot's generated user by default).
 */
final class OtherRoutesSecurity {

    private static final ClassLoader LOADER = OtherRoutesSecurity.class.getClassLoader();

    private static final String JWT_DECODER = "org.springframework.security.oauth2.jwt.ReactiveJwtDecoder";

    private OtherRoutesSecurity() {
    }

    static ServerHttpSecurity configure(ServerHttpSecurity http, ListableBeanFactory beans) {
        http.authorizeExchange(exchanges -> {
            if (ActuatorHealth.PRESENT) {
                ActuatorHealth.permit(exchanges);
            }
            exchanges.anyExchange().authenticated();
        });
        if (hasJwtDecoder(beans)) {
            http.oauth2ResourceServer(server -> server.jwt(Customizer.withDefaults()));
        } else if (beans.getBeanNamesForType(ReactiveAuthenticationManager.class).length > 0
                || beans.getBeanNamesForType(ReactiveUserDetailsService.class).length > 0) {
            http.httpBasic(Customizer.withDefaults());
        }
        // with neither every request is refused by the default entry point (401)
        return http;
    }

    /** Whether the application has a JWT decoder (an OAuth2 resource server). */
    static boolean hasJwtDecoder(ListableBeanFactory beans) {
        if (!ClassUtils.isPresent(JWT_DECODER, LOADER)) {
            return false;
        }
        return beans.getBeanNamesForType(ClassUtils.resolveClassName(JWT_DECODER, LOADER)).length > 0;
    }

    /** The actuator's health endpoint, which Spring Boot leaves open; loaded only when present. */
    static final class ActuatorHealth {

        static final boolean PRESENT = ClassUtils.isPresent(
                "org.springframework.boot.security.autoconfigure.actuate.web.reactive.EndpointRequest", LOADER)
                && ClassUtils.isPresent("org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints", LOADER)
                && ClassUtils.isPresent("org.springframework.boot.health.actuate.endpoint.HealthEndpoint", LOADER);

        private ActuatorHealth() {
        }

        static void permit(ServerHttpSecurity.AuthorizeExchangeSpec exchanges) {
            exchanges.matchers(
                    org.springframework.boot.security.autoconfigure.actuate.web.reactive.EndpointRequest.to("health"))
                    .permitAll();
        }
    }
}
