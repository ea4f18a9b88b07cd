"""`teikit validate --odd` on each of the TEI's 15 exemplar ODDs, against the test document the TEI ships with it:
compiled once each (into one cache folder), then its RELAX NG and Schematron run. Most accept their document; two
documents break one of TEI's own constraints, as the TEI Stylesheets' Schematron says too; tei_tite's document is
a bare <text>, which `teikit validate` does not take (it checks TEI documents: TEI or teiCorpus)."""

from __future__ import annotations

import json

import pytest

from conftest import run_cli, shared_path
from teikit.validate.checkers.schematron_xpath2 import SchematronXPath2Checker
from teikit.validate.document import Document
from teikit.xmlio import parse_file

pytestmark = pytest.mark.slow  # libxml2 compiles tei_all's and tei_basic's RELAX NG in some seconds each

EXEMPLARS = ("tei_all", "tei_bare", "tei_basic", "tei_corpus", "tei_drama", "tei_enrich", "tei_jtei", "tei_lite",
             "tei_math", "tei_minimal", "tei_ms", "tei_simplePrint", "tei_speech", "tei_svg", "tei_tite")
# Their test documents leave every msIdentifier empty, which TEI's msId_minimal constraint reports.
BREAKING = {"tei_enrich": [(13, "msId_minimal")], "tei_ms": [(13, "msId_minimal"), (26, "msId_minimal")]}


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    return {"TEIKIT_CACHE_DIR": str(tmp_path_factory.mktemp("cache")),
            "TEIKIT_P5_SOURCE": str(shared_path("tei", "p5", "p5subset.xml"))}


@pytest.mark.parametrize("name", [n for n in EXEMPLARS if n != "tei_tite"])
def test_validate_odd_checks_each_exemplars_test_document(name, env):
    exemplars = shared_path("tei", "p5", "exemplars")
    done = run_cli("validate", "--odd", str(exemplars / f"{name}.odd"), str(exemplars / f"{name}.tei"),
                   "--format", "json", env=env)
    assert done.returncode == (1 if name in BREAKING else 0), done.stderr
    report = json.loads(done.stdout)
    assert [c["kind"] for c in report["checks"]] == ["rng", "schematron"]
    (result,) = report["files"]
    assert [(f["line"], f["rule"]) for f in result["findings"]] == BREAKING.get(name, [])


def test_the_reference_schematron_finds_the_same_in_tei_ms(env):
    """What the TEI Stylesheets make of tei_ms reports the same two msIdentifiers."""
    p5 = shared_path("tei", "p5")
    reference = SchematronXPath2Checker(p5 / "reference" / "tei_ms.isosch")
    found = reference.check(Document("tei_ms.tei", parse_file(p5 / "exemplars" / "tei_ms.tei")))
    assert [(f.line, "msId_minimal" in f.rule) for f in found] == [(13, True), (26, True)]


def test_tei_tites_document_is_refused_by_validate_yet_its_schemas_accept_it(env, tmp_path):
    exemplars = shared_path("tei", "p5", "exemplars")
    document = exemplars / "tei_tite.tei"
    done = run_cli("validate", "--odd", str(exemplars / "tei_tite.odd"), str(document), env=env)
    assert done.returncode == 2  # a finding about the file, as every file that cannot be read is (issue 12)
    assert "error [input] not a TEI document: the root element is {http://www.tei-c.org/ns/1.0}text" in done.stdout
    schema = run_cli("schema", str(exemplars / "tei_tite.odd"), "-o", str(tmp_path), "--formats", "rng,sch", "-q",
                     env=env)
    assert schema.returncode == 0, schema.stderr
    from lxml import etree

    tree = parse_file(document)
    rng = etree.RelaxNG(parse_file(tmp_path / "tei_tite.rng"))
    assert rng.validate(tree), rng.error_log
    assert SchematronXPath2Checker(tmp_path / "tei_tite.sch").check(Document("tei_tite.tei", tree)) == []
