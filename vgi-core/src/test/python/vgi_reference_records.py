"""Encode sample records with the installed vgi-python, for RecordReaderReferenceTest.

The Java reader must decode what the reference *writes* (one-entry dictionaries per enum cell,
dict<int32,binary> schema columns, replacement dictionaries in collections), so the samples are
produced by the reference classes themselves. Regenerate after bumping the pinned vgi-python:

    /tmp/venv/bin/python vgi-core/src/test/python/vgi_reference_records.py \
        > vgi-core/src/test/resources/dev/vgi/core/protocol/vgi-reference-records.tsv

Output: one line per sample, ``name<TAB>base64(IPC bytes)``.
"""

import base64

import pyarrow as pa

from vgi.catalog.catalog_interface import (
    CatalogExample,
    FunctionInfo,
    FunctionStability,
    FunctionType,
    SchemaInfo,
)
from vgi.catalog.contents_codec import encode_collection
from vgi.invocation import GlobalInitResponse
from vgi.protocol import (
    BindRequest,
    CatalogAttachRequest,
    InitRequest,
    OrderByDirection,
    TableInOutFunctionInitPhase,
    _with_sorted_maps,
)


def emit(name, data):
    print(f"{name}\t{base64.b64encode(data).decode()}")


def batch_bytes(batch):
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, batch.schema) as w:
        w.write_batch(batch)
    return sink.getvalue().to_pybytes()


ARGS = pa.schema([pa.field("value", pa.utf8())])
RESULT = pa.schema([pa.field("result", pa.utf8())])


def function(name, kind, **kw):
    return FunctionInfo(
        comment=None,
        name=name,
        schema_path=["main"],
        function_type=kind,
        arguments=ARGS,
        output_schema=RESULT,
        description=f"{name} does things",
        tags={"zeta": "1", "alpha": "2"},
        **kw,
    )


def main():
    upper = function(
        "upper_case",
        FunctionType.SCALAR,
        stability=FunctionStability.CONSISTENT,
        examples=[CatalogExample(sql="SELECT upper_case('a')", description="upper", expected_output="A")],
        categories=["text"],
    )
    emit("FunctionInfo", _with_sorted_maps(upper).serialize_to_bytes())
    seq = function(
        "sequence",
        FunctionType.TABLE,
        parameter_default_values=pa.RecordBatch.from_pydict({"batch_size": pa.array([2048], pa.int64())}),
        projection_pushdown=True,
        filter_pushdown=True,
        max_workers=1,
    )
    emit("functions", encode_collection(FunctionInfo, [upper, seq]))
    emit("schemas", encode_collection(SchemaInfo, [
        SchemaInfo(comment=None, tags={}, path=["main"], estimated_object_count={"table": 1, "macro": 0}),
        SchemaInfo(path=["data"], comment="data", tags={"b": "2", "a": "1"}),
    ]))

    args = pa.RecordBatch.from_pydict({"args": pa.array([{"positional_0": 10}], pa.struct([("positional_0", pa.int64())]))})
    bind = BindRequest(
        function_name="multiply",
        arguments=args,
        function_type=FunctionType.SCALAR,
        input_schema=pa.schema([pa.field("col_0", pa.int64())]),
        attach_opaque_data=b"aod",
        schema_path=["main"],
    )
    emit("BindRequest", bind.serialize_to_bytes())
    emit("InitRequest", InitRequest(
        bind_call=bind.serialize_to_bytes(),
        output_schema=RESULT,
        projection_ids=[2, 0],
        phase=TableInOutFunctionInitPhase.INPUT,
        substream_id=bytes(range(16)),
        order_by_direction=OrderByDirection.DESC,
    ).serialize_to_bytes())
    emit("CatalogAttachRequest", CatalogAttachRequest(name="example", data_version_spec=None, implementation_version=None).serialize_to_bytes())
    emit("GlobalInitResponse", GlobalInitResponse(execution_id=b"e" * 16, max_workers=99999).serialize_to_bytes())


if __name__ == "__main__":
    main()
