/**
 * The WebFlux side of the vgi-rpc HTTP transport: the auto-configuration and the adapter that
 * mounts the core's {@link dev.vgi.core.rpc.http.HttpRpcHandler} under the base path.
 */
package dev.vgi.spring.autoconfigure.web;
