"""Start the reference fixture worker (vgi-python's vgi._test_fixtures.worker) offline, over stdio.

The fixture module builds a statistics demo table with DuckDB's `spatial` extension when it is
imported, which needs a download (INSTALL spatial). On a machine without that download this shim
turns the INSTALL/LOAD statements into no-ops and builds the one affected demo table
(data.geo_points) from plain doubles instead; the connection wrapper is removed again before the
worker starts, so nothing the benchmark calls is changed. See docs/vgi-protocol-2.2.md Appendix A.

Needs vgi-python 0.47.0 with numpy and duckdb in the same venv (vgi-bench/src/main/python/requirements.txt).
"""
import vgi._duckdb as engine

_real_connect = engine.connect


class _OfflineConnection:
    def __init__(self, connection):
        self._connection = connection

    def __getattr__(self, name):
        return getattr(self._connection, name)

    def execute(self, sql, *args, **kwargs):
        statement = sql.strip()
        if statement in ("INSTALL spatial", "LOAD spatial"):
            return None
        statement = statement.replace("ST_Point(x::DOUBLE, y::DOUBLE)::GEOMETRY", "x::DOUBLE + y::DOUBLE")
        return self._connection.execute(statement, *args, **kwargs)


engine.connect = lambda *args, **kwargs: _OfflineConnection(_real_connect(*args, **kwargs))
import vgi._test_fixtures.worker as fixture_worker  # noqa: E402  (builds its demo tables at import)

engine.connect = _real_connect
fixture_worker.main()
