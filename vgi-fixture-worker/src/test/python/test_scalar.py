"""Scalar fixtures, one per argument shape: column, constant, constants around a column, ANY, varargs,
nested types, zero columns; values compared one by one."""

from __future__ import annotations

import math
from typing import Any

import pyarrow as pa
import pytest

from _support import TENSOR, TENSOR_CELLS, TENSOR_VALUE, batch, rows_only, scalar, scalar_values

POINT = pa.struct([("lat", pa.float64()), ("lon", pa.float64())])


def test_upper_case_column(lane: Any) -> None:
    assert scalar_values(lane.fc, "upper_case", batch(col_0=pa.array(["a", "b", None], pa.string()))) == ["A", "B", None]


def test_upper_case_keeps_batches_and_row_counts(lane: Any) -> None:
    inputs = [batch(v=pa.array(["x"] * n, pa.string())) for n in (1, 5, 0, 3)]
    out = scalar(lane.fc, "upper_case", inputs)
    assert [b.num_rows for b in out] == [1, 5, 0, 3]
    assert all(b.schema.field(0).type == pa.string() for b in out)


def test_upper_case_unicode_and_large_batch(lane: Any) -> None:
    values = [f"straße-{i}" if i % 7 else None for i in range(10_000)]
    got = scalar_values(lane.fc, "upper_case", batch(v=pa.array(values, pa.string())))
    assert got == [None if v is None else v.upper() for v in values]


def test_multiply_by_constant(lane: Any) -> None:
    assert scalar_values(lane.fc, "multiply", batch(col_0=pa.array([1, 2, 3], pa.int64())),
                         pa.scalar(10, pa.int64())) == [10, 20, 30]


def test_multiply_passes_nulls(lane: Any) -> None:
    assert scalar_values(lane.fc, "multiply", batch(v=pa.array([None, -4], pa.int64())),
                         pa.scalar(-3, pa.int64())) == [None, 12]


def test_cached_add_const(lane: Any) -> None:
    assert scalar_values(lane.fc, "cached_add_const", batch(v=pa.array([1, None, 40], pa.int64())),
                         pa.scalar(2, pa.int64())) == [3, None, 42]


def test_cached_double_scalar(lane: Any) -> None:
    assert scalar_values(lane.fc, "cached_double_scalar", batch(v=pa.array([1, None, -21], pa.int64()))) == [2, None, -42]


def test_cached_label(lane: Any) -> None:
    assert scalar_values(lane.fc, "cached_label", batch(v=pa.array([0, 7, -1, None], pa.int64()))) == \
        ["lbl-0", "lbl-7", None, None]


def test_conditional_message_two_constants_before_the_column(lane: Any) -> None:
    got = scalar_values(lane.fc, "conditional_message", batch(c=pa.array([True, False, None, True])),
                        pa.scalar(3, pa.int64()), pa.scalar("Hi! ", pa.string()))
    assert got == ["Hi! Hi! Hi! ", "", None, "Hi! Hi! Hi! "]


def test_binary_packet_constants_around_the_column(lane: Any) -> None:
    config = pa.scalar({"label": "v1", "version": 1}, type=pa.struct([("label", pa.string()), ("version", pa.int64())]))
    got = scalar_values(lane.fc, "binary_packet", batch(p=pa.array([b"\x01\x02", b"\x03\x04", None], pa.binary())),
                        pa.scalar(b"\xca\xfe", pa.binary()), config)
    assert got == [b"\xca\xfe\x01\x02v1\x01", b"\xca\xfe\x03\x04v1\x01", b"\xca\xfev1\x01"]


def test_hash_seed_constant_only_zero_columns(lane: Any) -> None:
    out = scalar(lane.fc, "hash_seed", [rows_only(4), rows_only(2)], pa.scalar(42, pa.int64()))
    assert [b.column(0).to_pylist() for b in out] == [[42, 43, 44, 45], [42, 43]]


def test_null_handling_special(lane: Any) -> None:
    assert scalar_values(lane.fc, "null_handling", batch(v=pa.array([1, None, 3], pa.int64()))) == [1, -5000, 3]


def test_random_int_within_bounds(lane: Any) -> None:
    lo = pa.array([1, 10, 100, 5, None], pa.int64())
    hi = pa.array([10, 100, 1000, 5, 3], pa.int64())
    got = scalar_values(lane.fc, "random_int", batch(lo=lo, hi=hi))
    assert got[3] == 5 and got[4] is None
    for v, a, b in zip(got[:3], lo.to_pylist(), hi.to_pylist(), strict=False):
        assert a <= v <= b


def test_random_int_is_volatile(lane: Any) -> None:
    b = batch(lo=pa.array([0] * 200, pa.int64()), hi=pa.array([1 << 40] * 200, pa.int64()))
    assert len(set(scalar_values(lane.fc, "random_int", b))) > 150


@pytest.mark.parametrize(("left", "right", "result_type", "expected"), [
    (pa.array([1, 2, None], pa.int32()), pa.array([10, 20, 30], pa.int32()), pa.int64(), [11, 22, None]),
    (pa.array([1, 2], pa.int8()), pa.array([3, 4], pa.int8()), pa.int16(), [4, 6]),
    (pa.array([1, 2], pa.int64()), pa.array([0.5, 0.25], pa.float64()), pa.float64(), [1.5, 2.25]),
    (pa.array([1.5], pa.float32()), pa.array([2.5], pa.float32()), pa.float64(), [4.0]),
], ids=["int32", "int8", "int64+double", "float32"])
def test_add_values_any(lane: Any, left: pa.Array, right: pa.Array, result_type: pa.DataType, expected: list[Any]) -> None:
    out = scalar(lane.fc, "add_values", batch(a=left, b=right))
    assert out[0].schema.field(0).type == result_type
    assert out[0].column(0).to_pylist() == expected


@pytest.mark.parametrize(("values", "result_type", "expected"), [
    (pa.array([1, 2, None], pa.int64()), pa.int64(), [2, 4, None]),
    (pa.array([100, -100], pa.int8()), pa.int16(), [200, -200]),
    (pa.array([1.25], pa.float32()), pa.float64(), [2.5]),
    (pa.array([7], pa.uint32()), pa.uint64(), [14]),
], ids=["int64", "int8", "float32", "uint32"])
def test_double_any(lane: Any, values: pa.Array, result_type: pa.DataType, expected: list[Any]) -> None:
    out = scalar(lane.fc, "double", batch(v=values))
    assert out[0].schema.field(0).type == result_type
    assert out[0].column(0).to_pylist() == expected


def test_sum_values_varargs(lane: Any) -> None:
    b = batch(a=pa.array([1, 2], pa.int64()), b=pa.array([10, 20], pa.int64()), c=pa.array([100, None], pa.int64()))
    assert scalar_values(lane.fc, "sum_values", b) == [111, None]
    assert scalar_values(lane.fc, "sum_values", batch(a=pa.array([5], pa.int64()))) == [5]


def test_geo_distance_struct(lane: Any) -> None:
    p1 = pa.array([{"lat": 0.0, "lon": 0.0}, None], POINT)
    p2 = pa.array([{"lat": 3.0, "lon": 4.0}, {"lat": 1.0, "lon": 1.0}], POINT)
    assert scalar_values(lane.fc, "geo_distance_struct", batch(p1=p1, p2=p2)) == [5.0, None]


def test_geo_distance_list(lane: Any) -> None:
    t = pa.list_(pa.float64())
    got = scalar_values(lane.fc, "geo_distance_list",
                        batch(p1=pa.array([[0.0, 0.0], [1.0, 1.0]], t), p2=pa.array([[3.0, 4.0], [2.0, 2.0]], t)))
    assert got[0] == 5.0 and math.isclose(got[1], math.sqrt(2))


def test_geo_distance_fixed(lane: Any) -> None:
    t = pa.list_(pa.float64(), 2)
    got = scalar_values(lane.fc, "geo_distance_fixed",
                        batch(p1=pa.array([[0.0, 0.0]], t), p2=pa.array([[6.0, 8.0]], t)))
    assert got == [10.0]


@pytest.mark.parametrize(("name", "arrow_type", "make"), [
    ("geo_centroid_struct", POINT, lambda lat, lon: {"lat": lat, "lon": lon}),
    ("geo_centroid_list", pa.list_(pa.float64()), lambda lat, lon: [lat, lon]),
    ("geo_centroid_fixed", pa.list_(pa.float64(), 2), lambda lat, lon: [lat, lon]),
])
def test_geo_centroid_varargs(lane: Any, name: str, arrow_type: pa.DataType, make: Any) -> None:
    b = batch(p1=pa.array([make(0.0, 0.0), make(1.0, 1.0)], arrow_type),
              p2=pa.array([make(4.0, 6.0), make(3.0, 5.0)], arrow_type))
    out = scalar(lane.fc, name, b)
    assert out[0].schema.field(0).type == POINT
    assert out[0].column(0).to_pylist() == [{"lat": 2.0, "lon": 3.0}, {"lat": 2.0, "lon": 3.0}]


def test_geo_centroid_three_points(lane: Any) -> None:
    b = batch(**{f"p{i}": pa.array([{"lat": float(i), "lon": float(-i)}], POINT) for i in range(3)})
    assert scalar_values(lane.fc, "geo_centroid_struct", b) == [{"lat": 1.0, "lon": -1.0}]


def test_same_name_bind_resolves_by_schema(lane: Any) -> None:
    b = batch(v=pa.array([1, None], pa.int64()))
    assert scalar_values(lane.fc, "test_same_name_bind", b) == ["main:1", None]
    assert scalar_values(lane.fc, "test_same_name_bind", b, schema=["data"]) == ["data:1", None]


def test_whoami_is_anonymous_without_auth(lane: Any) -> None:
    assert scalar_values(lane.fc, "whoami", batch(x=pa.array([1, 2], pa.int64()))) == ["anonymous", "anonymous"]


def test_many_batches_in_one_call(lane: Any) -> None:
    inputs = [batch(v=pa.array(list(range(i * 100, i * 100 + 100)), pa.int64())) for i in range(20)]
    got = scalar_values(lane.fc, "multiply", inputs, pa.scalar(2, pa.int64()))
    assert got == [2 * i for i in range(2000)]


def test_unnest_tensor(lane: Any) -> None:
    b = batch(t=pa.array([TENSOR_VALUE, None, {"tensor": [], "axes": {"x": [], "y": ["a"]}}], TENSOR))
    out = scalar(lane.fc, "unnest_tensor", b)
    assert out[0].schema.field(0).type == pa.list_(pa.struct([("value", pa.float64()),
                                                              ("axes", pa.struct([("x", pa.int64()), ("y", pa.string())]))]))
    assert out[0].column(0).to_pylist() == [TENSOR_CELLS, None, []]
