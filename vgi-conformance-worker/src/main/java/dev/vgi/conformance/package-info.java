/**
 * A test-only vgi-rpc worker hosting the reference {@code ConformanceService}, so the
 * cross-language suites ({@code vgi-rpc-test}, the pytest conformance suite) can drive vgi-core over
 * every transport. {@link dev.vgi.conformance.ConformanceWorker} is the entry point and
 * {@link dev.vgi.conformance.ConformanceService#create()} the service.
 */
package dev.vgi.conformance;
