"""ATTACH and discovery: the catalog, its schemas and its function listings, compared with FixtureInventory."""

from __future__ import annotations

from typing import Any

import pytest
from vgi.catalog.catalog_interface import SchemaObjectType as T

from _support import MAIN, as_schema, signature


def implemented(inventory: list[dict[str, Any]], *areas: str) -> set[str]:
    return {e["signature"] for e in inventory if e["implemented"] and e["area"] in areas}


def listing(lane: Any, kind: T, path: list[str] = MAIN) -> list[Any]:
    return list(lane.catalog_client.schema_contents(attach_opaque_data=lane.aod, path=path, type=kind))


def test_catalogs_lists_example(lane: Any) -> None:
    assert "example" in [c.name for c in lane.catalog_client.catalogs()]


def test_attach_result(lane: Any) -> None:
    assert lane.aod
    assert lane.attach.default_schema == "main"
    assert lane.attach.supports_transactions is False


def test_schemas(lane: Any) -> None:
    paths = [list(s.path) for s in lane.catalog_client.schemas(attach_opaque_data=lane.aod)]
    assert paths == [["main"], ["data"]]


def test_catalog_version_is_stable(lane: Any) -> None:
    v1 = lane.catalog_client.catalog_version(attach_opaque_data=lane.aod)
    v2 = lane.catalog_client.catalog_version(attach_opaque_data=lane.aod)
    assert v1 == v2


def test_scalar_listing_matches_inventory(lane: Any, inventory: list[dict[str, Any]]) -> None:
    infos = listing(lane, T.SCALAR_FUNCTION)
    assert sorted(signature(i) for i in infos) == sorted(implemented(inventory, "scalar"))
    for info in infos:
        assert info.function_type.name == "SCALAR", info.name
        out = as_schema(info.output_schema)
        assert len(out) == 1, (info.name, out)


def test_table_listing_matches_inventory(lane: Any, inventory: list[dict[str, Any]]) -> None:
    infos = listing(lane, T.TABLE_FUNCTION)
    assert sorted(signature(i) for i in infos) == sorted(implemented(inventory, "table", "table_in_out"))
    for info in infos:
        assert info.function_type.name == "TABLE", info.name


def test_no_inventory_name_is_listed_under_another_kind(lane: Any, inventory: list[dict[str, Any]]) -> None:
    scalars = {i.name for i in listing(lane, T.SCALAR_FUNCTION)}
    tables = {i.name for i in listing(lane, T.TABLE_FUNCTION)}
    for e in inventory:
        if e["area"] == "scalar":
            assert e["name"] not in tables, e["name"]
        else:
            assert e["name"] not in scalars, e["name"]


@pytest.mark.parametrize(("name", "flag"), [
    ("sequence", "projection_pushdown"), ("sequence", "filter_pushdown"), ("filter_echo", "filter_pushdown"),
    ("projected_data", "projection_pushdown"), ("nested_sequence", "projection_pushdown"),
])
def test_table_capabilities_are_advertised(lane: Any, name: str, flag: str) -> None:
    info = next(i for i in listing(lane, T.TABLE_FUNCTION) if i.name == name)
    assert getattr(info, flag) is True
    if flag == "filter_pushdown":
        assert "vgi.duckdb.standard.v1" in info.filter_semantic_profiles


def test_in_out_capabilities(lane: Any) -> None:
    infos = {i.name: i for i in listing(lane, T.TABLE_FUNCTION)}
    assert infos["substream_partial_sum"].has_finalize is True
    assert infos["repeat_inputs"].has_finalize is False


def test_in_out_projection_pushdown_is_advertised(lane: Any) -> None:
    infos = {i.name: i for i in listing(lane, T.TABLE_FUNCTION)}
    assert infos["echo_witness"].projection_pushdown is True
    assert infos["echo"].projection_pushdown is True
    assert not infos["repeat_inputs"].projection_pushdown


def test_in_out_filter_pushdown_is_advertised(lane: Any) -> None:
    """The reference ``echo`` declares filter pushdown although DuckDB never sends filters to streaming table-in-out
    functions (spec §8.4); the runtime would apply any that came."""
    infos = {i.name: i for i in listing(lane, T.TABLE_FUNCTION)}
    assert infos["echo"].filter_pushdown is True
    assert infos["echo"].filter_semantic_profiles == ["vgi.duckdb.standard.v1"]
    assert infos["echo_witness"].filter_pushdown is False
    assert infos["echo_witness"].filter_semantic_profiles == []


def test_runtime_applied_filters_are_not_advertised_as_exact(lane: Any) -> None:
    """The runtime applies every required predicate but may skip advisory ones it cannot evaluate, so DuckDB must
    keep its own filter above the scan: ``filters_exactly_applied`` stays false, as with the reference's
    ``auto_apply_filters``."""
    infos = {i.name: i for i in listing(lane, T.TABLE_FUNCTION)}
    for name in ("sequence", "filter_echo", "filter_echo_partitioned", "dynamic_filter_echo", "echo"):
        assert infos[name].filters_exactly_applied is False, name


def test_scalar_behaviour_fields(lane: Any) -> None:
    infos = {i.name: i for i in listing(lane, T.SCALAR_FUNCTION)}
    assert infos["random_int"].stability.name == "VOLATILE"
    assert infos["upper_case"].stability.name == "CONSISTENT"
    assert infos["null_handling"].null_handling.name == "SPECIAL"
    assert infos["upper_case"].null_handling.name == "DEFAULT"


def test_data_schema_holds_the_second_implementations(lane: Any) -> None:
    assert [i.name for i in listing(lane, T.SCALAR_FUNCTION, ["data"])] == ["test_same_name_bind"]
    assert [i.name for i in listing(lane, T.TABLE_FUNCTION, ["data"])] == ["test_same_name_transform"]


def test_view_first_ten(lane: Any) -> None:
    view = lane.catalog_client.view_get(attach_opaque_data=lane.aod, schema_path=MAIN, name="first_ten")
    assert view is not None
    got = view[0] if isinstance(view, list) else view
    assert got.definition == "SELECT * FROM sequence(10)"


def test_catalog_contents_matches_the_per_schema_listings(lane: Any) -> None:
    """catalog_contents (advertised by the worker) is decoded strictly by the client; it must agree
    with the per-schema calls."""
    assert lane.attach.supports_catalog_contents is True
    contents = lane.catalog_client.contents(attach_opaque_data=lane.aod)
    assert [list(s.schema.path) for s in contents.schemas] == [["main"], ["data"]]
    for s in contents.schemas:
        path = list(s.schema.path)
        assert sorted(signature(i) for i in s.scalar_functions) == \
            sorted(signature(i) for i in listing(lane, T.SCALAR_FUNCTION, path))
        assert sorted(signature(i) for i in s.table_functions) == \
            sorted(signature(i) for i in listing(lane, T.TABLE_FUNCTION, path))
    assert [v.name for v in contents.schemas[0].views] == ["first_ten"]
