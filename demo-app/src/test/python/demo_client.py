"""The reference VGI Python client (``vgi.client.Client``) driving the packaged demo worker.

    demo_client.py stdio JAVA JAR             spawn ``JAVA -jar JAR`` (no flag), as DuckDB's
                                              ``LOCATION 'java -jar demo-app.jar'`` does
    demo_client.py launch STATE_DIR JAVA JAR  reach the shared worker of ``launch:JAVA -jar JAR``
                                              (Unix socket, started by the first client)
    demo_client.py http URL TOKEN             the worker at URL (``--http``) with a bearer TOKEN
    demo_client.py http-denied URL [TOKEN]    the worker at URL must refuse the call (HTTP 401, the client's
                                              AuthenticationError) without a valid TOKEN

Attaches catalog ``demo`` and calls every demo function, table and view listing; raises on any
difference, prints ``ok`` at the end (``launch`` first prints ``worker pid <pid>``).
"""

from __future__ import annotations

import socket
import struct
import sys
from pathlib import Path
from typing import Any

import pyarrow as pa
from vgi.arguments import Arguments
from vgi.catalog.catalog_interface import SchemaObjectType as T
from vgi.client import Client
from vgi_rpc.launcher import _socket_paths, compute_hash

CATALOG = "demo"
MAIN = ["main"]


def args(*positional: Any) -> Arguments:
    return Arguments(positional=tuple(pa.scalar(v) for v in positional), named=None)


def no_args() -> Arguments:
    return Arguments(positional=(), named=None)


def rows(batches: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for b in batches:
        out.extend(b.to_pylist())
    return out


def check(actual: Any, expected: Any, what: str) -> None:
    if actual != expected:
        raise AssertionError(f"{what}: expected {expected!r}, got {actual!r}")


def exercise(make_client: Any) -> None:
    """Attach ``demo``, check the listings and call every function."""
    with make_client() as catalog_client:
        check(CATALOG in [c.name for c in catalog_client.catalogs()], True, "catalogs lists demo")
        attach = catalog_client.catalog_attach(name=CATALOG, data_version_spec=None, implementation_version=None)
        aod = attach.attach_opaque_data
        check(attach.default_schema, "main", "default schema")
        check(sorted(list(s.path) for s in catalog_client.schemas(attach_opaque_data=aod)), [["geo"], ["main"]], "schemas")

        def names(kind: T, path: list[str] = MAIN) -> list[str]:
            return sorted(i.name for i in catalog_client.schema_contents(attach_opaque_data=aod, path=path, type=kind))

        check(names(T.SCALAR_FUNCTION), ["celsius_to_fahrenheit", "greet"], "scalar functions")
        check(names(T.TABLE_FUNCTION), ["numbers", "words"], "table functions")
        check(names(T.VIEW), ["first_squares"], "views")
        check(names(T.TABLE, ["geo"]), ["cities"], "tables in geo")

    with make_client(attach_opaque_data=aod) as fc:
        # greet(name): ScalarFunctions, one row at a time; NULL in, NULL out
        out = list(fc.scalar_function(function_name="greet", schema_path=MAIN,
                                      input=iter([pa.record_batch({"name": pa.array(["duck", None, "goose"])})]),
                                      arguments=no_args()))
        check([v for b in out for v in b.column(0).to_pylist()], ["Hello, duck!", None, "Hello, goose!"], "greet")

        # celsius_to_fahrenheit(celsius): vectorized
        out = list(fc.scalar_function(function_name="celsius_to_fahrenheit", schema_path=MAIN,
                                      input=iter([pa.record_batch({"celsius": pa.array([0.0, 100.0, None, -40.0])})]),
                                      arguments=no_args()))
        check([v for b in out for v in b.column(0).to_pylist()], [32.0, 212.0, None, -40.0], "celsius_to_fahrenheit")

        # numbers(count): all columns, then projection pushdown of `square` only
        got = rows(fc.table_function(function_name="numbers", schema_path=MAIN, arguments=args(4)))
        check(got, [{"n": 1, "square": 1, "parity": "odd"}, {"n": 2, "square": 4, "parity": "even"},
                    {"n": 3, "square": 9, "parity": "odd"}, {"n": 4, "square": 16, "parity": "even"}], "numbers(4)")
        batches = list(fc.table_function(function_name="numbers", schema_path=MAIN, arguments=args(10_000),
                                         projection_ids=[1]))
        check({tuple(b.schema.names) for b in batches}, {("square",)}, "numbers projected schema")
        check(sum(b.num_rows for b in batches), 10_000, "numbers(10000) rows")
        check(batches[-1].column(0)[-1].as_py(), 100_000_000, "last square")

        # geo.cities: the table's scan function, projected
        got = rows(fc.table_function(function_name="cities_scan", schema_path=["geo"], arguments=no_args(),
                                     projection_ids=[0, 2]))
        check(len(got), 6, "cities rows")
        check(got[0], {"name": "Amsterdam", "population": 931_298}, "first city")

        # words(data TABLE): table-in-out, any number of rows per input batch, projection pushdown
        inputs = [pa.record_batch({"text": pa.array(["hello big world", None]), "id": pa.array([1, 2])}),
                  pa.record_batch({"text": pa.array(["  ducks  swim "]), "id": pa.array([3])})]
        got = rows(fc.table_in_out_function(function_name="words", schema_path=MAIN, input=iter(inputs), arguments=no_args()))
        check(got, [{"word": "hello", "length": 5}, {"word": "big", "length": 3}, {"word": "world", "length": 5},
                    {"word": "ducks", "length": 5}, {"word": "swim", "length": 4}], "words")
        got = rows(fc.table_in_out_function(function_name="words", schema_path=MAIN, input=iter(inputs), arguments=no_args(),
                                            projection_ids=[1]))
        check(got, [{"length": 5}, {"length": 3}, {"length": 5}, {"length": 5}, {"length": 4}], "words projected")


def worker_pid(state_dir: str, argv: list[str]) -> int:
    """The pid of the process listening on the launcher's socket for ``argv`` (SO_PEERCRED)."""
    _, sock_path, _ = _socket_paths(Path(state_dir), compute_hash(argv))
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.connect(str(sock_path))
        pid, _, _ = struct.unpack("3i", s.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i")))
    return pid


def main() -> int:
    mode, rest = sys.argv[1], sys.argv[2:]
    if mode == "stdio":
        java, jar = rest
        exercise(lambda **kw: Client([java, "-jar", jar], pool=None, worker_limit=1, **kw))
    elif mode == "launch":
        state_dir, java, jar = rest
        argv = [java, "-jar", jar]
        exercise(lambda **kw: Client.from_launch(argv, state_dir=state_dir, idle_timeout=5, worker_limit=1, **kw))
        print(f"worker pid {worker_pid(state_dir, argv)}", flush=True)
    elif mode == "http":
        url, token = rest
        exercise(lambda **kw: Client.from_http(url, bearer_token=token, worker_limit=1, **kw))
    elif mode == "http-denied":
        url = rest[0]
        token = rest[1] if len(rest) > 1 else None
        try:
            with Client.from_http(url, bearer_token=token) as c:
                c.catalogs()
        except Exception as e:  # noqa: BLE001 - the client wraps the 401 in its own error types
            text = repr(e) + "".join(repr(x) for x in (e.__cause__, e.__context__) if x is not None)
            if "AuthenticationError" not in text:
                raise AssertionError(f"refused, but not as unauthenticated (HTTP 401): {text}") from e
            print(f"denied: {type(e).__name__}", flush=True)
        else:
            raise AssertionError("the worker answered without a valid bearer token")
    else:
        print(f"unknown mode {mode}", file=sys.stderr)
        return 2
    print("ok", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
