"""Fixtures of the validate tests: a private cache folder, and TEI All's grammar and constraints compiled once."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from conftest import shared_path
from teikit.validate.checkers.schematron_xpath2 import SchematronXPath2Checker
from teikit.validate.checkers.tei_all import TeiAllChecker
from teikit.validate.checkers.tei_all.datatypes import read_datatypes_as_jing
from teikit.validate.checkers.tei_all.grammar import Source
from teikit.xmlio import parse_file


@pytest.fixture
def private_cache(tmp_path, monkeypatch):
    """A cache folder of the test's own, so that it neither reads nor writes ~/.cache."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("TEIKIT_CACHE_DIR", str(folder))
    monkeypatch.delenv("TEIKIT_TEI_ALL", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    return folder


@pytest.fixture(scope="session")
def tei_all_rng() -> Path:
    return shared_path("tei", "tei_all.rng")


@pytest.fixture(scope="session")
def cache(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("teikit-cache")
    patch = pytest.MonkeyPatch()
    patch.setenv("TEIKIT_CACHE_DIR", str(folder))
    yield folder
    patch.undo()


@pytest.fixture(scope="session")
def grammar_checker(tei_all_rng, cache) -> TeiAllChecker:
    return TeiAllChecker(tei_all_rng, constraints=False)  # the grammar alone, as jing reads it


@pytest.fixture(scope="session")
def tei_all_checker() -> TeiAllChecker:
    """The real TEI All (pruned to each batch's elements, with TEI's own Schematron constraints)."""
    return TeiAllChecker(shared_path("tei", "tei_all.rng"))


@pytest.fixture(scope="session")
def full_schema(tei_all_rng) -> etree.RelaxNG:
    """The whole of tei_all.rng, its datatypes read as jing reads them (as in the pruned schemas), compiled by
    libxml2 (10-15 s): once per session. Differences from jing are tested apart, against jing itself."""
    grammar = parse_file(tei_all_rng).getroot()
    return etree.RelaxNG(read_datatypes_as_jing(grammar))


@pytest.fixture(scope="session")
def source(tei_all_rng) -> Source:
    return Source(tei_all_rng.read_bytes(), str(tei_all_rng))


@pytest.fixture(scope="session")
def constraints() -> SchematronXPath2Checker:
    """TEI's own Schematron constraints (tei_all.isosch), through teikit's XPath 2 runner."""
    return SchematronXPath2Checker(shared_path("tei", "tei_all.isosch"))
