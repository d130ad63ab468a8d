/**
 * Bearer-token authentication of the VGI HTTP routes with Spring Security: static tokens and,
 * with an OAuth2 resource server, JWTs; the wire spec's 401 answer; and a matcher and a
 * {@link dev.vgi.spring.autoconfigure.security.VgiBearerSecurity configurer} for applications that
 * define their own {@link org.springframework.security.web.server.SecurityWebFilterChain}.
 */
package dev.vgi.spring.autoconfigure.security;
