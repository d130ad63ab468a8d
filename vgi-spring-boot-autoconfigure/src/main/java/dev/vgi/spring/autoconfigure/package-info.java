/**
 * Spring Boot auto-configuration for VGI workers: properties ({@code vgi.*}) and the
 * transport-independent {@link dev.vgi.core.rpc.RpcServer}.
 */
package dev.vgi.spring.autoconfigure;
