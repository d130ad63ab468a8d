"""Failed calls come back as typed errors, and the worker keeps serving on the same connection."""

from __future__ import annotations

from typing import Any

import pyarrow as pa
import pytest

from _support import args, batch, col, column, in_out, predicates, rows_only, rpc_error, scalar, scalar_values, table


def assert_still_serving(lane: Any) -> None:
    assert lane.worker_alive()
    assert scalar_values(lane.fc, "upper_case", batch(v=pa.array(["ok"]))) == ["OK"]
    assert column(table(lane.fc, "sequence", 3), "n") == [0, 1, 2]


def failure(call: Any) -> Any:
    with pytest.raises(Exception) as info:
        call()
    err = rpc_error(info.value)
    assert err is not None, f"not a typed worker error: {info.value!r}"
    return err


def test_unknown_scalar_function(lane: Any) -> None:
    err = failure(lambda: scalar(lane.fc, "no_such_fn", batch(v=pa.array([1]))))
    assert err.error_code == "NOT_FOUND", err
    assert "no_such_fn" in str(err)
    assert_still_serving(lane)


def test_unknown_table_function(lane: Any) -> None:
    err = failure(lambda: table(lane.fc, "no_such_table_fn", 3))
    assert err.error_code == "NOT_FOUND", err
    assert_still_serving(lane)


def test_unknown_in_out_function(lane: Any) -> None:
    err = failure(lambda: in_out(lane.fc, "no_such_in_out", [batch(v=pa.array([1]))]))
    assert err.error_code == "NOT_FOUND", err
    assert_still_serving(lane)


def test_function_in_the_wrong_schema(lane: Any) -> None:
    err = failure(lambda: scalar(lane.fc, "upper_case", batch(v=pa.array(["a"])), schema=["data"]))
    assert err.error_code == "NOT_FOUND", err
    assert_still_serving(lane)


def test_scalar_column_of_the_wrong_type(lane: Any) -> None:
    err = failure(lambda: scalar(lane.fc, "upper_case", batch(v=pa.array([1, 2], pa.int64()))))
    assert err.error_code == "INVALID_ARGUMENT", err
    assert_still_serving(lane)


def test_scalar_constant_of_the_wrong_type(lane: Any) -> None:
    err = failure(lambda: scalar(lane.fc, "multiply", batch(v=pa.array([1], pa.int64())), pa.scalar("ten")))
    assert err.error_code == "INVALID_ARGUMENT", err
    assert_still_serving(lane)


def test_scalar_missing_constant(lane: Any) -> None:
    err = failure(lambda: scalar(lane.fc, "multiply", batch(v=pa.array([1], pa.int64()))))
    assert err.error_code == "INVALID_ARGUMENT", err
    assert_still_serving(lane)


def test_any_argument_rejected_at_bind_by_the_function(lane: Any) -> None:
    err = failure(lambda: scalar(lane.fc, "double", batch(v=pa.array(["x"]))))
    assert err.error_code == "INVALID_ARGUMENT", err
    assert "numeric" in str(err)
    assert_still_serving(lane)


def test_table_argument_of_the_wrong_type(lane: Any) -> None:
    err = failure(lambda: table(lane.fc, "sequence", "ten"))
    assert err.error_code == "INVALID_ARGUMENT", err
    assert_still_serving(lane)


def test_unknown_named_argument(lane: Any) -> None:
    err = failure(lambda: table(lane.fc, "sequence", 3, no_such_option=1))
    assert err.error_code == "INVALID_ARGUMENT", err
    assert_still_serving(lane)


def test_table_argument_value_rejected_by_the_function(lane: Any) -> None:
    err = failure(lambda: table(lane.fc, "sequence", -1))
    assert "count must be >= 0" in str(err)
    assert_still_serving(lane)


def test_in_out_argument_value_rejected_by_the_function(lane: Any) -> None:
    err = failure(lambda: in_out(lane.fc, "repeat_inputs", [batch(v=pa.array([1]))], pa.scalar(0, pa.int64())))
    assert "Repeat count must be at least 1" in str(err)
    assert_still_serving(lane)


def test_required_filter_the_runtime_cannot_evaluate_fails_the_init(lane: Any) -> None:
    odd = predicates({"node": "similar_to", "expression": col(1, "s")})
    err = failure(lambda: table(lane.fc, "filter_echo", 3, filters=odd))
    assert "'filter_echo': filter predicate 'p0'" in str(err) and "similar_to" in str(err), err
    assert_still_serving(lane)


def test_exception_thrown_by_a_scan(lane: Any) -> None:
    seen: list[int] = []

    def run() -> None:
        for b in lane.fc.table_function(function_name="generator_exception", schema_path=["main"],
                                        arguments=args(2)):
            seen.extend(b.column(0).to_pylist())

    err = failure(run)
    assert "Intentional failure after 2 batches" in str(err)
    assert seen == [0, 1]
    assert_still_serving(lane)


def test_exception_thrown_by_a_scalar(lane: Any) -> None:
    err = failure(lambda: scalar(lane.fc, "random_int", batch(lo=pa.array([5], pa.int64()), hi=pa.array([1], pa.int64()))))
    assert "min_val 5 is greater than max_val 1" in str(err)
    assert_still_serving(lane)


def test_exception_in_a_later_batch_of_a_scalar_call(lane: Any) -> None:
    good = batch(lo=pa.array([1], pa.int64()), hi=pa.array([2], pa.int64()))
    bad = batch(lo=pa.array([9], pa.int64()), hi=pa.array([1], pa.int64()))
    err = failure(lambda: scalar(lane.fc, "random_int", [good, good, bad, good]))
    assert "greater than max_val" in str(err)
    assert_still_serving(lane)


def test_in_out_over_input_it_cannot_bind(lane: Any) -> None:
    err = failure(lambda: in_out(lane.fc, "echo_witness", [batch(s=pa.array(["x"]))]))
    assert "integer columns" in str(err)
    assert_still_serving(lane)


@pytest.mark.parametrize(("call", "code", "text"), [
    (lambda fc: table(fc, "upper_case", "x"), "NOT_FOUND", "is a SCALAR function"),
    (lambda fc: scalar(fc, "sequence", batch(v=pa.array([1], pa.int64()))), "NOT_FOUND", "is a TABLE function"),
    (lambda fc: table(fc, "echo"), "INVALID_ARGUMENT", "needs an input relation"),
    (lambda fc: in_out(fc, "sequence", [batch(v=pa.array([1], pa.int64()))], 3), "INVALID_ARGUMENT", "no input relation"),
    (lambda fc: scalar(fc, "sum_values", rows_only(2)), "INVALID_ARGUMENT", "needs at least one value"),
], ids=["scalar-as-table", "table-as-scalar", "in-out-as-table", "table-as-in-out", "varargs-without-values"])
def test_function_called_as_the_wrong_kind_or_shape(lane: Any, call: Any, code: str, text: str) -> None:
    err = failure(lambda: call(lane.fc))
    assert err.error_code == code, err
    assert text in str(err)
    assert_still_serving(lane)
