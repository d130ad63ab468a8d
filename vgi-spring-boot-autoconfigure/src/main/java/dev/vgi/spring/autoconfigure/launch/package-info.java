/**
 * Launching: how an application becomes a worker. {@link
 * dev.vgi.spring.autoconfigure.launch.VgiWorkerLaunchListener} reads the worker flags and
 * {@code vgi.transport} before the context exists and keeps stdout for the protocol;
 * {@link dev.vgi.spring.autoconfigure.launch.VgiWorkerAutoConfiguration} serves stdio, Unix-socket
 * or TCP transports with {@link dev.vgi.spring.autoconfigure.launch.VgiWorkerLifecycle}; and
 * {@link dev.vgi.spring.autoconfigure.launch.SpringHttpTransportProvider} gives plain (non-Spring)
 * workers their {@code --http} transport through
 * {@link dev.vgi.core.rpc.transport.HttpTransportProvider}. See {@code docs/launch.md}.
 */
package dev.vgi.spring.autoconfigure.launch;
