"""The vgi-rpc reference pytest conformance suite, run against our worker (fixtures in conftest.py)."""

from vgi_rpc.conformance._pytest_suite import *  # noqa: F403
