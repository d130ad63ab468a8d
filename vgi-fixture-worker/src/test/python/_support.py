"""Helpers shared by the end-to-end tests: calling fixtures, reading results, reading listings."""

from __future__ import annotations

import base64
import contextlib
import datetime
import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import pyarrow as pa
from vgi.arguments import Arguments
from vgi.filter_v2_builder import build_filter_batch, serialize_filter_batch, value_payload
from vgi.invocation import FunctionType, GlobalInitResponse
from vgi_rpc.rpc import RpcError

MAIN = ["main"]

#: A nest_tensor value (2 x 3 doubles over axes x, y) and its cells, row-major.
TENSOR = pa.struct([("tensor", pa.list_(pa.list_(pa.float64()))),
                    ("axes", pa.struct([("x", pa.list_(pa.int64())), ("y", pa.list_(pa.string()))]))])
TENSOR_VALUE = {"tensor": [[1.0, 2.0, 3.0], [4.0, None, 6.0]], "axes": {"x": [10, 20], "y": ["a", "b", "c"]}}
TENSOR_CELLS = [{"value": v, "axes": {"x": x, "y": y}}
                for (x, y), v in zip([(x, y) for x in (10, 20) for y in "abc"], [1.0, 2.0, 3.0, 4.0, None, 6.0], strict=True)]



# ---------------------------------------------------------------------------
# Calls
# ---------------------------------------------------------------------------


def args(*positional: Any, **named: Any) -> Arguments:
    """Arguments from Arrow scalars (or Python values Arrow can type on its own)."""
    pos = tuple(v if isinstance(v, pa.Scalar) else pa.scalar(v) for v in positional)
    nmd = {k: (v if isinstance(v, pa.Scalar) else pa.scalar(v)) for k, v in named.items()}
    return Arguments(positional=pos, named=nmd or None)


def batch(**columns: Any) -> pa.RecordBatch:
    """A record batch from column name to ``pa.Array`` (or a list Arrow can type)."""
    return pa.RecordBatch.from_pydict({k: v if isinstance(v, pa.Array) else pa.array(v) for k, v in columns.items()})


def rows_only(n: int) -> pa.RecordBatch:
    """A batch of ``n`` rows and no columns (the input of a scalar whose arguments are all constants)."""
    return pa.RecordBatch.from_struct_array(pa.array([{}] * n, type=pa.struct([])))


def scalar(client: Any, name: str, batches: pa.RecordBatch | Sequence[pa.RecordBatch], *consts: Any,
           schema: list[str] = MAIN) -> list[pa.RecordBatch]:
    """Calls scalar ``name`` on ``batches`` with constant arguments ``consts``; returns the output batches."""
    inputs = [batches] if isinstance(batches, pa.RecordBatch) else list(batches)
    return list(client.scalar_function(function_name=name, schema_path=schema, input=iter(inputs),
                                       arguments=args(*consts)))


def scalar_values(client: Any, name: str, batches: pa.RecordBatch | Sequence[pa.RecordBatch], *consts: Any,
                  schema: list[str] = MAIN) -> list[Any]:
    """The output values of a scalar call, all batches concatenated."""
    out: list[Any] = []
    for b in scalar(client, name, batches, *consts, schema=schema):
        assert b.num_columns == 1, b.schema
        out.extend(b.column(0).to_pylist())
    return out


def table(client: Any, name: str, *positional: Any, projection: list[int] | None = None,
          filters: bytes | None = None, schema: list[str] = MAIN, **named: Any) -> list[pa.RecordBatch]:
    """Scans table function ``name``; returns the output batches."""
    return list(client.table_function(function_name=name, schema_path=schema, arguments=args(*positional, **named),
                                      projection_ids=projection, pushdown_filters=filters))


@contextlib.contextmanager
def scan_session(client: Any, name: str, *positional: Any, projection: list[int] | None = None,
                 filters: bytes | None = None, schema: list[str] = MAIN, **named: Any) -> Iterator[tuple[Any, Any]]:
    """Binds and inits table function ``name`` on the client's primary connection by hand, as ``table`` does,
    and yields ``(GlobalInitResponse, stream)`` so a test can read the header and tick with its own metadata;
    the stream is closed (and the connection left in sync) on exit."""
    bind_request = client._make_bind_request(function_name=name, schema_path=schema, arguments=args(*positional, **named),
                                             function_type=FunctionType.TABLE)
    bind_response = client._do_bind(client._primary.proxy, bind_request)
    stream = client._do_init(client._primary.proxy, bind_request, bind_response, projection_ids=projection,
                             pushdown_filters_batch=client._deserialize_pushdown_filters(filters))
    try:
        yield stream.typed_header(GlobalInitResponse), stream
    finally:
        stream.close()


def in_out(client: Any, name: str, batches: Sequence[pa.RecordBatch], *positional: Any,
           projection: list[int] | None = None, schema: list[str] = MAIN) -> list[pa.RecordBatch]:
    """Runs table-in-out ``name`` over ``batches`` (INPUT, then FINALIZE); returns the output batches."""
    return list(client.table_in_out_function(function_name=name, schema_path=schema, input=iter(batches),
                                             arguments=args(*positional), projection_ids=projection))


def rows(batches: Iterable[pa.RecordBatch]) -> list[dict[str, Any]]:
    """Every row of ``batches`` as a dict."""
    out: list[dict[str, Any]] = []
    for b in batches:
        out.extend(b.to_pylist())
    return out


def column(batches: Iterable[pa.RecordBatch], name: str) -> list[Any]:
    return [r[name] for r in rows(batches)]


# ---------------------------------------------------------------------------
# Filters (encoding vgi.filters.v2)
# ---------------------------------------------------------------------------


def col(index: int, name: str) -> dict[str, Any]:
    return {"node": "column_ref", "column_index": index, "column_name": name}


def predicates(*expressions: dict[str, Any], values: Sequence[tuple[Any, pa.DataType]] = ()) -> bytes:
    """Required predicates (ANDed) as a filter batch; ``values[i]`` is payload ``value_i``."""
    doc = {
        "encoding": "vgi.filters.v2",
        "semantics": "vgi.duckdb.standard.v1",
        "kind": "snapshot",
        "predicates": [{"id": f"p{i}", "revision": 0, "mode": "required", "source": "query", "expression": e}
                       for i, e in enumerate(expressions)],
    }
    payloads = [value_payload(i, v, t) for i, (v, t) in enumerate(values)]
    return serialize_filter_batch(build_filter_batch(doc, payloads))


def delta(*updates: dict[str, Any], values: Sequence[tuple[Any, pa.DataType]] = ()) -> bytes:
    """A tick-time delta document (advisory updates) as a filter batch; ``values[i]`` is payload ``value_i``."""
    doc = {"encoding": "vgi.filters.v2", "semantics": "vgi.duckdb.standard.v1", "kind": "delta", "updates": list(updates)}
    payloads = [value_payload(i, v, t) for i, (v, t) in enumerate(values)]
    return serialize_filter_batch(build_filter_batch(doc, payloads))


def upsert(predicate_id: str, revision: int, expression: dict[str, Any]) -> dict[str, Any]:
    """An advisory Top-N bound, as DuckDB sends it on tick batches."""
    return {"operation": "upsert", "id": predicate_id, "revision": revision, "mode": "advisory", "source": "top_n",
            "expression": expression}


def tick_filters(filter_batch: bytes) -> pa.KeyValueMetadata:
    """Tick-batch metadata carrying a delta (key ``vgi_pushdown_filters``, base64)."""
    return pa.KeyValueMetadata({b"vgi_pushdown_filters": base64.b64encode(filter_batch)})


def comparison(op: str, column_index: int, column_name: str, value: Any, value_type: pa.DataType) -> bytes:
    """One required predicate ``<column> <op> <value>`` as a filter batch."""
    return predicates({"node": "comparison", "op": op, "left": col(column_index, column_name),
                       "right": {"node": "literal", "value_ref": 0}}, values=[(value, value_type)])


def in_list(column_index: int, column_name: str, values: list[Any], value_type: pa.DataType) -> bytes:
    """One required predicate ``<column> IN (<values>)`` as a filter batch."""
    return predicates({"node": "in", "expression": col(column_index, column_name), "negated": False,
                       "set": {"kind": "literal", "value_ref": 0}}, values=[(values, pa.list_(value_type))])


# ---------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------


def rpc_error(exc: BaseException) -> RpcError | None:
    """The ``RpcError`` (the worker's typed error) behind a client exception, if any."""
    seen: set[int] = set()
    e: BaseException | None = exc
    while e is not None and id(e) not in seen:
        if isinstance(e, RpcError):
            return e
        seen.add(id(e))
        e = e.__cause__ or e.__context__
    return None


# ---------------------------------------------------------------------------
# Listings: FunctionInfo -> the signature notation of FixtureInventory (protocol reference §8)
# ---------------------------------------------------------------------------


def type_name(t: pa.DataType) -> str:
    if pa.types.is_null(t):
        return "ANY"
    if pa.types.is_string(t):
        return "utf8"
    if pa.types.is_large_string(t):
        return "large_utf8"
    if pa.types.is_float64(t):
        return "double"
    if pa.types.is_float32(t):
        return "float"
    if pa.types.is_boolean(t):
        return "bool"
    if pa.types.is_fixed_size_list(t):
        return f"fixed_size_list<{type_name(t.value_type)}>[{t.list_size}]"
    if pa.types.is_list(t):
        return f"list<{type_name(t.value_type)}>"
    if pa.types.is_struct(t):
        return "struct<" + ", ".join(f"{t.field(i).name}: {type_name(t.field(i).type)}" for i in range(t.num_fields)) + ">"
    if pa.types.is_union(t):
        return f"{t.mode}_union<" + ", ".join(f"{t.field(i).name}: {type_name(t.field(i).type)}"
                                               for i in range(t.num_fields)) + ">"
    if pa.types.is_duration(t):
        return f"duration[{t.unit}]"
    if pa.types.is_timestamp(t):
        return f"timestamp[{t.unit}" + (f", {t.tz}" if t.tz else "") + "]"
    return str(t)


def literal(v: Any) -> str:
    if v is None:
        return "NULL"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return f"'{v}'"
    if isinstance(v, bytes):
        return "b'" + v.decode("latin-1") + "'"
    if isinstance(v, datetime.timedelta):
        s = v.total_seconds()
        return (str(int(s)) if s == int(s) else str(s)) + " s"
    if isinstance(v, datetime.datetime):
        return v.strftime("%Y-%m-%d %H:%M:%S")
    return repr(v) if isinstance(v, float) else str(v)


def as_schema(value: Any) -> pa.Schema:
    if isinstance(value, pa.Schema):
        return value
    return pa.ipc.read_schema(pa.py_buffer(value))


def defaults_of(info: Any) -> dict[str, Any]:
    d = info.parameter_default_values
    if d is None:
        return {}
    if not isinstance(d, pa.RecordBatch):
        d = pa.ipc.open_stream(pa.py_buffer(d)).read_next_batch()
    return {name: d.column(i)[0].as_py() for i, name in enumerate(d.schema.names)}


def signature(info: Any) -> str:
    """``FunctionInfo`` rendered as ``name(positional…; named := type = default, …)``."""
    schema = as_schema(info.arguments)
    defaults = defaults_of(info)
    positional: list[str] = []
    named: list[tuple[str, str]] = []
    for f in schema:
        md = {k.decode(): v.decode() for k, v in (f.metadata or {}).items()}
        kind = md.get("vgi_type")
        tname = "ANY" if kind == "any" else type_name(f.type)
        if md.get("vgi_arg") == "named":
            default = defaults[f.name] if f.name in defaults else json.loads(md["vgi_default"]) if "vgi_default" in md else None
            named.append((f.name, f"{f.name} := {tname} = {literal(default)}"))
        elif kind == "table":
            positional.append(f"{f.name} TABLE")
        elif md.get("vgi_varargs") == "true":
            positional.append(f"{f.name} {tname}...")
        else:
            text = ("const " if md.get("vgi_const") == "true" else "") + f"{f.name} {tname}"
            if f.name in defaults:
                text += f" = {literal(defaults[f.name])}"
            positional.append(text)
    opts = ", ".join(t for _, t in sorted(named))
    return f"{info.name}(" + ", ".join(positional) + (f"; {opts}" if opts else "") + ")"
