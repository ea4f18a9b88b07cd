"""Pruned TEI All gives the verdicts of the full tei_all.rng (libxml2) and of jing, on every fixture and corpus file."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from conftest import shared_path
from teikit.validate.document import Document
from teikit.validate.names import document_names

from .helpers import INVALID_LINES, corpus_files, fixture_files, parse_or_none


def first_error(schema: etree.RelaxNG, tree) -> tuple[bool, tuple[int, str] | None]:
    valid = schema.validate(tree)
    entry = schema.error_log[0] if not valid else None
    return valid, (entry.line, entry.message) if entry else None


def assert_same_as_full(grammar_checker, full_schema, paths: list[Path]) -> int:
    compared = 0
    mismatches = []
    for path in paths:
        tree = parse_or_none(path)
        if tree is None:
            continue
        pruned = grammar_checker.schema_for(document_names(tree))
        full = first_error(full_schema, tree)
        mine = first_error(pruned, tree)
        if full != mine:
            mismatches.append(f"{path}: full {full} pruned {mine}")
        compared += 1
    assert not mismatches, "\n".join(mismatches)
    return compared


@pytest.mark.slow
def test_pruned_and_full_schema_agree_on_every_fixture(grammar_checker, full_schema):
    assert assert_same_as_full(grammar_checker, full_schema, fixture_files()) >= len(INVALID_LINES) + 3


@pytest.mark.slow
@pytest.mark.corpora
def test_pruned_and_full_schema_agree_on_every_corpus_file(grammar_checker, full_schema):
    shared_path("corpora")
    files = corpus_files()
    assert assert_same_as_full(grammar_checker, full_schema, files) == len(files) > 30


# A jing error line: "/path/file.xml:12:49: error: message" (fatal parse errors are reported the same way).
JING_ERROR = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?:fatal|error): ")


def jing_invalid_files(rng: Path, paths: list[Path]) -> set[Path]:
    """The files jing finds invalid, from one run (one JVM) over all of them."""
    run = subprocess.run(["jing", str(rng), *map(str, paths)], capture_output=True, text=True)
    invalid = set()
    for line in (run.stdout + run.stderr).splitlines():
        match = JING_ERROR.match(line)
        if match:
            invalid.add(Path(match["file"]).resolve())
    return invalid


@pytest.mark.slow
@pytest.mark.jing
def test_teikit_and_jing_agree_on_every_fixture_and_corpus_file(grammar_checker, tei_all_rng):
    if shutil.which("jing") is None:
        pytest.skip("jing is not installed (apt-get install jing)")
    # Files teikit refuses to read (malformed, entity bombs, external DTDs) are not given to jing: it would
    # expand the "billion laughs" without bound.
    trees = {p.resolve(): tree for p in fixture_files() + corpus_files() if (tree := parse_or_none(p)) is not None}
    jing_invalid = jing_invalid_files(tei_all_rng, list(trees))
    mismatches = []
    for path, tree in trees.items():
        teikit_valid = not grammar_checker.check(Document(str(path), tree))
        if teikit_valid == (path in jing_invalid):
            mismatches.append(f"{path}: teikit {'valid' if teikit_valid else 'invalid'}, jing the opposite")
    assert not mismatches, "\n".join(mismatches)
    assert len(jing_invalid) >= len(INVALID_LINES)
