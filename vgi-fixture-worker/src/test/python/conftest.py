"""Fixtures that put the packaged Java fixture worker in front of the reference Python client.

Every test drives ``vgi-fixture-worker.jar`` (our SDK serving the reference fixture functions, catalog
``example``) with ``vgi.client.Client`` from the pinned ``vgi-python``, over each transport lane:

* ``stdio``: the client spawns ``java -jar <jar>`` and speaks over its stdin/stdout.
* ``http``: ``java -jar <jar> --http --port 0``, port read from ``PORT:<n>``; ``Client.from_http``.
* ``tcp``: ``java -jar <jar> --tcp 127.0.0.1:0``, address read from ``TCP:<host>:<port>``;
  ``Client.from_tcp``.

One worker (and one attached function client) per lane is shared by the whole session: starting a
JVM per test would cost minutes, and the error tests check precisely that a worker stays usable
after a failed call.

Environment:

* ``VGI_FIXTURE_JAR`` -- the worker jar (default: ``../../../target/vgi-fixture-worker.jar``).
* ``VGI_JAVA`` -- the ``java`` executable (default: ``$JAVA_HOME/bin/java`` or ``java`` on PATH).
* ``VGI_E2E_LANES`` -- comma-separated lanes (default ``stdio,http,tcp``).
* ``VGI_E2E_LOG_DIR`` -- where worker stderr goes (default: a temp dir).
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from vgi.client import Client

HERE = Path(__file__).resolve().parent
ALL_LANES = ("stdio", "http", "tcp")
CATALOG = "example"


def _lanes() -> list[str]:
    raw = os.environ.get("VGI_E2E_LANES", "")
    wanted = [lane.strip() for lane in raw.split(",") if lane.strip()] or list(ALL_LANES)
    unknown = [lane for lane in wanted if lane not in ALL_LANES]
    if unknown:
        raise pytest.UsageError(f"VGI_E2E_LANES names unknown lanes {unknown}; known: {list(ALL_LANES)}")
    return wanted


LANES = _lanes()


def jar() -> Path:
    configured = os.environ.get("VGI_FIXTURE_JAR")
    path = Path(configured) if configured else HERE.parent.parent.parent / "target" / "vgi-fixture-worker.jar"
    if not path.is_file():
        raise pytest.UsageError(f"fixture worker jar not found: {path} (build it, or set VGI_FIXTURE_JAR)")
    return path.resolve()


def java() -> str:
    configured = os.environ.get("VGI_JAVA")
    if configured:
        return configured
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").is_file():
        return str(Path(home) / "bin" / "java")
    found = shutil.which("java")
    if not found:
        raise pytest.UsageError("no java executable: set VGI_JAVA or JAVA_HOME")
    return found


def worker_command(*flags: str) -> list[str]:
    return [java(), "-jar", str(jar()), *flags]


@pytest.fixture(scope="session")
def log_dir() -> Iterator[Path]:
    configured = os.environ.get("VGI_E2E_LOG_DIR")
    if configured:
        path = Path(configured)
        path.mkdir(parents=True, exist_ok=True)
        yield path
    else:
        with tempfile.TemporaryDirectory(prefix="vgi-fixture-e2e-") as tmp:
            yield Path(tmp)


@pytest.fixture(scope="session")
def inventory() -> list[dict[str, Any]]:
    """``FixtureInventory`` as JSON: every reference fixture with its signature and whether we serve it."""
    out = subprocess.run(worker_command("--inventory-json"), capture_output=True, check=True, timeout=120)
    return json.loads(out.stdout)


class ListeningWorker:
    """A ``java -jar <jar> <flags>`` process and the discovery line it printed (``PORT:``/``TCP:``)."""

    def __init__(self, name: str, flags: list[str], prefix: str, log_dir: Path) -> None:
        self.stderr_path = log_dir / f"{name}.stderr.log"
        self._stderr = self.stderr_path.open("ab")
        self.proc = subprocess.Popen(
            worker_command(*flags), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=self._stderr
        )
        self.address = self._read_line(prefix, timeout=90.0)
        threading.Thread(target=self._drain, daemon=True).start()

    def _read_line(self, prefix: str, timeout: float) -> str:
        assert self.proc.stdout is not None
        deadline = time.monotonic() + timeout
        line = b""
        while not line.endswith(b"\n"):
            remaining = deadline - time.monotonic()
            if remaining <= 0 or self.proc.poll() is not None:
                break
            ready, _, _ = select.select([self.proc.stdout], [], [], remaining)
            if not ready:
                break
            chunk = os.read(self.proc.stdout.fileno(), 1)
            if not chunk:
                break
            line += chunk
        text = line.decode("utf-8", "replace").strip()
        if not text.startswith(prefix):
            self.stop()
            raise RuntimeError(
                f"worker printed {text!r} instead of {prefix}...; stderr:\n"
                + self.stderr_path.read_text(errors="replace")[-4000:]
            )
        return text[len(prefix) :]

    def _drain(self) -> None:
        assert self.proc.stdout is not None
        with contextlib.suppress(OSError, ValueError):
            while self.proc.stdout.read(65536):
                pass

    def alive(self) -> bool:
        return self.proc.poll() is None

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=15)
        self._stderr.close()


class Lane:
    """One transport to the worker: a way to make clients, the attach token, and a shared function client."""

    def __init__(self, name: str, log_dir: Path) -> None:
        self.name = name
        self.log_dir = log_dir
        self.listener: ListeningWorker | None = None
        if name == "http":
            self.listener = ListeningWorker("http", ["--http", "--port", "0"], "PORT:", log_dir)
        elif name == "tcp":
            self.listener = ListeningWorker("tcp", ["--tcp", "127.0.0.1:0", "--idle-timeout", "0"], "TCP:", log_dir)
        self._stack = contextlib.ExitStack()
        self.catalog_client = self._stack.enter_context(self.client())
        self.attach = self.catalog_client.catalog_attach(
            name=CATALOG, data_version_spec=None, implementation_version=None
        )
        self.aod: bytes = self.attach.attach_opaque_data
        self.fc = self._stack.enter_context(self.client(attach_opaque_data=self.aod))

    def client(self, *, worker_limit: int = 1, attach_opaque_data: bytes | None = None) -> Client:
        """A new (unstarted) client on this lane; use it as a context manager."""
        if self.name == "stdio":
            return Client(
                worker_command(), pool=None, worker_limit=worker_limit, attach_opaque_data=attach_opaque_data
            )
        assert self.listener is not None
        if self.name == "http":
            return Client.from_http(
                f"http://127.0.0.1:{self.listener.address}",
                worker_limit=worker_limit,
                attach_opaque_data=attach_opaque_data,
            )
        host, _, port = self.listener.address.rpartition(":")
        return Client.from_tcp(host, int(port), worker_limit=worker_limit, attach_opaque_data=attach_opaque_data)

    def function_client(self, *, worker_limit: int = 1) -> Client:
        """A new (unstarted) attached client, for tests that need their own connections."""
        return self.client(worker_limit=worker_limit, attach_opaque_data=self.aod)

    def worker_alive(self) -> bool:
        return self.listener is None or self.listener.alive()

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._stack.close()
        if self.listener is not None:
            self.listener.stop()


@pytest.fixture(scope="session")
def _lanes_started(log_dir: Path) -> Iterator[dict[str, Lane]]:
    started: dict[str, Lane] = {}
    try:
        yield started
    finally:
        for lane in started.values():
            lane.close()


@pytest.fixture(scope="session", params=LANES)
def lane(request: pytest.FixtureRequest, _lanes_started: dict[str, Lane], log_dir: Path) -> Lane:
    """The worker on one transport lane, attached to catalog ``example``."""
    name: str = request.param
    if name not in _lanes_started:
        _lanes_started[name] = Lane(name, log_dir)
    return _lanes_started[name]


def pytest_report_header(config: pytest.Config) -> list[str]:
    return [f"vgi fixture worker e2e lanes: {','.join(LANES)}"]
