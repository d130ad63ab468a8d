"""Table functions (producers): arguments, named defaults, projection, pushed filters, early stop and
parallel scans; values compared one by one."""

from __future__ import annotations

import datetime
import logging
import struct
from typing import Any

import pyarrow as pa
import pytest

from _support import (args, col, column, comparison, delta, in_list, predicates, rows, scan_session, table, tick_filters,
                      upsert)


def test_sequence(lane: Any) -> None:
    assert column(table(lane.fc, "sequence", 10), "n") == list(range(10))


def test_sequence_named_arguments(lane: Any) -> None:
    out = table(lane.fc, "sequence", 5, increment=2, batch_size=2)
    assert [b.num_rows for b in out] == [2, 2, 1]
    assert column(out, "n") == [0, 2, 4, 6, 8]


def test_sequence_empty(lane: Any) -> None:
    assert rows(table(lane.fc, "sequence", 0)) == []


def test_sequence_large(lane: Any) -> None:
    out = table(lane.fc, "sequence", 100_000, batch_size=8192)
    assert sum(b.num_rows for b in out) == 100_000
    assert sum(pa.compute.sum(b.column(0)).as_py() for b in out) == 100_000 * 99_999 // 2


def test_sequence_projection_and_filter(lane: Any) -> None:
    out = table(lane.fc, "sequence", 20, projection=[0], filters=comparison("lt", 0, "n", 3, pa.int64()))
    assert column(out, "n") == [0, 1, 2]


def test_filter_echo_projection_and_filter(lane: Any) -> None:
    """The capture of the protocol reference §6.4: filter_echo(10, batch_size := 4), projection [2, 0], n >= 8."""
    out = table(lane.fc, "filter_echo", 10, batch_size=4, projection=[2, 0],
                filters=comparison("ge", 0, "n", 8, pa.int64()))
    assert all(b.schema.names == ["pushed_filters", "n"] for b in out)
    assert rows(out) == [{"pushed_filters": "n >= 8", "n": 8}, {"pushed_filters": "n >= 8", "n": 9}]


def test_filter_echo_without_filters(lane: Any) -> None:
    got = rows(table(lane.fc, "filter_echo", 3))
    assert got == [{"n": i, "s": f"row_{i}", "pushed_filters": "(none)"} for i in range(3)]


def test_filter_echo_filter_on_unprojected_string_column(lane: Any) -> None:
    out = table(lane.fc, "filter_echo", 10, projection=[0], filters=comparison("eq", 1, "s", "row_4", pa.string()))
    assert rows(out) == [{"n": 4}]


def test_double_sequence(lane: Any) -> None:
    out = table(lane.fc, "double_sequence", 5, increment=0.5)
    assert out[0].schema.field("n").type == pa.float64()
    assert column(out, "n") == [0.0, 0.5, 1.0, 1.5, 2.0]


def test_named_params_echo_defaults(lane: Any) -> None:
    assert rows(table(lane.fc, "named_params_echo", 3)) == [
        {"id": i, "greeting": "hello", "value": i, "float_value": float(i), "enabled": True} for i in range(3)]


def test_named_params_echo_every_named_type(lane: Any) -> None:
    got = rows(table(lane.fc, "named_params_echo", 2, greeting="hi", multiplier=10, scale=0.5, enabled=False))
    assert got == [{"id": i, "greeting": "hi", "value": 10 * i, "float_value": 0.5 * i, "enabled": False} for i in range(2)]


def test_nested_sequence(lane: Any) -> None:
    got = rows(table(lane.fc, "nested_sequence", 4, history_size=2))
    assert got == [{"n": i, "metadata": {"index": i, "label": f"row_{i}"}, "history": list(range(max(0, i - 1), i + 1))}
                   for i in range(4)]


def test_nested_sequence_projection_of_nested_columns(lane: Any) -> None:
    out = table(lane.fc, "nested_sequence", 3, projection=[2, 1])
    assert out[0].schema.names == ["history", "metadata"]
    assert rows(out)[2] == {"history": [0, 1, 2], "metadata": {"index": 2, "label": "row_2"}}


def test_projected_data_projection(lane: Any) -> None:
    out = table(lane.fc, "projected_data", 3, projection=[2, 0])
    assert out[0].schema.names == ["value", "id"]
    assert rows(out) == [{"value": 1.5 * i, "id": i} for i in range(3)]


def test_projected_data_all_columns(lane: Any) -> None:
    assert rows(table(lane.fc, "projected_data", 2)) == [
        {"id": i, "name": f"item_{i}", "value": 1.5 * i, "extra": i * i} for i in range(2)]


def test_repeat_value_int_overload(lane: Any) -> None:
    out = table(lane.fc, "repeat_value", 3, pa.scalar(10, pa.int64()), pa.scalar(20, pa.int64()))
    assert out[0].schema.types == [pa.int64(), pa.int64()]
    assert rows(out) == [{"v0": 10, "v1": 20}] * 3


def test_repeat_value_string_overload(lane: Any) -> None:
    out = table(lane.fc, "repeat_value", 2, "a", "b", "c")
    assert out[0].schema.types == [pa.string()] * 3
    assert rows(out) == [{"v0": "a", "v1": "b", "v2": "c"}] * 2


def test_constant_columns_any_varargs(lane: Any) -> None:
    out = table(lane.fc, "constant_columns", 3, pa.scalar(42, pa.int64()), "hello", 2.5, True)
    assert out[0].schema.names == ["col_0", "col_1", "col_2", "col_3"]
    assert out[0].schema.types == [pa.int64(), pa.string(), pa.float64(), pa.bool_()]
    assert rows(out) == [{"col_0": 42, "col_1": "hello", "col_2": 2.5, "col_3": True}] * 3


@pytest.mark.parametrize(("layout", "row_id_type", "names", "first_row_id"), [
    ("first", "int64", ["row_id", "name", "value"], 0),
    ("middle", "string", ["name", "row_id", "value"], "rid_0"),
    ("last", "struct", ["name", "value", "row_id"], {"a": 0, "b": "s_0"}),
])
def test_rowid_sequence(lane: Any, layout: str, row_id_type: str, names: list[str], first_row_id: Any) -> None:
    out = table(lane.fc, "rowid_sequence", 2, layout=layout, row_id_type=row_id_type)
    assert out[0].schema.names == names
    assert b"is_row_id" in (out[0].schema.field("row_id").metadata or {})
    got = rows(out)
    assert got[0]["row_id"] == first_row_id and got[1]["name"] == "item_1" and got[1]["value"] == "val_1"


def test_order_echo_without_hints(lane: Any) -> None:
    assert rows(table(lane.fc, "order_echo", 2))[1] == {
        "n": 1, "s": "row_1", "order_column": "(none)", "order_direction": "(none)", "order_null_order": "(none)",
        "order_limit": -1}


def test_sample_echo_without_hints(lane: Any) -> None:
    assert rows(table(lane.fc, "sample_echo", 2)) == [
        {"n": i, "s": f"row_{i}", "sample_percentage": -1.0, "sample_seed": -1} for i in range(2)]


def test_profiling_demo(lane: Any) -> None:
    assert column(table(lane.fc, "profiling_demo", 5, increment=3, batch_size=2), "n") == [0, 3, 6, 9, 12]


def test_logging_generator(lane: Any, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG, logger="vgi.client.worker"):
        assert column(table(lane.fc, "logging_generator", 3), "n") == [0, 1, 2]
    logged = [(r.levelname, r.getMessage()) for r in caplog.records if r.name == "vgi.client.worker"]
    assert ("INFO", "Starting generation of 3 values") in logged
    assert ("INFO", "Generation complete") in logged


def test_stopping_a_scan_early_leaves_the_worker_usable(lane: Any) -> None:
    with lane.function_client() as fc:
        gen = fc.table_function(function_name="sequence", schema_path=["main"],
                                arguments=args(1_000_000, batch_size=1000))
        first = next(gen)
        assert first.column(0).to_pylist()[:3] == [0, 1, 2]
        gen.close()
        assert column(table(fc, "sequence", 3), "n") == [0, 1, 2]


@pytest.mark.parametrize("workers", [1, 3])
def test_partitioned_sequence_parallel_scans(lane: Any, workers: int) -> None:
    with lane.function_client(worker_limit=workers) as fc:
        got = column(table(fc, "partitioned_sequence", 3000, increment=2), "n")
    assert sorted(got) == [2 * i for i in range(3000)]


def test_partitioned_preserves_order(lane: Any) -> None:
    with lane.function_client(worker_limit=2) as fc:
        got = column(table(fc, "partitioned_preserves_order", 2500), "n")
    assert sorted(got) == list(range(2500))


def test_filter_echo_partitioned_two_streams(lane: Any) -> None:
    """The multi-worker capture of §6.4: filter_echo_partitioned(6), projection [0, 1], worker_limit=2."""
    with lane.function_client(worker_limit=2) as fc:
        out = table(fc, "filter_echo_partitioned", 6, projection=[0, 1])
    got = rows(out)
    assert sorted(r["n"] for r in got) == list(range(6))
    assert 1 <= len({r["worker_pid"] for r in got}) <= 2


def test_filter_echo_partitioned_filter(lane: Any) -> None:
    with lane.function_client(worker_limit=2) as fc:
        out = table(fc, "filter_echo_partitioned", 30, filters=comparison("lt", 0, "n", 5, pa.int64()))
    got = rows(out)
    assert sorted(r["n"] for r in got) == list(range(5))
    assert {r["pushed_filters"] for r in got} == {"n < 5"}


@pytest.mark.parametrize(("count", "workers"), [(0, 1), (6, 6), (100, 20), (1000, 24)])
def test_filter_echo_partitioned_allows_one_scan_per_chunk(lane: Any, count: int, workers: int) -> None:
    """max_workers is decided per call: one scan per ceil(count / 24)-row chunk, as the reference's on_init."""
    with scan_session(lane.fc, "filter_echo_partitioned", count) as (header, _stream):
        assert header.max_workers == workers


def test_filter_on_a_column_outside_the_projection_with_nulls(lane: Any) -> None:
    """SQL three-valued logic in the runtime's filter, on a column DuckDB did not project (the scan produces it
    for the filter, the runtime drops it before sending)."""
    out = table(lane.fc, "sequence", 6, projection=[0], filters=predicates(
        {"node": "not", "expression": {"node": "comparison", "op": "eq", "left": col(0, "n"),
                                       "right": {"node": "literal", "value_ref": 0}}},
        values=[(None, pa.int64())]))
    assert rows(out) == [], "NOT (n = NULL) is NULL: no row passes"
    out = table(lane.fc, "filter_echo", 6, projection=[0], filters=predicates(
        {"node": "or", "children": [
            {"node": "comparison", "op": "eq", "left": col(1, "s"), "right": {"node": "literal", "value_ref": 0}},
            {"node": "comparison", "op": "ge", "left": col(0, "n"), "right": {"node": "literal", "value_ref": 1}}]},
        values=[("row_1", pa.string()), (None, pa.int64())]))
    assert all(b.schema.names == ["n"] for b in out)
    assert column(out, "n") == [1], "TRUE OR NULL keeps the row, FALSE OR NULL drops it"


def test_dynamic_filter_echo_without_updates(lane: Any) -> None:
    assert rows(table(lane.fc, "dynamic_filter_echo", 5, batch_size=2)) == [
        {"n": n, "pushed_filters": "(none)"} for n in (4, 3, 2, 1, 0)]


def test_dynamic_filter_echo_applies_and_echoes_tick_updates(lane: Any) -> None:
    """Top-N bounds arrive as advisory deltas on tick batches (key vgi_pushdown_filters); each batch is made and
    filtered with the filters live at its tick, and a stale revision changes nothing. Over HTTP every tick is a
    separate request, so the applied deltas travel in the stream state."""
    def bound(revision: int, below: int) -> Any:
        lt = {"node": "comparison", "op": "lt", "left": col(0, "n"), "right": {"node": "literal", "value_ref": 0}}
        return tick_filters(delta(upsert("top_n", revision, lt), values=[(below, pa.int64())]))

    got: list[list[dict[str, Any]]] = []
    with scan_session(lane.fc, "dynamic_filter_echo", 10, batch_size=2, projection=[0, 1],
                      filters=predicates()) as (_header, stream):
        for metadata in (None, bound(1, 5), None, bound(2, 3), bound(1, 9)):
            got.append(stream.tick(metadata).batch.to_pylist())
        with pytest.raises(StopIteration):
            stream.tick()
    assert got == [
        [{"n": 9, "pushed_filters": "(none)"}, {"n": 8, "pushed_filters": "(none)"}],
        [],
        [{"n": 4, "pushed_filters": "n < 5"}],
        [{"n": 2, "pushed_filters": "n < 3"}],
        [{"n": 1, "pushed_filters": "n < 3"}, {"n": 0, "pushed_filters": "n < 3"}],
    ]


def test_expression_filter_test(lane: Any) -> None:
    assert rows(table(lane.fc, "expression_filter_test", 3)) == [
        {"id": i, "name": f"item_{i}", "tags": [f"tag_{i % 5}", f"tag_{(i + 1) % 5}"], "score": i * 1.1} for i in range(3)]


def test_spatial_filter_example(lane: Any) -> None:
    out = table(lane.fc, "spatial_filter_example", 4)
    geom = out[0].schema.field("geom")
    assert geom.type == pa.binary() and geom.metadata[b"ARROW:extension:name"] == b"geoarrow.wkb"
    points = [(0.0, 0.0), (0.5, 0.0), (0.0, 0.5), (0.5, 0.5)]
    assert rows(out) == [{"n": i, "x": x, "y": y, "geom": struct.pack("<bIdd", 1, 1, x, y)} for i, (x, y) in enumerate(points)]


def test_typed_probe_defaults(lane: Any) -> None:
    out = table(lane.fc, "typed_probe", 2)
    assert out[0].schema.field("idx").type == pa.uint64()
    ts_us = int(datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.UTC).timestamp()) * 1_000_000
    assert rows(out) == [{"idx": i, "ts_us": ts_us, "iv_ms": 1500, "payload": b"vgi", "ub": 9, "f": 2.5 + i} for i in range(2)]


def test_typed_probe_typed_named_arguments(lane: Any) -> None:
    when = datetime.datetime(2001, 2, 3, 4, 5, 6, 789000, tzinfo=datetime.UTC)
    out = table(lane.fc, "typed_probe", 1,
                ts=pa.scalar(when, pa.timestamp("us", tz="UTC")),
                iv=pa.scalar(datetime.timedelta(seconds=2, milliseconds=250), pa.duration("ns")),
                blob=pa.scalar(b"\x00\xff", pa.binary()), ub=pa.scalar(2**63 + 5, pa.uint64()), f=pa.scalar(-1.0))
    assert rows(out) == [{"idx": 0, "ts_us": 981173106789000, "iv_ms": 2250, "payload": b"\x00\xff", "ub": 2**63 + 5,
                          "f": -1.0}]


def test_value_prune_in_list(lane: Any) -> None:
    out = table(lane.fc, "value_prune", 100, filters=in_list(0, "n", [95, 5, 50, 200], pa.int64()))
    assert rows(out) == [{"n": n, "resolved": "5,50,95,200"} for n in (5, 50, 95)]


def test_value_prune_without_filters_scans(lane: Any) -> None:
    got = rows(table(lane.fc, "value_prune", 4))
    assert got == [{"n": i, "resolved": "(scan)"} for i in range(4)]


def test_value_prune_or_of_equalities(lane: Any) -> None:
    eq = [{"node": "comparison", "op": "eq", "left": col(0, "n"), "right": {"node": "literal", "value_ref": i}} for i in (0, 1)]
    f = predicates({"node": "or", "children": eq}, values=[(7, pa.int64()), (3, pa.int64())])
    assert rows(table(lane.fc, "value_prune", 10, filters=f)) == [{"n": 3, "resolved": "3,7"}, {"n": 7, "resolved": "3,7"}]


def test_filtered_columns_echo_diagnostics(lane: Any) -> None:
    out = table(lane.fc, "filtered_columns_echo", 5, projection=[2, 3, 4, 5],
                filters=comparison("eq", 1, "tag", "t3", pa.string()))
    got = rows(out)
    assert got and all(r == {"filtered_cols": "tag", "has_n": False, "has_tag": True, "tag_values": "t3"} for r in got)


def test_filtered_columns_echo_without_filters(lane: Any) -> None:
    assert rows(table(lane.fc, "filtered_columns_echo", 2)) == [
        {"n": i, "tag": f"t{i}", "filtered_cols": "", "has_n": False, "has_tag": False, "tag_values": "(none)"} for i in range(2)]


def test_filters_are_applied_to_rows(lane: Any) -> None:
    out = table(lane.fc, "filtered_columns_echo", 5, filters=comparison("eq", 1, "tag", "t3", pa.string()))
    assert [r["n"] for r in rows(out)] == [3]
