"""Kinds are declared once, in mstrack.kinds: the parser registry, the schemas' enums and the links
rule take them from there or are held to them here."""

from mstrack import links
from mstrack.kinds import KINDS, PROGRESS_KINDS
from mstrack.parsers import registry
from mstrack.schema import json_schema


def test_every_kind_has_a_parser_and_every_parser_a_kind():
    assert set(registry()) == set(KINDS)


def test_the_schemas_list_the_kinds():
    assert set(json_schema("projects")["properties"]["kind"]["enum"]) == set(KINDS)
    assert set(json_schema("documents")["properties"]["kinds"]["items"]["enum"]) == set(KINDS)


def test_links_follow_every_progress_kind():
    assert set(links.PROGRESS_KINDS) == set(PROGRESS_KINDS)
    assert set(links.PLAN_KINDS) | set(links.PROGRESS_KINDS) <= set(KINDS)
