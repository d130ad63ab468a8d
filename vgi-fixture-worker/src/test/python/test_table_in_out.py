"""Table-in-out fixtures: one output batch per input batch, projection, FINALIZE; values compared one by one."""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from _support import TENSOR, TENSOR_CELLS, TENSOR_VALUE, batch, column, in_out, rows

V = [batch(v=pa.array([1, 2, 3], pa.int64())), batch(v=pa.array([10, 20], pa.int64()))]


def test_substream_partial_sum_finalize(lane: Any) -> None:
    """§6.5: the INPUT batches produce empty outputs, FINALIZE one row with the sum."""
    out = in_out(lane.fc, "substream_partial_sum", V)
    assert rows(out) == [{"v": 36}]


def test_substream_partial_sum_names_the_output_after_the_first_column(lane: Any) -> None:
    out = in_out(lane.fc, "substream_partial_sum", [batch(amount=pa.array([5, None, 7], pa.int32()),
                                                          other=pa.array(["a", "b", "c"]))])
    assert out[-1].schema.names == ["amount"] and out[-1].schema.types == [pa.int64()]
    assert rows(out) == [{"amount": 12}]


def test_repeat_inputs(lane: Any) -> None:
    """§6.5: repeat_inputs(2) over [1, 2, 3] -> [1, 2, 3, 1, 2, 3]."""
    assert column(in_out(lane.fc, "repeat_inputs", V[:1], pa.scalar(2, pa.int64())), "v") == [1, 2, 3, 1, 2, 3]


def test_repeat_inputs_one_output_batch_per_input_batch(lane: Any) -> None:
    inputs = [batch(s=pa.array(["a", None]), n=pa.array([1, 2], pa.int64())), batch(s=pa.array(["z"]), n=pa.array([9], pa.int64()))]
    out = [b for b in in_out(lane.fc, "repeat_inputs", inputs, pa.scalar(3, pa.int64())) if b.num_rows]
    assert [b.num_rows for b in out] == [6, 3]
    assert rows(out[:1]) == [{"s": "a", "n": 1}, {"s": None, "n": 2}] * 3


def test_echo(lane: Any) -> None:
    inputs = [batch(a=pa.array([1, 2], pa.int64()), b=pa.array(["x", None]),
                    c=pa.array([[1], []], pa.list_(pa.int64())))]
    assert rows(in_out(lane.fc, "echo", inputs)) == rows(inputs)


def test_echo_projection(lane: Any) -> None:
    inputs = [batch(a=pa.array([1, 2], pa.int64()), b=pa.array(["x", "y"]), c=pa.array([0.5, 1.5]))]
    out = [b for b in in_out(lane.fc, "echo", inputs, projection=[2, 0]) if b.num_rows]
    assert out[0].schema.names == ["c", "a"]
    assert rows(out) == [{"c": 0.5, "a": 1}, {"c": 1.5, "a": 2}]


def test_echo_witness_sees_the_projection(lane: Any) -> None:
    inputs = [batch(a=pa.array([1, 2], pa.int64()), b=pa.array([3, 4], pa.int64()), c=pa.array([5, 6], pa.int64()))]
    assert rows(in_out(lane.fc, "echo_witness", inputs)) == [{"a": 3, "b": 3, "c": 3}] * 2
    assert rows(in_out(lane.fc, "echo_witness", inputs, projection=[0])) == [{"a": 1}] * 2


def test_same_name_transform_resolves_by_schema(lane: Any) -> None:
    inputs = [batch(n=pa.array([1, None], pa.int64()))]
    assert column(in_out(lane.fc, "test_same_name_transform", inputs), "tag") == ["main:1", None]
    assert column(in_out(lane.fc, "test_same_name_transform", inputs, schema=["data"]), "tag") == ["data:1", None]


def test_many_input_batches(lane: Any) -> None:
    inputs = [batch(v=pa.array(list(range(i * 50, i * 50 + 50)), pa.int64())) for i in range(40)]
    assert rows(in_out(lane.fc, "substream_partial_sum", inputs)) == [{"v": sum(range(2000))}]
    assert column(in_out(lane.fc, "echo", inputs), "v") == list(range(2000))


def test_unnest_tensor_rows(lane: Any) -> None:
    out = in_out(lane.fc, "unnest_tensor_rows", [batch(t=pa.array([TENSOR_VALUE, None], TENSOR))])
    assert rows(out) == TENSOR_CELLS
