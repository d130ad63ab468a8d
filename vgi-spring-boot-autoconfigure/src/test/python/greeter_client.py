"""The reference Python vgi-rpc client as the peer of the launch integration tests.

    greeter_client.py stdio CMD...   spawn CMD as a stdio worker (as DuckDB does), call
                                     Greeter.greet twice, close stdin and print the exit status
    greeter_client.py unix PATH      connect to a worker's Unix socket and call Greeter.greet

Prints one line per result and, for stdio, ``exit <status>`` once the worker has exited.
"""

from __future__ import annotations

import sys
from typing import Protocol

from vgi_rpc.rpc import RpcConnection, StderrMode, SubprocessTransport, unix_connect


class Greeter(Protocol):
    """The protocol the test application serves."""

    def greet(self, name: str) -> str:
        """Greet someone."""
        ...


def main() -> int:
    mode, rest = sys.argv[1], sys.argv[2:]
    if mode == "stdio":
        # the worker's stderr goes to ours, which the test collects
        transport = SubprocessTransport(rest, stderr=StderrMode.INHERIT)
        try:
            with RpcConnection(Greeter, transport) as greeter:
                print(greeter.greet(name="duck"), flush=True)
                print(greeter.greet(name="goose"), flush=True)
        finally:
            transport.close()  # closes stdin, waits up to 10 s for the worker to exit
        print(f"exit {transport.proc.returncode}", flush=True)
    elif mode == "unix":
        with unix_connect(Greeter, rest[0]) as greeter:
            print(greeter.greet(name="unix"), flush=True)
    else:
        print(f"unknown mode {mode}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
