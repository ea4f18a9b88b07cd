"""The one-pass stylesheets kept between runs: a kept one finds what a fresh one finds, and a changed schema, a
damaged entry or a cache that cannot be written never gives a wrong or missing verdict."""

from __future__ import annotations

import json

import pytest

from conftest import FIXTURES, ROOT
from teikit.validate.checkers import one_pass_cache
from teikit.validate.checkers.schematron import SchematronChecker
from teikit.validate.document import Document
from teikit.xmlio import parse_file

SCHEMA = ROOT / "schema" / "teikit.sch"
# The edition's own fixtures: valid ones, and invalid ones named after the rule they break.
DOCUMENTS = sorted((FIXTURES / "invalid").glob("*.xml")) + sorted((FIXTURES / "valid").glob("*.xml"))


def _findings(checker: SchematronChecker) -> list:
    return [sorted(checker.check(Document(str(p), parse_file(p)))) for p in DOCUMENTS]


def _entries(cache) -> list:
    return sorted((cache / one_pass_cache.FOLDER).glob("*.json"))


def test_a_kept_stylesheet_finds_what_a_fresh_one_finds(private_cache):
    fresh = SchematronChecker(SCHEMA)
    [entry] = _entries(private_cache)
    kept = SchematronChecker(SCHEMA)
    assert entry.stat().st_mtime_ns == _entries(private_cache)[0].stat().st_mtime_ns  # read, not written again
    assert kept.one_pass is not None and kept.one_pass.checks == fresh.one_pass.checks
    found = _findings(fresh)
    assert _findings(kept) == found
    assert sum(map(len, found)) > 10  # (the invalid fixtures fire: the comparison means something)
    assert json.loads(entry.read_text(encoding="utf-8"))["stylesheet"].startswith("<xsl:stylesheet")


def test_a_changed_schema_is_compiled_again(private_cache, tmp_path):
    schema = tmp_path / "s.sch"
    rule = ('<schema xmlns="http://purl.oclc.org/dsdl/schematron"><ns prefix="t" uri="urn:t"/><pattern><rule '
            'context="t:p"><report test="1">{}</report></rule></pattern></schema>')
    document = tmp_path / "d.xml"
    document.write_text('<d xmlns="urn:t"><p/></d>')
    doc = Document(str(document), parse_file(document))
    schema.write_text(rule.format("before"))
    assert [f.message for f in SchematronChecker(schema).check(doc)] == ["before"]
    schema.write_text(rule.format("after"))
    assert [f.message for f in SchematronChecker(schema).check(doc)] == ["after"]
    assert len(_entries(private_cache)) == 2


_ENTRY = '{{"stylesheet": "{}", "checks": [], "namespaces": {{}}, "sets": {}, "scans": {}}}'
DAMAGE = {
    "empty": "", "not JSON": "{", "not an object": "[1, 2]", "cut short": '{"stylesheet": "<xsl:stylesheet"}',
    "no stylesheet": _ENTRY.format("<a/>", "{}", "[]"), "a bad let": _ENTRY.format("<a/>", '{"x": "(("}', "[]"),
    "a bad scan": _ENTRY.format("<a/>", "{}", '["("]'),
}


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_a_damaged_entry_is_compiled_again_and_replaced(private_cache, damage):
    found = _findings(SchematronChecker(SCHEMA))
    [entry] = _entries(private_cache)
    entry.write_text(damage)
    again = SchematronChecker(SCHEMA)
    assert again.one_pass is not None and _findings(again) == found
    assert json.loads(entry.read_text(encoding="utf-8"))["checks"]  # a whole entry again


def test_a_cache_that_cannot_be_written_costs_only_time(private_cache):
    private_cache.write_text("a file where the cache folder should be")  # (unwritable even for root)
    checker = SchematronChecker(SCHEMA)
    assert checker.one_pass is not None and sum(map(len, _findings(checker))) > 10
    assert private_cache.read_text() == "a file where the cache folder should be"


def test_the_key_covers_the_compiler(private_cache, monkeypatch):
    SchematronChecker(SCHEMA)
    monkeypatch.setattr(one_pass_cache, "_compiler", lambda: b"another teikit")
    SchematronChecker(SCHEMA)
    assert len(_entries(private_cache)) == 2
