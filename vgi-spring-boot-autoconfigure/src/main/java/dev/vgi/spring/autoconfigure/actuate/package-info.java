/**
 * Actuator support: the {@code vgi} endpoint describing the served protocols and methods, and the
 * {@code vgi} health indicator.
 */
package dev.vgi.spring.autoconfigure.actuate;
