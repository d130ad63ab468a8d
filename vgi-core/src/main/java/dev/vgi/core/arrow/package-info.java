/**
 * Arrow helpers independent of any protocol: pyarrow-shaped field builders ({@link
 * dev.vgi.core.arrow.ArrowFields}), the Java value model for reading and writing vectors ({@link
 * dev.vgi.core.arrow.ArrowValues}) and bare schema messages ({@link dev.vgi.core.arrow.SchemaMessages}).
 */
package dev.vgi.core.arrow;
