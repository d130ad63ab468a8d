"""Fixtures that point the vgi-rpc pytest conformance suite at our conformance worker jar.

The suite (``vgi_rpc.conformance._pytest_suite``, shipped in the pinned ``vgi-rpc`` wheel) is
driven entirely by fixtures a port supplies. Every fixture here starts the packaged Java worker
(``VGI_CONFORMANCE_JAR``) -- never an in-process Python server -- and hands the reference Python
client a way to reach it:

* ``pipe``: one ``java -jar <jar>`` child per session, spoken to over its stdin/stdout. Starting a
  JVM per test would cost minutes, so the child is shared and replaced whenever a test leaves it
  in doubt (an exception escaped a connection, or it exited).
* ``http``: ``java -jar <jar> --http --port 0`` per configuration, port read from ``PORT:<n>``.

Environment:

* ``VGI_CONFORMANCE_JAR`` -- the worker jar (default: this module's ``../../../target`` jar).
* ``VGI_JAVA`` -- the ``java`` executable (default: ``$JAVA_HOME/bin/java`` or ``java``).
* ``VGI_PYTEST_LANES`` -- comma-separated transport lanes for ``conformance_conn`` (default
  ``pipe,http``).
* ``VGI_PYTEST_LOG_DIR`` -- where worker stderr and access logs go (default: a temp dir).
"""

from __future__ import annotations

import contextlib
import logging
import os
import select
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, ClassVar, Protocol

import pytest

from vgi_rpc.conformance import ConformanceService
from vgi_rpc.log import Message
from vgi_rpc.rpc import StderrMode, SubprocessTransport, _RpcProxy

HERE = Path(__file__).resolve().parent

#: Every lane this runner can drive ``conformance_conn`` over.
ALL_LANES = ("pipe", "http")


def _lanes() -> list[str]:
    raw = os.environ.get("VGI_PYTEST_LANES", "")
    wanted = [lane.strip() for lane in raw.split(",") if lane.strip()] or list(ALL_LANES)
    unknown = [lane for lane in wanted if lane not in ALL_LANES]
    if unknown:
        raise pytest.UsageError(f"VGI_PYTEST_LANES names unknown lanes {unknown}; known: {list(ALL_LANES)}")
    return wanted


LANES = _lanes()


def _jar() -> Path:
    configured = os.environ.get("VGI_CONFORMANCE_JAR")
    jar = Path(configured) if configured else HERE.parent.parent.parent / "target" / "vgi-conformance-worker.jar"
    if not jar.is_file():
        raise pytest.UsageError(f"conformance worker jar not found: {jar} (build it, or set VGI_CONFORMANCE_JAR)")
    return jar.resolve()


def _java() -> str:
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


#: Groups of the suite this runner does not run, by class name, with the reason. Each needs a
#: feature our worker does not have; everything else the suite gates on optional fixtures skips
#: itself with the suite's own message when we supply no fixture (see README.md beside this file).
EXCLUDED_GROUPS: dict[str, str] = {
    **dict.fromkeys(
        (
            "TestExternalLocation",
            "TestExternalRef",
            "TestExternalStorageUrlPair",
            "TestExternalInputRoutes",
            "TestExternalFetchFailures",
            "TestExternalFetchSecurity",
            "TestExternalizedResponseCap",
            "TestExternalByteStream",
        ),
        "external locations: needs the fake-storage service and a worker that externalizes batches to "
        "it; our runtime implements no external storage (it advertises VGI-Externalization-Enabled: false)",
    ),
    "TestErrorModelOnTheWire": "needs conformance.Secondary.v1 hosted beside ConformanceService and "
    "structured error details (vgi_rpc.error_details); our worker hosts neither yet",
}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark the excluded groups skipped, with their reason, before any fixture is looked up."""
    for item in items:
        cls = getattr(item, "cls", None)
        reason = EXCLUDED_GROUPS.get(cls.__name__) if cls is not None else None
        if reason is not None:
            item.add_marker(pytest.mark.skip(reason=f"excluded: {reason}"))


def worker_command(*flags: str, jvm: tuple[str, ...] = ()) -> list[str]:
    """The command line that starts our worker jar with ``flags`` (and JVM options ``jvm``)."""
    return [_java(), *jvm, "-jar", str(_jar()), *flags]


@pytest.fixture(scope="session")
def worker_log_dir() -> Iterator[Path]:
    """Directory for worker stderr and access logs (kept when ``VGI_PYTEST_LOG_DIR`` is set)."""
    configured = os.environ.get("VGI_PYTEST_LOG_DIR")
    if configured:
        path = Path(configured)
        path.mkdir(parents=True, exist_ok=True)
        yield path
        return
    with tempfile.TemporaryDirectory(prefix="vgi-pytest-") as tmp:
        yield Path(tmp)


# ---------------------------------------------------------------------------
# HTTP workers
# ---------------------------------------------------------------------------


class HttpWorker:
    """One ``java -jar <jar> --http --port 0 ...`` process and the port it announced."""

    def __init__(
        self, name: str, flags: list[str], log_dir: Path, env: dict[str, str] | None = None, jvm: tuple[str, ...] = ()
    ) -> None:
        self.name = name
        self.stderr_path = log_dir / f"{name}.stderr.log"
        self._stderr = self.stderr_path.open("ab")
        self.proc = subprocess.Popen(
            worker_command("--http", "--port", "0", *flags, jvm=jvm),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            env={**os.environ, **(env or {})},
        )
        self.port = self._read_port(timeout=60.0)
        # stdout carries nothing after the discovery line; drain it so the worker can never block.
        threading.Thread(target=self._drain, daemon=True).start()

    def _read_port(self, timeout: float) -> int:
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
        if not text.startswith("PORT:"):
            self.stop()
            raise RuntimeError(
                f"HTTP worker {self.name!r} printed {text!r} instead of PORT:<n>; stderr:\n"
                + self.stderr_path.read_text(errors="replace")[-4000:]
            )
        return int(text[len("PORT:") :])

    def _drain(self) -> None:
        assert self.proc.stdout is not None
        with contextlib.suppress(OSError, ValueError):
            while self.proc.stdout.read(65536):
                pass

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=15)
        self._stderr.close()


@contextlib.contextmanager
def http_worker(
    name: str, log_dir: Path, *flags: str, env: dict[str, str] | None = None, jvm: tuple[str, ...] = ()
) -> Iterator[HttpWorker]:
    """Run one HTTP worker for the duration of the context."""
    worker = HttpWorker(name, list(flags), log_dir, env, jvm)
    try:
        yield worker
    finally:
        worker.stop()


#: Response cap of the strict-cap worker: small enough that the suite's 2x-4x overshoots stay quick.
STRICT_RESPONSE_CAP = 64 * 1024
#: Request cap of the small-request-cap worker (the suite wants 512 B .. 64 KiB).
SMALL_REQUEST_CAP = 4096
#: JVM options of the soak worker. The Java heap grows lazily towards a quarter of the machine's
#: memory and is only collected when full, so its resident size says nothing about retention. A
#: fixed, pre-touched heap is resident from the start; what the soak then measures is what can
#: leak: Arrow's and Netty's off-heap buffers, threads and descriptors.
SOAK_JVM = ("-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch")


def _http_specs(log_dir: Path) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """Every HTTP worker a fixture hands out: name -> (worker flags, JVM options)."""
    return {
        # plain: what conformance_conn[http] and every raw-wire group talk to
        "main": ((), ()),
        "strict-cap": (("--max-response-bytes", str(STRICT_RESPONSE_CAP)), ()),
        "small-request-cap": (("--max-request-bytes", str(SMALL_REQUEST_CAP)), ()),
        "no-compression": (("--no-compression",), ()),
        "cold-call-cache": (("--no-call-state-cache",), ()),
        "access-log": (("--access-log", str(log_dir / "http-access-log.jsonl")), ()),
        "auth": (("--conformance-auth",), ()),
        # touched by no other test, so its resources are the soak's alone
        "soak": ((), SOAK_JVM),
    }


@pytest.fixture(scope="session", autouse=True)
def http_workers(worker_log_dir: Path) -> Iterator[dict[str, HttpWorker]]:
    """Start every fixture HTTP worker at once, before the first test.

    Several groups look their worker up from inside the test body, where a Spring Boot start-up
    would count against the suite's 5 s budget; starting them all here, in parallel, keeps
    start-up out of every test and costs one start-up's wall time.
    """
    from concurrent.futures import ThreadPoolExecutor

    specs = _http_specs(worker_log_dir)
    (worker_log_dir / "http-access-log.jsonl").unlink(missing_ok=True)
    with ThreadPoolExecutor(max_workers=len(specs)) as pool:
        futures = {
            name: pool.submit(HttpWorker, f"http-{name}", list(flags), worker_log_dir, None, jvm)
            for name, (flags, jvm) in specs.items()
        }
    workers: dict[str, HttpWorker] = {}
    failures: list[str] = []
    for name, future in futures.items():
        try:
            workers[name] = future.result()
        except Exception as exc:  # noqa: BLE001 -- reported together below
            failures.append(f"{name}: {exc}")
    try:
        if failures:
            raise RuntimeError("HTTP workers failed to start:\n" + "\n".join(failures))
        yield workers
    finally:
        for worker in workers.values():
            worker.stop()


@pytest.fixture(scope="session")
def http_main(http_workers: dict[str, HttpWorker]) -> HttpWorker:
    """The plain HTTP worker: default flags."""
    return http_workers["main"]


@pytest.fixture(scope="session")
def conformance_http_port(http_main: HttpWorker) -> int:
    """Port of a plain (no auth, default caps, compression on) HTTP worker."""
    return http_main.port


@pytest.fixture(scope="session")
def conformance_http_strict_cap_port(http_workers: dict[str, HttpWorker]) -> int:
    """A worker advertising and enforcing ``VGI-Max-Response-Bytes`` (``--max-response-bytes``)."""
    return http_workers["strict-cap"].port


@pytest.fixture(scope="session")
def conformance_http_small_request_cap_port(http_workers: dict[str, HttpWorker]) -> int:
    """A worker with a deliberately small ``VGI-Max-Request-Bytes`` (``--max-request-bytes``)."""
    return http_workers["small-request-cap"].port


@pytest.fixture(scope="session")
def conformance_http_no_compression_port(http_workers: dict[str, HttpWorker]) -> int:
    """A worker that compresses no response and advertises an empty codec set (``--no-compression``)."""
    return http_workers["no-compression"].port


@pytest.fixture(scope="session")
def conformance_http_cold_call_cache_port(http_workers: dict[str, HttpWorker]) -> int:
    """A worker whose call-state cache is off, so every stream continuation re-opens the call token."""
    return http_workers["cold-call-cache"].port


@pytest.fixture(scope="session")
def conformance_http_access_log(http_workers: dict[str, HttpWorker], worker_log_dir: Path) -> tuple[int, Path]:
    """``(port, path)`` of a worker writing its JSONL access log to ``path`` (``--access-log``)."""
    return http_workers["access-log"].port, worker_log_dir / "http-access-log.jsonl"


@pytest.fixture(scope="session")
def conformance_http_auth_port(http_workers: dict[str, HttpWorker]) -> int:
    """A worker refusing every RPC with 401 (``--conformance-auth``), ``/health`` exempt."""
    return http_workers["auth"].port


@pytest.fixture(scope="session")
def conformance_http_auth_reason_port(http_workers: dict[str, HttpWorker]) -> int:
    """The same worker: it refuses with the reason ``X-Conformance-Auth-Reason`` names, else ``unauthorized``."""
    return http_workers["auth"].port


# ---------------------------------------------------------------------------
# The pipe worker
# ---------------------------------------------------------------------------


class PipeWorker:
    """A shared stdin/stdout worker, replaced when a test leaves its stream in doubt."""

    def __init__(self, log_dir: Path) -> None:
        self._transport: SubprocessTransport | None = None
        self.spawned = 0
        # The child's stderr is drained into a file through a dedicated logger.
        self._logger = logging.getLogger("vgi_conformance.pipe_worker")
        self._logger.propagate = False
        self._logger.setLevel(logging.INFO)
        self._handler = logging.FileHandler(log_dir / "pipe.stderr.log")
        self._logger.addHandler(self._handler)

    def transport(self) -> SubprocessTransport:
        """The live child, spawning a fresh one if there is none."""
        t = self._transport
        if t is None or t.proc.poll() is not None:
            self.discard()
            t = SubprocessTransport(worker_command(), stderr=StderrMode.PIPE, stderr_logger=self._logger)
            self._transport = t
            self.spawned += 1
        return t

    def discard(self) -> None:
        """Drop the current child: EOF on its stdin, then a kill if it lingers."""
        t, self._transport = self._transport, None
        if t is None:
            return
        closer = threading.Thread(target=t.close, daemon=True)
        closer.start()
        closer.join(timeout=10)
        if t.proc.poll() is None:
            t.proc.kill()
            t.proc.wait(timeout=10)

    def shutdown(self) -> None:
        self.discard()
        self._logger.removeHandler(self._handler)
        self._handler.close()


@pytest.fixture(scope="session")
def pipe_worker(worker_log_dir: Path) -> Iterator[PipeWorker]:
    """The session's stdin/stdout worker."""
    worker = PipeWorker(worker_log_dir)
    try:
        yield worker
    finally:
        worker.shutdown()


@contextlib.contextmanager
def _pipe_proxy(worker: PipeWorker, protocol: type, on_log: Callable[[Message], None] | None) -> Iterator[Any]:
    proxy = _RpcProxy(protocol, worker.transport(), on_log)
    try:
        yield proxy
    except BaseException:
        # The stream may be mid-response: never let the next test read it.
        worker.discard()
        raise


@contextlib.contextmanager
def _http_proxy(url: str, protocol: type, on_log: Callable[[Message], None] | None) -> Iterator[Any]:
    from vgi_rpc.http import http_connect

    with http_connect(protocol, url, on_log=on_log) as proxy:
        yield proxy


# ---------------------------------------------------------------------------
# The transport matrix
# ---------------------------------------------------------------------------

ConnFactory = Callable[..., contextlib.AbstractContextManager[Any]]


@pytest.fixture(params=LANES)
def conformance_conn(request: pytest.FixtureRequest) -> ConnFactory:
    """``conn(on_log=None)`` -> context manager yielding a ``ConformanceService`` proxy on this lane."""
    lane: str = request.param
    if lane == "pipe":
        worker: PipeWorker = request.getfixturevalue("pipe_worker")

        def pipe_factory(on_log: Callable[[Message], None] | None = None) -> Any:
            return _pipe_proxy(worker, ConformanceService, on_log)

        return pipe_factory
    url = request.getfixturevalue("http_main").url

    def http_factory(on_log: Callable[[Message], None] | None = None) -> Any:
        return _http_proxy(url, ConformanceService, on_log)

    return http_factory


@pytest.fixture
def conformance_raw_conn(pipe_worker: PipeWorker) -> ConnFactory:
    """Like ``conformance_conn[pipe]``, for tests that write raw frames on the proxy's transport."""
    if "pipe" not in LANES:
        pytest.skip("the pipe lane is not selected (VGI_PYTEST_LANES)")

    def factory(on_log: Callable[[Message], None] | None = None) -> Any:
        return _pipe_proxy(pipe_worker, ConformanceService, on_log)

    return factory


@pytest.fixture(params=LANES)
def conformance_describe(request: pytest.FixtureRequest) -> Any:
    """The worker's own reflection answer for ``ConformanceService``, per lane."""
    if request.param == "pipe":
        from vgi_rpc.introspect import introspect

        worker: PipeWorker = request.getfixturevalue("pipe_worker")
        try:
            return introspect(worker.transport())
        except BaseException:
            worker.discard()
            raise
    from vgi_rpc.http import http_introspect

    return http_introspect(request.getfixturevalue("http_main").url)


# ---------------------------------------------------------------------------
# Transport kinds and resource soak
# ---------------------------------------------------------------------------


class TransportKindProbe(Protocol):
    """The probe protocol our worker hosts with ``--transport-kind-probe``."""

    protocol_name: ClassVar[str] = "TransportKindProbe"

    def report_transport_kind(self) -> str:
        """The transport the call arrived on: ``pipe``, ``http``, ``unix`` or ``tcp``."""
        ...


def _listener(flags: list[str], prefix: str, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    """Start a socket-mode worker and return it with its discovery line's payload."""
    with log.open("ab") as err:
        proc = subprocess.Popen(worker_command(*flags), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=err)
    assert proc.stdout is not None
    line = proc.stdout.readline().decode().strip()
    if not line.startswith(prefix):
        proc.kill()
        proc.wait()
        raise RuntimeError(f"worker printed {line!r}, expected {prefix}...; see {log}")
    return proc, line[len(prefix) :]


def _stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture(scope="session")
def conformance_transport_kind_probes(worker_log_dir: Path) -> Iterator[tuple[tuple[str, Callable[[], str]], ...]]:
    """One probe per transport our worker serves, each against a worker started for it."""
    from vgi_rpc.http import http_connect
    from vgi_rpc.rpc import tcp_connect, unix_connect

    log = worker_log_dir / "transport-kind.stderr.log"

    def probe_pipe() -> str:
        transport = SubprocessTransport(worker_command("--transport-kind-probe"), stderr=StderrMode.DEVNULL)
        try:
            return str(_RpcProxy(TransportKindProbe, transport, None).report_transport_kind())
        finally:
            transport.close()

    def probe_http() -> str:
        with (
            http_worker("http-transport-kind", worker_log_dir, "--transport-kind-probe") as worker,
            http_connect(TransportKindProbe, worker.url) as proxy,
        ):
            return str(proxy.report_transport_kind())

    def probe_unix() -> str:
        with tempfile.TemporaryDirectory(prefix="vgi-kind-") as tmp:
            sock = str(Path(tmp) / "w.sock")
            proc, path = _listener(["--unix", sock, "--idle-timeout", "0", "--transport-kind-probe"], "UNIX:", log)
            try:
                with unix_connect(TransportKindProbe, path) as proxy:
                    return str(proxy.report_transport_kind())
            finally:
                _stop(proc)

    def probe_tcp() -> str:
        proc, addr = _listener(["--tcp", "127.0.0.1:0", "--idle-timeout", "0", "--transport-kind-probe"], "TCP:", log)
        try:
            host, _, port = addr.rpartition(":")
            with tcp_connect(TransportKindProbe, host, int(port)) as proxy:
                return str(proxy.report_transport_kind())
        finally:
            _stop(proc)

    yield (("pipe", probe_pipe), ("http", probe_http), ("unix", probe_unix), ("tcp", probe_tcp))


@pytest.fixture
def conformance_resource_soak_target(http_workers: dict[str, HttpWorker]) -> Any:
    """The soak target: the isolated HTTP worker's JVM, driven by fresh reference HTTP clients."""
    from vgi_rpc.conformance._resource_soak_pytest import ResourceSoakTarget
    from vgi_rpc.http import http_connect

    http_soak = http_workers["soak"]
    return ResourceSoakTarget(
        name="java-http",
        pid=http_soak.proc.pid,
        connect=lambda: http_connect(ConformanceService, http_soak.url),
        # The JIT compiles hot paths well into the first thousand calls; measure after that.
        warmup_multiplier=3,
    )


# ---------------------------------------------------------------------------
# Per-lane summary
# ---------------------------------------------------------------------------

#: Fixtures that put a test without a transport parameter on a lane.
_PIPE_FIXTURES = frozenset({"conformance_raw_conn"})
_LANE_PARAMS = ("conformance_conn", "conformance_describe")
#: Groups that probe every transport in one test.
_ALL_TRANSPORT_GROUPS = frozenset({"TestTransportKindContext"})


def _lane_of(item: pytest.Item) -> str:
    """``pipe`` or ``http`` for a test run on one lane; every group without a lane is HTTP-only."""
    callspec = getattr(item, "callspec", None)
    if callspec is not None:
        for name in _LANE_PARAMS:
            if name in callspec.params:
                return str(callspec.params[name])
    if set(getattr(item, "fixturenames", ())) & _PIPE_FIXTURES:
        return "pipe"
    cls = getattr(item, "cls", None)
    if cls is not None and cls.__name__ in _ALL_TRANSPORT_GROUPS:
        return "all-transports"
    return "http"


_lanes_by_id: dict[str, str] = {}
_outcomes: dict[str, dict[str, int]] = {}


@pytest.hookimpl(trylast=True)
def pytest_collection_finish(session: pytest.Session) -> None:
    """Remember each test's lane for the summary."""
    for item in session.items:
        _lanes_by_id[item.nodeid] = _lane_of(item)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Count outcomes per lane the way pytest's own summary does."""
    if report.when == "call":
        key = report.outcome
    elif report.outcome == "failed":
        key = "error"
    elif report.outcome == "skipped":
        key = "skipped"
    else:
        return
    counts = _outcomes.setdefault(_lanes_by_id.get(report.nodeid, "http"), {})
    counts[key] = counts.get(key, 0) + 1


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """One line per lane, read by ``PytestSuiteIT``."""
    for lane in sorted(_outcomes):
        c = _outcomes[lane]
        terminalreporter.write_line(
            f"pytest conformance lane {lane}: {c.get('passed', 0)} passed, {c.get('failed', 0)} failed, "
            f"{c.get('skipped', 0)} skipped, {c.get('error', 0)} errors"
        )
