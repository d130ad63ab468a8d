/**
 * Launch support: the {@code --http} transport that plain workers find through
 * {@link dev.vgi.core.rpc.transport.HttpTransportProvider}.
 */
package dev.vgi.spring.autoconfigure.launch;
