"""teikit's schemas give the TEI's own toolchain's verdicts, under jing, on real documents and on mutants of them.

For each TEI exemplar with a reference (what the TEI Stylesheets make of it, in ../shared/tei/p5/reference/), the
RELAX NG teikit writes must accept and reject the same documents as the reference RELAX NG: the exemplars' test
documents, the edition, every fixture, every corpus file, and one-mutation variants of each of those the reference
accepts. Where they differ, the difference must be one of teikit's deliberate ones (README, "Known differences"):
the same ODD compiled with `stylesheets=True`, which reproduces the Stylesheets' deviations, must then agree with
the reference, and teikit must be the stricter one. jing runs once per schema over all the files.
"""

from __future__ import annotations

import math
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, shared_path
from teikit import xmlio
from teikit.errors import TeikitError
from teikit.schema.build import build, render
from teikit.schema.model import Attribute, Values
from teikit.validate.checkers.schematron_xpath2 import SchematronXPath2Checker as SchematronChecker
from teikit.validate.document import Document

from .mutants import KINDS, mutants

pytestmark = [pytest.mark.jing, pytest.mark.slow]

WITH_REFERENCE = ("tei_all", "tei_bare", "tei_corpus", "tei_drama", "tei_lite", "tei_math", "tei_minimal", "tei_ms",
                  "tei_simplePrint", "tei_speech", "tei_svg")
WITHOUT_REFERENCE = ("tei_basic", "tei_enrich", "tei_jtei", "tei_tite")
MUTANTS_PER_SCHEMA = 160  # about: spread over the documents the reference accepts, at least 1 per kind each
MUTABLE_SIZE = 300_000  # bytes: larger documents are checked as they are, not mutated
# jing's report of a problem: "/path/doc.xml:12:7: error: ..." (or "fatal:" when the file is not XML).
JING_LINE = re.compile(r"^(.*?):\d+:\d+: (?:error|fatal)")


def jing_available() -> str:
    jing = shutil.which("jing")
    if jing is None:
        pytest.skip("jing is not installed (.ci/run installs it with apt)")
    return jing


def start_jing(schema: Path, files: list[Path]) -> subprocess.Popen:
    return subprocess.Popen([jing_available(), str(schema), *map(str, files)], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)


def rejected(process: subprocess.Popen) -> set[str]:
    """The files jing reported a problem with (it lists every file's problems, one per line)."""
    out, _ = process.communicate()
    return {m.group(1) for m in map(JING_LINE.match, out.splitlines()) if m}


def verdicts(pairs: list[tuple[Path, list[Path]]]) -> list[set[str]]:
    """Run jing on each (schema, files) at the same time (one process each), and return what each rejected."""
    running = [start_jing(schema, files) for schema, files in pairs]
    return [rejected(p) for p in running]


@pytest.fixture(scope="module")
def p5() -> Path:
    return shared_path("tei", "p5")


@pytest.fixture(scope="module")
def documents(p5: Path) -> list[tuple[Path, object]]:
    """Every document to check: parsed (those teikit refuses, as unsafe or not XML, are left out)."""
    paths = [*sorted((p5 / "exemplars").glob("*.tei")), ROOT / "tei" / "foundations-of-leninism-ch4.xml",
             *sorted(FIXTURES.rglob("*.xml")), *sorted(shared_path("corpora").rglob("*.xml"))]
    found = []
    for path in paths:
        try:
            found.append((path, xmlio.parse_file(path)))
        except TeikitError:
            continue
    assert len(found) > 100
    return found


def closed_attributes(schema) -> dict[str, list[str]]:
    """element name -> its attributes that take a closed list of values (where mutants put another value)."""
    found: dict[str, list[str]] = {}
    for element in schema.elements.values():
        for att in element.attributes:
            if isinstance(att, Attribute) and isinstance(att.value, Values):
                found.setdefault(element.name, []).append(att.name)
    return found


def compile_both(p5: Path, name: str, folder: Path):
    odd, source = p5 / "exemplars" / f"{name}.odd", p5 / "p5subset.xml"
    ours = build(odd, source)
    like_stylesheets = build(odd, source, stylesheets=True)
    rng = folder / f"{name}.rng"
    rng.write_bytes(render(ours, ("rng",)).files[f"{name}.rng"])
    compat = folder / f"{name}.stylesheets.rng"
    compat.write_bytes(render(like_stylesheets, ("rng",)).files[f"{name}.rng"])
    return ours, rng, compat


@pytest.mark.parametrize("name", WITH_REFERENCE)
def test_relaxng_gives_the_verdicts_of_the_tei_stylesheets(name, p5, documents, tmp_path):
    ours, rng, compat = compile_both(p5, name, tmp_path)
    reference = p5 / "reference" / f"{name}.rng"
    files = [path for path, _ in documents]
    ours_bad, ref_bad = verdicts([(rng, files), (reference, files)])
    accepted = [(p, t) for p, t in documents if str(p) not in ref_bad and p.stat().st_size <= MUTABLE_SIZE]
    assert accepted, f"the reference accepts none of the documents: {name}'s own test document at least"
    per_kind = max(1, min(8, math.ceil(MUTANTS_PER_SCHEMA / (len(KINDS) * len(accepted)))))
    closed = closed_attributes(ours.schema)
    variants = []
    for path, tree in accepted:
        for number, (kind, data) in enumerate(mutants(tree, f"{name}/{path.name}", closed, per_kind)):
            variant = tmp_path / f"{path.stem}.{kind}.{number}.xml"
            variant.write_bytes(data)
            variants.append(variant)
    mutant_ours, mutant_ref = verdicts([(rng, variants), (reference, variants)])
    ours_bad |= mutant_ours
    ref_bad |= mutant_ref
    everything = files + variants
    differ = sorted(str(f) for f in everything if (str(f) in ours_bad) != (str(f) in ref_bad))
    explained = set()
    if differ:
        (compat_bad,) = verdicts([(compat, [Path(f) for f in differ])])
        explained = {f for f in differ if (f in compat_bad) == (f in ref_bad) and f in ours_bad}
    unexplained = [f for f in differ if f not in explained]
    assert not unexplained, f"{name}: verdicts differ from the reference's on {unexplained[:10]}"
    # The comparison means something: mutants of documents the reference accepts, most of them rejected; and in
    # the schemas larger than the minimal ones, some accepted (an optional child removed, an element moved to
    # another place it may be).
    rejected_variants = sum(str(v) in ref_bad for v in variants)
    assert len(variants) >= 40 and rejected_variants > len(variants) // 2
    if name not in ("tei_minimal", "tei_bare"):
        assert rejected_variants < len(variants)


def signature(pattern) -> tuple:
    """What a Schematron pattern checks, whatever its id: its rules' contexts and tests, spaces normalized."""
    return tuple((" ".join(r.context.split()), tuple(" ".join(c.test.split()) for c in r.checks))
                 for r in pattern.rules)


def fired(checker: SchematronChecker, documents) -> set[tuple[tuple, str]]:
    """(pattern signature, document) for each pattern that fires on a document."""
    signatures = {p.id: signature(p) for p in checker.patterns}
    return {(signatures[f.rule], name) for name, tree in documents for f in checker.check(Document(name, tree))}


@pytest.mark.parametrize("name", WITH_REFERENCE)
def test_schematron_fires_where_the_reference_does(name, p5, documents, tmp_path):
    b = build(p5 / "exemplars" / f"{name}.odd", p5 / "p5subset.xml")
    sch = tmp_path / f"{name}.sch"
    sch.write_bytes(render(b, ("sch",)).files[f"{name}.sch"])
    ours = SchematronChecker(sch)
    reference = SchematronChecker(p5 / "reference" / f"{name}.isosch")
    # The processing model's parameter lists are not constraintSpecs: teikit does not make patterns of them (README)
    reference.patterns = [p for p in reference.patterns if not p.id.startswith("teipm-")]
    assert {signature(p) for p in ours.patterns} == {signature(p) for p in reference.patterns}
    # Corpus files of megabytes are left out here: a constraint such as simplePrint's rendition check looks the
    # whole document through for each attribute, which takes teikit's XPath 2 runner minutes on them.
    small = [(str(p), t) for p, t in documents if p.stat().st_size <= MUTABLE_SIZE]
    closed = closed_attributes(b.schema)
    variants = [(f"{path}#{kind}", xmlio.parse_bytes(data)) for path, tree in small
                for kind, data in mutants(tree, f"{name}/sch/{path}", closed)]
    ours_pairs = fired(ours, small + variants)
    ref_pairs = fired(reference, small + variants)
    assert ours_pairs == ref_pairs
    assert len({p for p, _ in ref_pairs}) >= min(5, len(reference.patterns))


@pytest.mark.parametrize("name", WITHOUT_REFERENCE)
def test_exemplars_without_a_reference_compile_and_accept_their_test_document(name, p5, tmp_path):
    b = build(p5 / "exemplars" / f"{name}.odd", p5 / "p5subset.xml")
    rng = tmp_path / f"{name}.rng"
    rng.write_bytes(render(b, ("rng",)).files[f"{name}.rng"])
    test_document = p5 / "exemplars" / f"{name}.tei"
    (bad,) = verdicts([(rng, [test_document])])
    assert not bad
    assert len(b.schema.elements) > 50


@pytest.mark.parametrize(("fixture", "name"), [
    ("ellipsis-without-metamark", "tei_corpus"),  # dangling references: Stylesheets issues #235, #561
    ("castItem-type-outside-its-closed-list", "tei_drama"),  # a valList without @mode in a changed attDef
])
def test_where_teikit_differs_from_the_stylesheets_it_is_stricter_as_the_guidelines_say(fixture, name, p5,
                                                                                        tmp_path):
    _, rng, compat = compile_both(p5, name, tmp_path)
    document = FIXTURES / "schema" / "differences" / f"{fixture}.xml"
    ours, reference, like_stylesheets = verdicts([(rng, [document]), (p5 / "reference" / f"{name}.rng", [document]),
                                                 (compat, [document])])
    assert (bool(ours), bool(reference), bool(like_stylesheets)) == (True, False, False)


@pytest.mark.parametrize("odd", ["tei_lite", "tei_drama", "edition"])
def test_a_compiled_odd_is_valid_tei(odd, p5, tmp_path):
    """(Not for ODDs with tagdocs' egXML: the source's own example of egXML nests an egXML, which TEI's schemas
    do not allow, and the compiled ODD keeps the examples.)"""
    path = FIXTURES / "schema" / "edition.odd" if odd == "edition" else p5 / "exemplars" / f"{odd}.odd"
    compiled = tmp_path / f"{odd}.compiled.odd"
    compiled.write_bytes(render(build(path, p5 / "p5subset.xml"), ("odd",)).files[compiled.name])
    (bad,) = verdicts([(p5 / "reference" / "tei_all.rng", [compiled])])
    assert not bad
