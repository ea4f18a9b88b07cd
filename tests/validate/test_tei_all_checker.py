"""The TEI All checker: each invalid fixture at its line, valid ones clean, pruned grammars reused and kept on disk."""

from __future__ import annotations

from pathlib import Path

import pytest

from teikit.validate.checkers.tei_all import TeiAllChecker
from teikit.validate.names import document_names, split_names
from teikit.xmlio import TEI_NS, parse_file

from .helpers import INVALID_LINES, TEIALL_FIXTURES, document


@pytest.mark.parametrize("name", sorted(INVALID_LINES))
def test_invalid_fixture_fails_at_its_line(grammar_checker, name):
    path = TEIALL_FIXTURES / name
    findings = grammar_checker.check(document(path))
    assert findings, f"{name} should be invalid against TEI All"
    assert findings[0].rule == "tei-all" and findings[0].severity == "error"
    assert findings[0].file == str(path)
    assert findings[0].line == INVALID_LINES[name]


@pytest.mark.parametrize("path", sorted(TEIALL_FIXTURES.glob("valid-*.xml")), ids=lambda p: p.name)
def test_valid_fixture_has_no_finding(grammar_checker, path):
    assert grammar_checker.check(document(path)) == []


def test_check_batch_reports_each_document_with_one_schema(grammar_checker):
    paths = sorted(TEIALL_FIXTURES.glob("*.xml"))
    findings = grammar_checker.check_batch([document(p) for p in paths])
    assert {Path(f.file).name for f in findings} == set(INVALID_LINES)


def test_schemas_are_cached_on_disk_and_reused(tei_all_rng, cache):
    path = TEIALL_FIXTURES / "valid-nested-structure.xml"
    first = TeiAllChecker(tei_all_rng)
    first.check(document(path))
    cached = sorted((cache / "tei-all").glob("*.rng"))
    assert cached
    second = TeiAllChecker(tei_all_rng)
    second._load_source = None  # a warm cache never needs the source schema
    assert second.check(document(path)) == []
    assert sorted((cache / "tei-all").glob("*.rng")) == cached
    # A document whose elements are a subset of a cached schema's is checked with that schema, in a new process
    subset = TEIALL_FIXTURES / "invalid-element-context.xml"
    third = TeiAllChecker(tei_all_rng, constraints=False)
    third._load_source = None
    assert [f.line for f in third.check(document(subset))] == [13]
    assert sorted((cache / "tei-all").glob("*.rng")) == cached


def test_a_schema_for_more_elements_is_reused_in_process(grammar_checker):
    elements, _ = split_names(document_names(parse_file(TEIALL_FIXTURES / "valid-nested-structure.xml")))
    big = grammar_checker.schema_for(elements)
    small = grammar_checker.schema_for({f"{{{TEI_NS}}}p", f"{{{TEI_NS}}}lg"})
    assert small is big


def test_a_schema_pruned_to_some_attributes_is_reused_only_for_those(tei_all_rng, tmp_path, monkeypatch):
    monkeypatch.setenv("TEIKIT_CACHE_DIR", str(tmp_path))  # an empty cache: no wider schema to reuse
    grammar_checker = TeiAllChecker(tei_all_rng, constraints=False)
    p = f"{{{TEI_NS}}}p"
    typed = grammar_checker.schema_for({p, f"{p}\t@type"})
    assert grammar_checker.schema_for({p, f"{p}\t@type"}) is typed
    rend = grammar_checker.schema_for({p, f"{p}\t@rend"})
    assert rend is not typed
    every = grammar_checker.schema_for({p})  # element names alone: every attribute kept
    assert every not in (typed, rend)
    assert grammar_checker.schema_for({p, f"{p}\t@n"}) is every  # a schema with every attribute covers any
