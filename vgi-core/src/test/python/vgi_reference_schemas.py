"""Dump the record and method schemas of the installed vgi-python as canonical type tokens.

VgiRecordsTest compares dev.vgi.core.protocol against this file's output, so the Java schemas are
checked against the reference package rather than against a hand copy. Regenerate after bumping
the pinned vgi-python:

    /tmp/venv/bin/python vgi-core/src/test/python/vgi_reference_schemas.py \
        > vgi-core/src/test/resources/dev/vgi/core/protocol/vgi-reference-schemas.tsv

One tab-separated line per fact; type tokens are vgi_rpc's canonical spellings (the same ones
dev.vgi.core.rpc.ArrowTypeTokens produces), which contain no tabs.
"""

import importlib
import importlib.metadata as md
import inspect
import pkgutil

import pyarrow as pa
import vgi
from vgi_rpc.rpc import rpc_methods
from vgi_rpc.rpc._protocol_hash import compute_protocol_hash
from vgi_rpc.rpc._type_tokens import schema_tokens

from vgi.catalog.contract import catalog_contract_hash
from vgi.protocol import VgiProtocol


def records():
    """Every class of the vgi package (test fixtures and the reporting app aside) with a pa.Schema ARROW_SCHEMA."""
    found = {}
    for info in pkgutil.walk_packages(vgi.__path__, "vgi."):
        if "_test_fixtures" in info.name or ".reporting" in info.name:
            continue
        try:
            module = importlib.import_module(info.name)
        except Exception:  # optional extras (e.g. pymssql) are not installed
            continue
        for name, cls in vars(module).items():
            if not inspect.isclass(cls) or cls.__module__ != info.name or name.startswith("_"):
                continue
            try:
                schema = cls.ARROW_SCHEMA
            except Exception:
                continue
            if isinstance(schema, pa.Schema):
                found[name] = schema
    return found


def main():
    print(f"# vgi {md.version('vgi-python')}, vgi-rpc {md.version('vgi-rpc')}, pyarrow {pa.__version__}")
    print(f"protocol\tname\t{VgiProtocol.protocol_name}")
    print(f"protocol\tversion\t{VgiProtocol.protocol_version}")
    methods = rpc_methods(VgiProtocol)
    print(f"protocol\thash\t{compute_protocol_hash(VgiProtocol.protocol_name, methods)}")
    print(f"protocol\tcatalog_contract_hash\t{catalog_contract_hash()}")
    for name, schema in sorted(records().items()):
        print(f"record\t{name}\t{len(schema)}")
        for token in schema_tokens(schema):
            print(f"field\t{token['name']}\t{str(token['nullable']).lower()}\t{token['type']}")
    for name, info in sorted(methods.items()):
        kind = "stream" if info.method_type.name == "STREAM" else "unary"
        print(f"method\t{name}\t{kind}\t{str(bool(info.has_return)).lower()}")
        sections = [("params", info.params_schema)]
        if info.has_return:
            sections.append(("result", info.result_schema))
        if info.header_type is not None:
            sections.append(("header", info.header_type.ARROW_SCHEMA))
        for section, schema in sections:
            print(f"schema\t{section}\t{len(schema)}")
            for token in schema_tokens(schema):
                print(f"field\t{token['name']}\t{str(token['nullable']).lower()}\t{token['type']}")


if __name__ == "__main__":
    main()
