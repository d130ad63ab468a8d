/**
 * Micrometer metrics of VGI calls: one timer and counters per call on every transport, named after
 * the reference worker's OpenTelemetry instruments; {@link
 * dev.vgi.spring.autoconfigure.observation.VgiMetricsDocumentation} lists them.
 */
package dev.vgi.spring.autoconfigure.observation;
