/**
 * Filter pushdown for table functions: filter encoding {@code vgi.filters.v2} (protocol delta
 * §2.6).
 *
 * <ul>
 * <li>{@link dev.vgi.core.pushdown.PushdownFilters#decode(byte[], java.util.List)} reads
 * {@code InitRequest.pushdown_filters} (and {@code join_keys}) into immutable
 * {@link dev.vgi.core.pushdown.Predicate}s, each with a {@link dev.vgi.core.pushdown.FilterExpression}
 * tree whose literals are plain Java values; {@code applyDelta} folds in tick-time deltas.</li>
 * <li>{@link dev.vgi.core.pushdown.FilterEvaluator} applies them to record batches with DuckDB's
 * semantics, for functions that do not evaluate filters themselves.</li>
 * <li>Every refusal is a {@link dev.vgi.core.pushdown.FilterException} (a {@code ValueError}) with
 * a {@link dev.vgi.core.pushdown.FilterException.Reason}.</li>
 * </ul>
 *
 * <p>A function that declares {@code filter_pushdown} must apply every required predicate exactly
 * or fail the scan; advisory predicates may be ignored. Column references index the unprojected
 * bind output schema.
 */
package dev.vgi.core.pushdown;
