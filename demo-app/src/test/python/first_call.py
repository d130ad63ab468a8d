"""Start-up benchmark: how long a cold ``java -jar demo-app.jar`` (spawned over stdio, as DuckDB's
``LOCATION 'java -jar demo-app.jar'`` does) takes to answer its first call.

    first_call.py [--runs N] -- COMMAND...

Each run is a fresh Python process (the client keeps spawned workers in a pool for reuse) whose
reference client (``vgi.client.Client``) spawns COMMAND, one JVM, and times from just before the
spawn to the answer of ``catalog_catalogs``; the Python imports are done before the
clock starts. Prints every run and the median, in milliseconds.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

from vgi.client import Client


def once(command: list[str]) -> float:
    # not started: catalog calls go to one worker of the client's catalog pool, spawned on demand,
    # as DuckDB's first call at ATTACH does (a started client would spawn a second JVM alongside)
    client = Client(command, pool=None, worker_limit=1)
    start = time.perf_counter()
    names = [c.name for c in client.catalogs()]
    elapsed = (time.perf_counter() - start) * 1000
    if not names:
        raise AssertionError("no catalog served")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--once", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    ns = parser.parse_args()
    command = [c for c in ns.command if c != "--"]
    if ns.once:
        print(f"{once(command):.3f}", flush=True)
        return
    times = []
    for i in range(ns.runs):
        out = subprocess.run([sys.executable, __file__, "--once", "--", *command], check=True, capture_output=True, text=True)
        t = float(out.stdout.strip().splitlines()[-1])
        times.append(t)
        print(f"run {i + 1}: {t:.0f} ms", flush=True)
    print(f"median of {len(times)}: {statistics.median(times):.0f} ms", flush=True)


if __name__ == "__main__":
    main()
