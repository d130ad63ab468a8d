"""Generate the filter-encoding-v2 test vectors of dev.vgi.core.pushdown.

Every filter batch is built with the reference builder (vgi.filter_v2_builder, vgi-python 0.47.0)
and every expected result comes from the reference consumer and evaluator (vgi.filter_v2, which
evaluates with embedded DuckDB 1.5.5, the oracle of vgi.duckdb.standard.v1). Needs a Python 3.13
venv with vgi-python==0.47.0 and duckdb==1.5.5:

    python generate_filter_vectors.py > ../resources/dev/vgi/core/pushdown/filter-v2-vectors.json

Output: {"data": ..., "cases": [...]}: "data" is the batch every case filters (the unprojected bind
schema: one column per type), each case holds base64 IPC streams ("filter", "join_keys", "deltas",
and "data" when it filters another batch) and either "expect" (per-row result of the ANDed predicates: 1 TRUE, 0 FALSE, -1 NULL)
or "error" (the reference's message; "stage" says whether decoding or evaluation raised).
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import json
import sys

import pyarrow as pa

from vgi.filter_v2 import (
    DUCKDB_SESSION_CONTEXT,
    EvaluationContext,
    deserialize_snapshot,
)
from vgi.filter_v2_builder import (
    artifact_payload,
    build_filter_batch,
    serialize_filter_batch,
    type_payload,
    value_payload,
)

NAN = float("nan")
INF = float("inf")

UTC = dt.timezone.utc
STRUCT = pa.struct([("a", pa.int64()), ("b", pa.utf8())])
NESTED = pa.struct([("inner", STRUCT), ("z", pa.int32())])
MDN = pa.month_day_nano_interval()

COLUMNS: list[tuple[str, pa.DataType, list]] = [
    ("n", pa.int64(), [1, 5, 8, None, 9, -3, 0, 2**63 - 1, -(2**63), 8]),
    ("i", pa.int32(), [1, 5, 8, None, 2**31 - 1, -3, 0, 7, -(2**31), 8]),
    ("d", pa.float64(), [1.5, NAN, -0.0, None, 0.0, INF, -INF, 8.0, 1e308, 2.5]),
    ("f", pa.float32(), [1.5, NAN, None, 0.1, 3.0e38, -2.5, 0.0, 8.0, 1.0, 2.5]),
    ("s", pa.utf8(), ["abc", "abd", "", None, "\uffff", "\U0001f600", "ABC", "ab'c", "xyz", "abc"]),
    ("b", pa.bool_(), [True, False, None, True, False, True, None, False, True, True]),
    (
        "dt",
        pa.date32(),
        [dt.date(2024, 1, 1), dt.date(2024, 1, 2), None, dt.date(1969, 12, 31), dt.date(2000, 2, 29),
         dt.date(2024, 1, 1), dt.date(1, 1, 1), dt.date(9999, 12, 31), dt.date(2023, 12, 31), dt.date(2024, 1, 1)],
    ),
    (
        "ts",
        pa.timestamp("us"),
        [dt.datetime(2024, 1, 1), dt.datetime(2024, 1, 1, 0, 0, 0, 1), None, dt.datetime(1969, 12, 31, 23, 59, 59),
         dt.datetime(2024, 1, 1, 12), dt.datetime(2023, 12, 31, 23, 59, 59, 999999), dt.datetime(2024, 1, 2),
         dt.datetime(1970, 1, 1), dt.datetime(2024, 1, 1), dt.datetime(2262, 4, 12)],
    ),
    (
        "tstz",
        pa.timestamp("us", tz="UTC"),
        [dt.datetime(2024, 1, 1, tzinfo=UTC), dt.datetime(2024, 1, 1, 5, tzinfo=UTC), None,
         dt.datetime(2024, 1, 1, 4, 59, 59, tzinfo=UTC), dt.datetime(2023, 12, 31, 19, tzinfo=UTC),
         dt.datetime(2024, 1, 1, 5, 0, 0, 1, tzinfo=UTC), dt.datetime(1970, 1, 1, tzinfo=UTC),
         dt.datetime(2030, 6, 1, tzinfo=UTC), dt.datetime(2024, 1, 1, 5, tzinfo=UTC),
         dt.datetime(2000, 1, 1, tzinfo=UTC)],
    ),
    (
        "dec",
        pa.decimal128(10, 2),
        [decimal.Decimal(x) if x is not None else None
         for x in ["1.50", "-1.50", "0.00", None, "12345678.99", "1.00", "1.01", "-99999999.99", "2.50", "1.50"]],
    ),
    ("bin", pa.binary(), [b"\x00", b"\xff", b"", None, b"\x00\x01", b"\x7f", b"\x80", b"ab", b"\x00", b"\xff\x00"]),
    ("u", pa.uint64(), [0, 1, 2**64 - 1, None, 2**63, 2**63 - 1, 5, 8, 2**64 - 2, 9]),
    ("t8", pa.int8(), [1, 127, -128, None, 0, -1, 100, 27, 5, 8]),
    (
        "l",
        pa.list_(pa.int64()),
        [[1, 2], [1, None], [], None, [3], [1, 2, 3], [None], [2, 1], [1], [1, 2]],
    ),
    (
        "st",
        STRUCT,
        [{"a": 1, "b": "x"}, {"a": None, "b": "y"}, None, {"a": 3, "b": None}, {"a": 1, "b": "y"},
         {"a": 2, "b": "x"}, {"a": -1, "b": ""}, {"a": 1, "b": None}, {"a": None, "b": None}, {"a": 5, "b": "z"}],
    ),
    (
        "nest",
        NESTED,
        [{"inner": {"a": 1, "b": "x"}, "z": 1}, {"inner": None, "z": 2}, None, {"inner": {"a": 7, "b": "q"}, "z": None},
         {"inner": {"a": None, "b": "x"}, "z": 3}, {"inner": {"a": 2, "b": "y"}, "z": 4}, {"inner": {"a": 1, "b": None}, "z": 5},
         {"inner": {"a": 9, "b": "x"}, "z": 6}, {"inner": {"a": 1, "b": "x"}, "z": 7}, {"inner": {"a": 3, "b": "w"}, "z": 8}],
    ),
    (
        "iv",
        MDN,
        [pa.scalar((1, 0, 0), MDN), pa.scalar((0, 30, 0), MDN), None, pa.scalar((0, 29, 86_400_000_000_000), MDN),
         pa.scalar((0, 1, 0), MDN), pa.scalar((0, 0, 86_400_000_000_000), MDN), pa.scalar((1, -1, 0), MDN),
         pa.scalar((0, 31, 0), MDN), pa.scalar((-1, 0, 0), MDN), pa.scalar((0, 0, 3_600_000_000_000), MDN)],
    ),
    (
        "tm",
        pa.time64("us"),
        [dt.time(0, 0), dt.time(12, 0), None, dt.time(23, 59, 59, 999999), dt.time(12, 0, 0, 1), dt.time(6), dt.time(12),
         dt.time(0, 0, 0, 1), dt.time(18), dt.time(11, 59)],
    ),
    ("ls", pa.list_(pa.utf8()), [["a", "b"], ["abc"], None, [], ["x", None], ["b"], ["abc", "abd"], [None], ["a"], ["xyz"]]),
    ("big", pa.large_utf8(), ["abc", None, "abd", "", "ab", "abcd", "b", "a", "abc", "zz"]),
]


def scalar_value(value, data_type):
    if isinstance(value, pa.Scalar):
        return value
    return pa.scalar(value, type=data_type)


def data_batch() -> pa.RecordBatch:
    arrays = []
    for _, data_type, values in COLUMNS:
        if data_type == MDN:
            arrays.append(pa.array([None if v is None else v.as_py() for v in values], type=MDN))
        else:
            arrays.append(pa.array(values, type=data_type))
    return pa.record_batch(arrays, names=[name for name, _, _ in COLUMNS])


DATA = data_batch()
INDEX = {name: i for i, (name, _, _) in enumerate(COLUMNS)}


def col(name: str) -> dict:
    return {"node": "column_ref", "column_index": INDEX[name], "column_name": name}


def lit(ref: int) -> dict:
    return {"node": "literal", "value_ref": ref}


def cmp(op: str, left: dict, right: dict) -> dict:
    return {"node": "comparison", "op": op, "left": left, "right": right}


def and_(*children: dict) -> dict:
    return {"node": "and", "children": list(children)}


def or_(*children: dict) -> dict:
    return {"node": "or", "children": list(children)}


def not_(e: dict) -> dict:
    return {"node": "not", "expression": e}


def is_null(e: dict, negated: bool = False) -> dict:
    return {"node": "is_null", "expression": e, "negated": negated}


def in_(e: dict, ref: int, negated: bool = False) -> dict:
    return {"node": "in", "expression": e, "set": {"kind": "literal", "value_ref": ref}, "negated": negated}


def in_ext(e: dict, batch_index: int, column_index: int, column_name: str, negated: bool = False) -> dict:
    return {
        "node": "in",
        "expression": e,
        "set": {"kind": "external", "batch_index": batch_index, "column_index": column_index, "column_name": column_name},
        "negated": negated,
    }


def cast(e: dict, ref: int) -> dict:
    return {"node": "cast", "expression": e, "type_ref": ref}


def arith(op: str, left: dict, right: dict) -> dict:
    return {"node": "arithmetic", "op": op, "left": left, "right": right}


def neg(e: dict) -> dict:
    return {"node": "negate", "expression": e}


def call(function, *args: dict) -> dict:
    return {"node": "call", "function": function, "arguments": list(args)}


def field(e: dict, index: int, name: str) -> dict:
    return {"node": "field_ref", "expression": e, "field_index": index, "field_name": name}


def pred(expression: dict, pid: str = "p0", mode: str = "required", source: str = "query", revision: int = 0) -> dict:
    return {"id": pid, "revision": revision, "mode": mode, "source": source, "expression": expression}


def snapshot(*predicates: dict) -> dict:
    return {
        "encoding": "vgi.filters.v2",
        "semantics": "vgi.duckdb.standard.v1",
        "kind": "snapshot",
        "predicates": list(predicates),
    }


def delta(*updates: dict) -> dict:
    return {"encoding": "vgi.filters.v2", "semantics": "vgi.duckdb.standard.v1", "kind": "delta", "updates": list(updates)}


def v(index: int, value, data_type=None):
    return value_payload(index, scalar_value(value, data_type) if data_type is not None else value)


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def ipc(batch: pa.RecordBatch) -> bytes:
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, batch.schema) as writer:
        writer.write_batch(batch)
    return sink.getvalue().to_pybytes()


CASES: list[dict] = []
SESSION = EvaluationContext(
    profile=DUCKDB_SESSION_CONTEXT,
    time_zone="UTC",
    calendar="gregorian",
    default_collation="",
    ieee_floating_point_ops=True,
    integer_division=False,
)


def case(name, document, payloads=(), *, join_keys=(), deltas=(), context=None, raw_filter=None, data=None):
    """Build one vector: the batch via the reference builder, the expectation via the reference consumer."""
    data = data if data is not None else DATA
    if raw_filter is None:
        batch = build_filter_batch(document, payloads, context=context)
        raw = serialize_filter_batch(batch)
    else:
        raw = raw_filter
    keys = [pa.ipc.open_stream(k).read_next_batch() for k in join_keys]
    entry = {"name": name, "filter": b64(raw), "join_keys": [b64(k) for k in join_keys], "deltas": []}
    if data is not DATA:
        entry["data"] = b64(ipc(data))
    capabilities = ((DUCKDB_SESSION_CONTEXT, None),)
    try:
        reader = pa.ipc.open_stream(raw)
        batches = list(reader)
        if len(batches) != 1:
            raise ValueError(f"filter IPC stream must contain exactly one batch, found {len(batches)}")
        state = deserialize_snapshot(
            batches[0], output_schema=data.schema, join_keys=keys, evaluation_capabilities=capabilities
        )
        for d_doc, d_payloads in deltas:
            d_raw = serialize_filter_batch(build_filter_batch(d_doc, d_payloads, context=context))
            entry["deltas"].append(b64(d_raw))
            state = state.apply_delta(pa.ipc.open_stream(d_raw).read_next_batch())
    except Exception as exc:  # noqa: BLE001 - the reference's refusal is the expectation
        entry["error"] = str(exc)
        entry["stage"] = "decode"
        for d_doc, d_payloads in deltas[len(entry["deltas"]):]:
            entry["deltas"].append(b64(serialize_filter_batch(build_filter_batch(d_doc, d_payloads, context=context))))
        CASES.append(entry)
        return
    try:
        mask = state.evaluate(data)
        entry["expect"] = [-1 if x is None else int(x) for x in mask.to_pylist()]
    except Exception as exc:  # noqa: BLE001
        entry["error"] = str(exc).splitlines()[0]
        entry["stage"] = "evaluate"
    CASES.append(entry)


OPS = ["eq", "ne", "lt", "le", "gt", "ge", "distinct_from", "not_distinct_from"]

# The captured filter_echo batch of docs/vgi-protocol-2.2.md §6.2.
case(
    "captured_filter_echo_n_ge_8",
    snapshot(pred(cmp("ge", col("n"), lit(0)))),
    [v(0, 8, pa.int64())],
)
case("empty_snapshot", snapshot())

# Comparisons: every operator against a literal of the column's type.
LITERALS = [
    ("n", 8, pa.int64()),
    ("i", 5, pa.int32()),
    ("d", 0.0, pa.float64()),
    ("d", NAN, pa.float64()),
    ("f", 2.5, pa.float32()),
    ("s", "abc", pa.utf8()),
    ("s", "\uffff", pa.utf8()),
    ("b", True, pa.bool_()),
    ("dt", dt.date(2024, 1, 1), pa.date32()),
    ("ts", dt.datetime(2024, 1, 1), pa.timestamp("us")),
    ("tstz", dt.datetime(2024, 1, 1, 0, 0, tzinfo=dt.timezone(dt.timedelta(hours=-5))), pa.timestamp("us", tz="America/New_York")),
    ("dec", decimal.Decimal("1.50"), pa.decimal128(10, 2)),
    ("bin", b"\x00", pa.binary()),
    ("u", 2**63, pa.uint64()),
    ("t8", 5, pa.int8()),
    ("iv", pa.scalar((1, 0, 0), MDN), MDN),
    ("tm", dt.time(12, 0), pa.time64("us")),
    ("l", [1, 2], pa.list_(pa.int64())),
    ("l", [1, None], pa.list_(pa.int64())),
    ("st", {"a": 1, "b": "y"}, STRUCT),
    ("big", "abc", pa.large_utf8()),
]
for column, value, data_type in LITERALS:
    for op in OPS:
        case(f"cmp_{column}_{op}_{value!r}"[:120], snapshot(pred(cmp(op, col(column), lit(0)))), [v(0, value, data_type)])

for op in OPS:
    case(f"cmp_literal_left_{op}", snapshot(pred(cmp(op, lit(0), col("n")))), [v(0, 5, pa.int64())])
    case(f"cmp_null_literal_{op}", snapshot(pred(cmp(op, col("n"), lit(0)))), [v(0, None, pa.int64())])
    case(f"cmp_columns_int64_int32_{op}", snapshot(pred(cmp(op, col("n"), col("i")))))
    case(f"cmp_columns_double_int64_{op}", snapshot(pred(cmp(op, col("d"), col("n")))))
    case(f"cmp_columns_float_double_{op}", snapshot(pred(cmp(op, col("f"), col("d")))))
    case(f"cmp_date_vs_timestamp_{op}", snapshot(pred(cmp(op, col("dt"), lit(0)))), [v(0, dt.datetime(2024, 1, 1, 0, 0), pa.timestamp("us"))])
    case(f"cmp_decimal_vs_int64_{op}", snapshot(pred(cmp(op, col("dec"), lit(0)))), [v(0, 1, pa.int64())])
    case(f"cmp_decimal_vs_decimal_scale1_{op}", snapshot(pred(cmp(op, col("dec"), lit(0)))), [v(0, decimal.Decimal("1.5"), pa.decimal128(5, 1))])
    case(f"cmp_decimal_vs_double_{op}", snapshot(pred(cmp(op, col("dec"), lit(0)))), [v(0, 1.5, pa.float64())])
    case(f"cmp_uint64_vs_int64_{op}", snapshot(pred(cmp(op, col("u"), lit(0)))), [v(0, 5, pa.int64())])
    case(f"cmp_interval_29d24h_{op}", snapshot(pred(cmp(op, col("iv"), lit(0)))), [v(0, pa.scalar((0, 30, 0), MDN), MDN)])
    case(f"cmp_struct_field_{op}", snapshot(pred(cmp(op, field(col("st"), 0, "a"), lit(0)))), [v(0, 1, pa.int64())])

# Boolean columns as predicates.
case("bool_column_root", snapshot(pred(col("b"))))
case("not_bool_column", snapshot(pred(not_(col("b")))))

# AND / OR / NOT with NULLs.
case(
    "and_three_valued",
    snapshot(pred(and_(cmp("gt", col("n"), lit(0)), cmp("eq", col("s"), lit(1))))),
    [v(0, 0, pa.int64()), v(1, "abc", pa.utf8())],
)
case(
    "or_three_valued",
    snapshot(pred(or_(cmp("gt", col("n"), lit(0)), cmp("eq", col("b"), lit(1))))),
    [v(0, 7, pa.int64()), v(1, True, pa.bool_())],
)
case(
    "or_of_null_checks",
    snapshot(pred(or_(is_null(col("n")), cmp("lt", col("d"), lit(0)), col("b")))),
    [v(0, 2.0, pa.float64())],
)
case("not_comparison", snapshot(pred(not_(cmp("gt", col("n"), lit(0))))), [v(0, 5, pa.int64())])
case("not_not", snapshot(pred(not_(not_(col("b"))))))
case(
    "nested_and_or_not",
    snapshot(pred(and_(or_(col("b"), is_null(col("s"))), not_(and_(cmp("lt", col("i"), lit(0)), col("b")))))),
    [v(0, 6, pa.int32())],
)
case(
    "two_predicates_anded",
    snapshot(pred(cmp("ge", col("n"), lit(0)), "a"), pred(cmp("ne", col("s"), lit(1)), "b")),
    [v(0, 1, pa.int64()), v(1, "xyz", pa.utf8())],
)
case(
    "required_and_advisory",
    snapshot(pred(cmp("ge", col("n"), lit(0)), "a"), pred(cmp("lt", col("i"), lit(1)), "b", mode="advisory", source="top_n")),
    [v(0, 1, pa.int64()), v(1, 8, pa.int32())],
)

# IS NULL on many shapes.
for column in ["n", "d", "s", "b", "dt", "ts", "dec", "bin", "u", "l", "st", "iv", "tm", "nest"]:
    case(f"is_null_{column}", snapshot(pred(is_null(col(column)))))
    case(f"is_not_null_{column}", snapshot(pred(is_null(col(column), True))))
case("is_null_field_ref", snapshot(pred(is_null(field(col("st"), 1, "b")))))
case("is_null_nested_field_ref", snapshot(pred(is_null(field(field(col("nest"), 0, "inner"), 0, "a")))))
case("is_null_of_comparison", snapshot(pred(is_null(cmp("gt", col("n"), lit(0))))), [v(0, 1, pa.int64())])
case("is_not_null_arithmetic", snapshot(pred(is_null(arith("add", col("i"), lit(0)), True))), [v(0, 0, pa.int32())])

# IN lists.
for negated in (False, True):
    tag = "not_in" if negated else "in"
    case(f"{tag}_int64", snapshot(pred(in_(col("n"), 0, negated))), [v(0, [8, 1, -3], pa.list_(pa.int64()))])
    case(f"{tag}_int64_with_null", snapshot(pred(in_(col("n"), 0, negated))), [v(0, [8, None], pa.list_(pa.int64()))])
    case(f"{tag}_empty_set", snapshot(pred(in_(col("n"), 0, negated))), [v(0, [], pa.list_(pa.int64()))])
    case(f"{tag}_only_null", snapshot(pred(in_(col("n"), 0, negated))), [v(0, [None], pa.list_(pa.int64()))])
    case(f"{tag}_strings", snapshot(pred(in_(col("s"), 0, negated))), [v(0, ["abc", "", "\U0001f600"], pa.list_(pa.utf8()))])
    case(f"{tag}_double_nan", snapshot(pred(in_(col("d"), 0, negated))), [v(0, [NAN, 0.0], pa.list_(pa.float64()))])
    case(f"{tag}_large_list_dates", snapshot(pred(in_(col("dt"), 0, negated))), [v(0, [dt.date(2024, 1, 1)], pa.large_list(pa.date32()))])
    case(f"{tag}_decimal", snapshot(pred(in_(col("dec"), 0, negated))), [v(0, [decimal.Decimal("1.50"), decimal.Decimal("0.00")], pa.list_(pa.decimal128(10, 2)))])
    case(f"{tag}_field_ref", snapshot(pred(in_(field(col("st"), 1, "b"), 0, negated))), [v(0, ["x", "z"], pa.list_(pa.utf8()))])
    case(f"{tag}_uint64", snapshot(pred(in_(col("u"), 0, negated))), [v(0, [2**64 - 1, 0], pa.list_(pa.uint64()))])

join_keys = ipc(pa.record_batch([pa.array([8, 9, None], pa.int64()), pa.array(["abc", "zz", "q"], pa.utf8())], names=["n", "s"]))
join_keys2 = ipc(pa.record_batch([pa.array([], pa.int32())], names=["i"]))
case("in_external_join_keys", snapshot(pred(in_ext(col("n"), 0, 0, "n"), source="join")), join_keys=[join_keys])
case("in_external_second_column", snapshot(pred(in_ext(col("big"), 0, 1, "s"), source="join")), join_keys=[join_keys])
case("not_in_external", snapshot(pred(in_ext(col("n"), 0, 0, "n", True), source="join")), join_keys=[join_keys])
case("in_external_empty", snapshot(pred(in_ext(col("i"), 1, 0, "i"), source="join")), join_keys=[join_keys, join_keys2])
case("in_external_bad_index", snapshot(pred(in_ext(col("n"), 3, 0, "n"), source="join")), join_keys=[join_keys])
case("in_external_name_mismatch", snapshot(pred(in_ext(col("n"), 0, 0, "x"), source="join")), join_keys=[join_keys])

# Casts.
case("cast_int32_to_int64", snapshot(pred(cmp("ge", cast(col("i"), 0), lit(0)))), [type_payload(0, pa.int64()), v(0, 5, pa.int64())])
case("cast_int64_to_double", snapshot(pred(cmp("lt", cast(col("n"), 0), lit(0)))), [type_payload(0, pa.float64()), v(0, 8.5, pa.float64())])
case("cast_int64_to_int8_overflow", snapshot(pred(cmp("eq", cast(col("n"), 0), lit(0)))), [type_payload(0, pa.int8()), v(0, 5, pa.int8())])
case("cast_int8_to_int16", snapshot(pred(cmp("gt", cast(col("t8"), 0), lit(0)))), [type_payload(0, pa.int16()), v(0, 5, pa.int16())])
case("cast_int8_to_uint64_negative", snapshot(pred(cmp("gt", cast(col("t8"), 0), lit(0)))), [type_payload(0, pa.uint64()), v(0, 5, pa.uint64())])
case("cast_int32_to_decimal", snapshot(pred(cmp("gt", cast(col("t8"), 0), lit(0)))), [type_payload(0, pa.decimal128(5, 2)), v(0, decimal.Decimal("5.00"), pa.decimal128(5, 2))])
case("cast_decimal_upscale", snapshot(pred(cmp("gt", cast(col("dec"), 0), lit(0)))), [type_payload(0, pa.decimal128(14, 4)), v(0, decimal.Decimal("1.0000"), pa.decimal128(14, 4))])
case("cast_date_to_timestamp", snapshot(pred(cmp("eq", cast(col("dt"), 0), lit(0)))), [type_payload(0, pa.timestamp("us")), v(0, dt.datetime(2024, 1, 1), pa.timestamp("us"))])
case("cast_timestamp_to_date", snapshot(pred(cmp("eq", cast(col("ts"), 0), lit(0)))), [type_payload(0, pa.date32()), v(0, dt.date(2024, 1, 1), pa.date32())])
case("cast_timestamp_us_to_ns_overflow", snapshot(pred(cmp("gt", cast(col("ts"), 0), lit(0)))), [type_payload(0, pa.timestamp("ns")), v(0, 0, pa.timestamp("ns"))])
case("cast_bool_to_int", snapshot(pred(cmp("eq", cast(col("b"), 0), lit(0)))), [type_payload(0, pa.int32()), v(0, 1, pa.int32())])
case("cast_int_to_bool_root", snapshot(pred(cast(col("t8"), 0))), [type_payload(0, pa.bool_())])
case("cast_float_to_double", snapshot(pred(cmp("lt", cast(col("f"), 0), lit(0)))), [type_payload(0, pa.float64()), v(0, 0.1, pa.float64())])
case("cast_utf8_to_large_utf8", snapshot(pred(cmp("eq", cast(col("s"), 0), lit(0)))), [type_payload(0, pa.large_utf8()), v(0, "abc", pa.large_utf8())])

for name, expr, payloads in [
    ("date_to_timestamp", cmp("eq", cast(col("dt"), 0), lit(0)), [type_payload(0, pa.timestamp("us")), v(0, dt.datetime(2024, 1, 1), pa.timestamp("us"))]),
    ("date_to_timestamp_ns", cmp("le", cast(col("dt"), 0), lit(0)), [type_payload(0, pa.timestamp("ns")), v(0, 0, pa.timestamp("ns"))]),
    ("timestamp_to_date", cmp("eq", cast(col("ts"), 0), lit(0)), [type_payload(0, pa.date32()), v(0, dt.date(2024, 1, 1), pa.date32())]),
    ("timestamp_us_to_ns_overflow", cmp("gt", cast(col("ts"), 0), lit(0)), [type_payload(0, pa.timestamp("ns")), v(0, 0, pa.timestamp("ns"))]),
    ("timestamp_s_literal_to_us", cmp("ge", col("ts"), cast(lit(0), 0)), [type_payload(0, pa.timestamp("us")), v(0, dt.datetime(2024, 1, 1), pa.timestamp("s"))]),
    ("utf8_to_large_utf8", cmp("eq", cast(col("s"), 0), lit(0)), [type_payload(0, pa.large_utf8()), v(0, "abc", pa.large_utf8())]),
    ("divide", cmp("gt", arith("divide", col("n"), lit(0)), lit(1)), [v(0, 2, pa.int64()), v(1, 2.0, pa.float64())]),
]:
    case(f"session_cast_{name}", snapshot(pred(expr)), payloads, context=SESSION)

# Arithmetic and negation.
case("arith_add_int64", snapshot(pred(cmp("gt", arith("add", col("i"), lit(0)), lit(1)))), [v(0, 1, pa.int32()), v(1, 5, pa.int32())])
case("arith_subtract_int64", snapshot(pred(cmp("lt", arith("subtract", col("t8"), lit(0)), lit(1)))), [v(0, 1, pa.int8()), v(1, 5, pa.int8())])
case("arith_multiply_int8_overflow", snapshot(pred(cmp("lt", arith("multiply", col("t8"), lit(0)), lit(1)))), [v(0, 2, pa.int8()), v(1, 5, pa.int8())])
case("arith_add_int64_overflow", snapshot(pred(cmp("gt", arith("add", col("n"), lit(0)), lit(0)))), [v(0, 8, pa.int64())])
case("arith_add_mixed_width", snapshot(pred(cmp("gt", arith("add", col("t8"), col("i")), lit(0)))), [v(0, 10, pa.int32())])
case("arith_double", snapshot(pred(cmp("ge", arith("multiply", col("d"), lit(0)), lit(1)))), [v(0, 2.0, pa.float64()), v(1, 3.0, pa.float64())])
case("arith_float32", snapshot(pred(cmp("gt", arith("add", col("f"), lit(0)), lit(1)))), [v(0, 0.2, pa.float32()), v(1, 0.3, pa.float32())])
case("arith_int_plus_double", snapshot(pred(cmp("gt", arith("add", col("n"), lit(0)), lit(1)))), [v(0, 0.5, pa.float64()), v(1, 5.0, pa.float64())])
case("arith_uint64", snapshot(pred(cmp("gt", arith("add", col("u"), lit(0)), lit(1)))), [v(0, 0, pa.uint64()), v(1, 5, pa.uint64())])
case("arith_divide_none_context", snapshot(pred(cmp("gt", arith("divide", col("n"), lit(0)), lit(0)))), [v(0, 2, pa.int64())])
case("negate_int32", snapshot(pred(cmp("lt", neg(col("i")), lit(0)))), [v(0, -4, pa.int32())])
case("negate_int64_min_overflow", snapshot(pred(cmp("lt", neg(col("n")), lit(0)))), [v(0, 0, pa.int64())])
case("negate_field_int64", snapshot(pred(cmp("lt", neg(field(col("st"), 0, "a")), lit(0)))), [v(0, -1, pa.int64())])
case("arith_add_field_int64", snapshot(pred(cmp("ge", arith("add", field(col("st"), 0, "a"), lit(0)), lit(1)))), [v(0, 10, pa.int64()), v(1, 12, pa.int64())])
case("arith_subtract_uint64_underflow", snapshot(pred(cmp("gt", arith("subtract", col("u"), lit(0)), lit(0)))), [v(0, 1, pa.uint64())])
case("arith_null_literal", snapshot(pred(cmp("gt", arith("add", col("n"), lit(0)), lit(1)))), [v(0, None, pa.int64()), v(1, 0, pa.int64())])
case("cast_null_literal", snapshot(pred(is_null(cast(lit(0), 0)))), [type_payload(0, pa.int32()), v(0, None, pa.int64())])
case("negate_double", snapshot(pred(cmp("le", neg(col("d")), lit(0)))), [v(0, -1.5, pa.float64())])
case("negate_decimal", snapshot(pred(cmp("gt", neg(col("dec")), lit(0)))), [v(0, decimal.Decimal("0.00"), pa.decimal128(10, 2))])

# Functions of vgi.duckdb.standard.v1.
for fn in ("starts_with", "ends_with", "contains"):
    for text in ("ab", "", "c", "\U0001f600"):
        case(f"call_{fn}_{text!r}", snapshot(pred(call(fn, col("s"), lit(0)))), [v(0, text, pa.utf8())])
case("call_starts_with_null_literal", snapshot(pred(call("starts_with", col("s"), lit(0)))), [v(0, None, pa.utf8())])
case("call_starts_with_large_utf8", snapshot(pred(call("starts_with", col("big"), lit(0)))), [v(0, "ab", pa.large_utf8())])
case("call_contains_on_list", snapshot(pred(call("contains", col("l"), lit(0)))), [v(0, 2, pa.int64())])
for needle in (1, 3, None):
    case(f"call_list_contains_{needle}", snapshot(pred(call("list_contains", col("l"), lit(0)))), [v(0, needle, pa.int64())])
case("call_list_contains_strings", snapshot(pred(call("list_contains", col("ls"), lit(0)))), [v(0, "abc", pa.utf8())])
case("call_not_starts_with", snapshot(pred(not_(call("starts_with", col("s"), lit(0))))), [v(0, "ab", pa.utf8())])
case("call_unknown_standard_function", snapshot(pred(call("regexp_matches", col("s"), lit(0)))), [v(0, "a", pa.utf8())])

# Field references.
case("field_ref_string_eq", snapshot(pred(cmp("eq", field(col("st"), 1, "b"), lit(0)))), [v(0, "y", pa.utf8())])
case("field_ref_nested", snapshot(pred(cmp("ge", field(field(col("nest"), 0, "inner"), 0, "a"), lit(0)))), [v(0, 2, pa.int64())])
case("field_ref_nested_z", snapshot(pred(cmp("lt", field(col("nest"), 1, "z"), lit(0)))), [v(0, 5, pa.int32())])
case("field_ref_name_mismatch", snapshot(pred(cmp("eq", field(col("st"), 0, "b"), lit(0)))), [v(0, 1, pa.int64())])

# Runtime filters: advisory, never evaluated.
case(
    "runtime_filter_ignored",
    snapshot(
        pred(cmp("gt", col("n"), lit(0)), "a"),
        pred({"node": "runtime_filter", "algorithm": {"namespace": "duckdb.runtime_filter", "name": "bloom", "version": 1},
              "input": col("n"), "artifact_ref": 0, "null_handling": "reject"}, "rf", mode="advisory", source="join"),
    ),
    [v(0, 0, pa.int64()), artifact_payload(0, b"\x00\x01", pa.binary())],
)

# Session evaluation context.
case("session_context", snapshot(pred(cmp("gt", col("n"), lit(0)))), [v(0, 0, pa.int64())], context=SESSION)
case("session_context_strings", snapshot(pred(cmp("lt", col("s"), lit(0)))), [v(0, "abd", pa.utf8())], context=SESSION)

# Deltas (Top-N bounds).
case(
    "delta_upsert_then_remove",
    snapshot(pred(cmp("ge", col("n"), lit(0)), "q"), pred(cmp("lt", col("n"), lit(1)), "top", mode="advisory", source="top_n")),
    [v(0, 0, pa.int64()), v(1, 100, pa.int64())],
    deltas=[
        (delta({"operation": "upsert", "id": "top", "revision": 1, "mode": "advisory", "source": "top_n",
                "expression": cmp("lt", col("n"), lit(0))}), [v(0, 9, pa.int64())]),
        (delta({"operation": "upsert", "id": "top", "revision": 1, "mode": "advisory", "source": "top_n",
                "expression": cmp("lt", col("n"), lit(0))}), [v(0, 1, pa.int64())]),
        (delta({"operation": "upsert", "id": "new", "revision": 3, "mode": "advisory", "source": "top_n",
                "expression": cmp("ne", col("n"), lit(0))}), [v(0, 5, pa.int64())]),
    ],
)
case(
    "delta_remove_tombstone",
    snapshot(pred(cmp("lt", col("n"), lit(0)), "top", mode="advisory", source="top_n")),
    [v(0, 5, pa.int64())],
    deltas=[
        (delta({"operation": "remove", "id": "top", "revision": 2}), []),
        (delta({"operation": "upsert", "id": "top", "revision": 1, "mode": "advisory", "source": "top_n",
                "expression": cmp("lt", col("n"), lit(0))}), [v(0, 1, pa.int64())]),
    ],
)
case(
    "delta_targets_required",
    snapshot(pred(cmp("ge", col("n"), lit(0)), "q")),
    [v(0, 0, pa.int64())],
    deltas=[(delta({"operation": "remove", "id": "q", "revision": 1}), [])],
)
case(
    "delta_required_upsert",
    snapshot(),
    deltas=[(delta({"operation": "upsert", "id": "x", "revision": 1, "mode": "required", "source": "top_n",
                    "expression": cmp("lt", col("n"), lit(0))}), [v(0, 1, pa.int64())])],
)

# Malformed documents and limits (the reference refuses each while decoding).
P = pred(cmp("ge", col("n"), lit(0)))
V0 = [v(0, 8, pa.int64())]
case("bad_encoding", {**snapshot(P), "encoding": "vgi.filters.v1"}, V0)
case("bad_semantics", {**snapshot(P), "semantics": "vgi.postgres.v1"}, V0)
case("bad_kind", {**snapshot(P), "kind": "delta"}, V0)
case("unknown_document_key", {**snapshot(P), "extra": 1}, V0)
case("unknown_predicate_key", snapshot({**P, "note": "x"}), V0)
case("duplicate_ids", snapshot(P, P), V0)
case("nonzero_revision", snapshot({**P, "revision": 1}), V0)
case("unknown_mode", snapshot({**P, "mode": "optional"}), V0)
case("unknown_source", snapshot({**P, "source": "where"}), V0)
case("empty_id", snapshot({**P, "id": ""}), V0)
case("long_id", snapshot({**P, "id": "x" * 129}), V0)
case("missing_payload", snapshot(pred(cmp("ge", col("n"), lit(3)))), V0)
case("unknown_comparison_op", snapshot(pred(cmp("like", col("n"), lit(0)))), V0)
case("and_single_child", snapshot(pred(and_(cmp("ge", col("n"), lit(0))))), V0)
case("column_name_mismatch", snapshot(pred(cmp("ge", {"node": "column_ref", "column_index": 0, "column_name": "i"}, lit(0)))), V0)
case("column_index_out_of_range", snapshot(pred(cmp("ge", {"node": "column_ref", "column_index": 99, "column_name": "n"}, lit(0)))), V0)
case("negative_column_index", snapshot(pred(cmp("ge", {"node": "column_ref", "column_index": -1, "column_name": "n"}, lit(0)))), V0)
case("bool_as_index", snapshot(pred(cmp("ge", {"node": "column_ref", "column_index": True, "column_name": "i"}, lit(0)))), V0)
case("literal_root_not_boolean", snapshot(pred(lit(0))), V0)
case("arithmetic_root", snapshot(pred(arith("add", col("n"), lit(0)))), V0)
case("runtime_filter_required", snapshot(pred({"node": "runtime_filter", "algorithm": {"namespace": "duckdb.runtime_filter", "name": "bloom", "version": 1}, "input": col("n"), "artifact_ref": 0, "null_handling": "reject"})), [artifact_payload(0, b"\x00")])
case("runtime_filter_unknown_algorithm", snapshot(pred({"node": "runtime_filter", "algorithm": {"namespace": "acme", "name": "magic", "version": 1}, "input": col("n"), "artifact_ref": 0, "null_handling": "reject"}, mode="advisory")), [artifact_payload(0, b"\x00")])
case("runtime_filter_not_root", snapshot(pred(and_(col("b"), {"node": "runtime_filter", "algorithm": {"namespace": "duckdb.runtime_filter", "name": "bloom", "version": 1}, "input": col("n"), "artifact_ref": 0, "null_handling": "reject"}), mode="advisory")), [artifact_payload(0, b"\x00")])
case("in_set_not_a_list", snapshot(pred(in_(col("n"), 0))), V0)
case("in_set_null_list", snapshot(pred(in_(col("n"), 0))), [v(0, None, pa.list_(pa.int64()))])
case("standard_function_with_options", snapshot(pred({**call("starts_with", col("s"), lit(0)), "options": {}})), [v(0, "a", pa.utf8())])
deep = cmp("ge", col("n"), lit(0))
for _ in range(70):
    deep = not_(deep)
case("depth_limit", snapshot(pred(deep)), V0)
case("unknown_node", snapshot(pred({"node": "regex", "pattern": "a.*", "expression": col("s")})), V0)
case("unknown_node_advisory", snapshot(pred({"node": "regex", "pattern": "a.*", "expression": col("s")}, mode="advisory")), V0)


def raw_case(name: str, batch: pa.RecordBatch, batches: int = 1) -> None:
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, batch.schema) as writer:
        for _ in range(batches):
            writer.write_batch(batch)
    case(name, None, raw_filter=sink.getvalue().to_pybytes())


good = build_filter_batch(snapshot(P), V0)
raw_case("two_batches", good, batches=2)
raw_case("nullable_filter_spec", pa.RecordBatch.from_arrays(good.columns, schema=pa.schema([pa.field("filter_spec", pa.utf8(), True), good.schema.field(1)], metadata=good.schema.metadata)))
raw_case("missing_metadata", pa.RecordBatch.from_arrays(good.columns, schema=pa.schema(list(good.schema), metadata={})))
raw_case("version_1", pa.RecordBatch.from_arrays(good.columns, schema=good.schema.with_metadata({**good.schema.metadata, b"vgi_filter_version": b"1"})))
raw_case("noncanonical_payload_name", pa.RecordBatch.from_arrays(good.columns, schema=pa.schema([good.schema.field(0), pa.field("value_01", pa.int64())], metadata=good.schema.metadata)))
raw_case("two_rows", pa.RecordBatch.from_arrays([pa.array([good.column(0)[0].as_py()] * 2, pa.utf8()), pa.array([8, 9], pa.int64())], schema=good.schema))
raw_case("type_payload_not_null", build_filter_batch(snapshot(pred(cmp("eq", cast(col("n"), 0), lit(0)))), [v(0, 1, pa.int64()), v(1, 1, pa.int64())]).rename_columns(["filter_spec", "value_0", "type_0"]))
raw_case("unknown_extension_literal", pa.RecordBatch.from_arrays(good.columns, schema=pa.schema([good.schema.field(0), pa.field("value_0", pa.int64(), metadata={b"ARROW:extension:name": b"acme.money"})], metadata=good.schema.metadata)))
raw_case("none_context_with_session_keys", pa.RecordBatch.from_arrays(good.columns, schema=good.schema.with_metadata({**good.schema.metadata, b"vgi_time_zone": b"UTC"})))
raw_case("invalid_json", pa.RecordBatch.from_arrays([pa.array(['{"encoding":'], pa.utf8()), good.column(1)], schema=good.schema))
raw_case("duplicate_json_key", pa.RecordBatch.from_arrays([pa.array([good.column(0)[0].as_py().replace('"kind":"snapshot"', '"kind":"snapshot","kind":"snapshot"')], pa.utf8()), good.column(1)], schema=good.schema))

header = {"generator": "vgi-python 0.47.0 + duckdb 1.5.5 (generate_filter_vectors.py)", "data": b64(ipc(DATA))}
out = json.dumps(header, ensure_ascii=True)[:-1] + ', "cases": [\n'
out += ",\n".join(json.dumps(c, ensure_ascii=True, separators=(",", ":")) for c in CASES)
sys.stdout.write(out + "\n]}\n")
