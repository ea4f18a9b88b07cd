"""TEI All through pruned schemas: same verdicts as the full tei_all.rng (libxml2) and as jing, and fast paths kept."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from conftest import FIXTURES, SHARED, shared_path
from teikit import teiall
from teikit.errors import TeikitError
from teikit.schematron2 import document_names
from teikit.xmlio import load_file, parse_bytes, parse_file

TEIALL_FIXTURES = FIXTURES / "teiall"
RNG_TAG = "{http://relaxng.org/ns/structure/1.0}"

# Each invalid fixture and the line where TEI All rejects it (checked by hand against jing's report).
INVALID_LINES = {
    "invalid-attribute.xml": 12,
    "invalid-attribute-value.xml": 12,
    "invalid-datetime-hour-24.xml": 12,
    "invalid-double-empty-exponent.xml": 12,
    "invalid-duplicate-id.xml": 13,  # libxml2 checks xsd:ID uniqueness as jing does, with a vaguer message
    "invalid-egxml-tei-namespace.xml": 14,
    "invalid-element-context.xml": 13,
    "invalid-missing-required-attribute.xml": 13,  # (@url, which no element of the file has: stub mode keeps it)
    "invalid-missing-required-child.xml": 4,
    "invalid-root.xml": 2,
    "invalid-unknown-element.xml": 12,
    # libxml2 reports a wildcard's failure on the foreign element that holds the TEI one (jing: on the TEI one, 11)
    "invalid-xenodata-tei-namespace.xml": 10,
}


def fixture_files() -> list[Path]:
    return sorted(FIXTURES.rglob("*.xml"))


def corpus_files() -> list[Path]:
    return sorted((SHARED / "corpora").glob("*/*.xml"))


def parse_or_none(path: Path) -> etree._ElementTree | None:
    """The document, or None when teikit refuses it before validation (malformed, unsafe)."""
    try:
        return parse_file(path)
    except TeikitError:
        return None


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
def checker(tei_all_rng, cache) -> teiall.TeiAllChecker:
    return teiall.TeiAllChecker(tei_all_rng, constraints=False)  # the grammar alone, as jing reads it


@pytest.fixture(scope="session")
def full_schema(tei_all_rng) -> etree.RelaxNG:
    """The whole of tei_all.rng, its datatypes read as jing reads them (as in the pruned schemas), compiled by
    libxml2 (10-15 s): once per session. Differences from jing are tested apart, against jing itself."""
    grammar = parse_file(tei_all_rng).getroot()
    return etree.RelaxNG(teiall.read_datatypes_as_jing(grammar))


@pytest.fixture(scope="session")
def source(tei_all_rng) -> teiall._Source:
    return teiall._Source(tei_all_rng.read_bytes(), str(tei_all_rng))


def pruned_grammar(source, paths: list[Path]) -> etree._Element:
    names: set[str] = set()
    for path in paths:
        names |= teiall.carried_names(parse_file(path))
    return parse_bytes(teiall.prune(source, names)).getroot()


def attribute_names(grammar: etree._Element, element: str | None = None) -> set[str]:
    """The attribute names the grammar allows (on `element` only, when given, in its own content)."""
    if element is None:
        scopes = [grammar]
    else:
        scopes = [e for e in grammar.iter(f"{RNG_TAG}element") if e.get("name") == element]
    found = set()
    for scope in scopes:
        for el in scope.iter(f"{RNG_TAG}attribute"):
            owner = next(el.iterancestors(f"{RNG_TAG}element"), None)
            if el.get("name") and (element is None or owner is scope):
                found.add(el.get("name"))
    return found


# --- the pruned schema itself ---------------------------------------------------------------------------------


def test_pruned_schema_keeps_only_used_elements_and_no_not_allowed(source):
    grammar = pruned_grammar(source, [TEIALL_FIXTURES / "valid-minimal.xml"])
    element_names = {el.get("name") for el in grammar.iter(f"{RNG_TAG}element") if el.get("name")}
    assert {"TEI", "teiHeader", "fileDesc", "p", "hi", "note", "body"} <= element_names
    assert "sp" not in element_names and "listPerson" not in element_names
    assert len(element_names) < 30  # of the 594 elements of TEI All
    assert not list(grammar.iter(f"{RNG_TAG}notAllowed"))
    # every ref points to a written define, and every define is used
    defines = {d.get("name") for d in grammar.iterfind(f"{RNG_TAG}define")}
    refs = {r.get("name") for r in grammar.iter(f"{RNG_TAG}ref")}
    assert refs == defines


def test_pruned_schema_keeps_only_attributes_the_documents_carry(source):
    path = TEIALL_FIXTURES / "valid-nested-structure.xml"
    carried = {a.replace(f"{{{teiall.XML_NS}}}", "xml:") for el in parse_file(path).iter() for a in el.attrib}
    grammar = pruned_grammar(source, [path])
    kept = attribute_names(grammar)
    assert {"type", "when"} <= carried and {"type", "when"} <= kept
    assert "rend" not in carried and "rend" not in kept and "facs" not in kept
    # only attributes the file has, but the name classes of wildcard attributes (anyName) stay
    assert kept <= carried
    # and each element keeps only those its elements carry: div has @type, date @when, p neither
    assert attribute_names(grammar, "div") == {"type"}
    assert attribute_names(grammar, "date") == {"when"}
    assert attribute_names(grammar, "p") == set()
    # element names alone keep every attribute (the safe default for callers that do not know them)
    everything = teiall.prune(source, document_names(parse_file(path))[0])
    assert {"rend", "facs", "xml:id"} <= attribute_names(parse_bytes(everything).getroot())


def test_wildcard_elements_are_kept_for_egxml(source):
    grammar = pruned_grammar(source, [TEIALL_FIXTURES / "valid-egxml.xml"])
    wildcards = [el for el in grammar.iter(f"{RNG_TAG}element") if el.get("name") is None]
    assert wildcards and all(el[0].tag == f"{RNG_TAG}anyName" for el in wildcards)


def test_element_whose_required_child_is_absent_keeps_a_stub(source):
    grammar = pruned_grammar(source, [TEIALL_FIXTURES / "invalid-missing-required-child.xml"])
    stubs = [d.get("name") for d in grammar.iterfind(f"{RNG_TAG}define") if d.get("name").endswith("_stub")]
    assert "fileDesc" in {el.get("name") for el in grammar.iter(f"{RNG_TAG}element")}
    assert stubs, "fileDesc needs sourceDesc, absent from the batch: its content is kept with stubs"
    assert not list(grammar.iter(f"{RNG_TAG}notAllowed"))


# --- findings ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(INVALID_LINES))
def test_invalid_fixture_fails_at_its_line(checker, name):
    path = TEIALL_FIXTURES / name
    findings = checker.check(parse_file(path), str(path))
    assert findings, f"{name} should be invalid against TEI All"
    assert findings[0].rule == "tei-all" and findings[0].severity == "error"
    assert findings[0].file == str(path)
    assert findings[0].line == INVALID_LINES[name]


@pytest.mark.parametrize("path", sorted(TEIALL_FIXTURES.glob("valid-*.xml")), ids=lambda p: p.name)
def test_valid_fixture_has_no_finding(checker, path):
    assert checker.check(parse_file(path), str(path)) == []


def test_check_batch_reports_each_document_with_one_schema(checker):
    paths = sorted(TEIALL_FIXTURES.glob("*.xml"))
    findings = checker.check_batch([(str(p), parse_file(p)) for p in paths])
    assert {Path(f.file).name for f in findings} == set(INVALID_LINES)


def test_schemas_are_cached_on_disk_and_reused(tei_all_rng, cache):
    path = TEIALL_FIXTURES / "valid-nested-structure.xml"
    first = teiall.TeiAllChecker(tei_all_rng)
    first.check(parse_file(path), str(path))
    cached = sorted((cache / "tei-all").glob("*.rng"))
    assert cached
    second = teiall.TeiAllChecker(tei_all_rng)
    second._load_source = None  # a warm cache never needs the source schema
    assert second.check(parse_file(path), str(path)) == []
    assert sorted((cache / "tei-all").glob("*.rng")) == cached
    # A document whose elements are a subset of a cached schema's is checked with that schema, in a new process
    subset = TEIALL_FIXTURES / "invalid-element-context.xml"
    third = teiall.TeiAllChecker(tei_all_rng, constraints=False)
    third._load_source = None
    assert [f.line for f in third.check(parse_file(subset), str(subset))] == [13]
    assert sorted((cache / "tei-all").glob("*.rng")) == cached


def test_a_schema_for_more_elements_is_reused_in_process(checker):
    big = checker.schema_for(document_names(parse_file(TEIALL_FIXTURES / "valid-nested-structure.xml"))[0])
    small = checker.schema_for({f"{{{teiall.TEI_NS}}}p", f"{{{teiall.TEI_NS}}}lg"})
    assert small is big


def test_a_schema_pruned_to_some_attributes_is_reused_only_for_those(tei_all_rng, tmp_path, monkeypatch):
    monkeypatch.setenv("TEIKIT_CACHE_DIR", str(tmp_path))  # an empty cache: no wider schema to reuse
    checker = teiall.TeiAllChecker(tei_all_rng, constraints=False)
    p = f"{{{teiall.TEI_NS}}}p"
    typed = checker.schema_for({p, f"{p}\t@type"})
    assert checker.schema_for({p, f"{p}\t@type"}) is typed
    rend = checker.schema_for({p, f"{p}\t@rend"})
    assert rend is not typed
    every = checker.schema_for({p})  # element names alone: every attribute kept
    assert every not in (typed, rend)
    assert checker.schema_for({p, f"{p}\t@n"}) is every  # a schema with every attribute covers any


def test_document_names_are_cached_by_content(tmp_path, monkeypatch):
    monkeypatch.setenv("TEIKIT_CACHE_DIR", str(tmp_path))
    path = TEIALL_FIXTURES / "valid-nested-structure.xml"
    tree, data = load_file(path)
    digest = hashlib.sha256(data).hexdigest()
    first = teiall._document_names(tree, digest)
    assert first == teiall.carried_names(tree)
    assert teiall.split_names(first) == document_names(tree)  # what the Schematron runner is given
    entry = tmp_path / "names" / digest[:2] / digest[2:40]
    assert entry.read_text().splitlines()[0] == teiall.NAMES_HEADER
    # the same bytes again: the list is read back, the document is not walked
    monkeypatch.setattr(teiall, "carried_names", lambda tree: pytest.fail("walked the document"))
    assert teiall._document_names(tree, digest) == first
    # an entry cut short (a crash while writing) is not trusted
    entry.write_text(entry.read_text().rsplit("\n", 2)[0])
    monkeypatch.undo()
    monkeypatch.setenv("TEIKIT_CACHE_DIR", str(tmp_path))
    assert teiall._document_names(tree, digest) == first
    assert entry.read_text().endswith("\nend")


def test_validate_caches_names_only_for_tei_all(tei_all_rng, tmp_path, monkeypatch):
    from teikit.validate.run import validate_paths

    monkeypatch.setenv("TEIKIT_CACHE_DIR", str(tmp_path))
    path = TEIALL_FIXTURES / "valid-nested-structure.xml"
    validate_paths([path])  # the project's schemas: nothing hashed, nothing cached by content
    assert not (tmp_path / "names").exists()
    assert validate_paths([path], tei_all=tei_all_rng) == []
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert (tmp_path / "names" / digest[:2] / digest[2:40]).is_file()


# --- differential: pruned against full ------------------------------------------------------------------------


def first_error(schema: etree.RelaxNG, tree) -> tuple[bool, tuple[int, str] | None]:
    valid = schema.validate(tree)
    entry = schema.error_log[0] if not valid else None
    return valid, (entry.line, entry.message) if entry else None


def assert_same_as_full(checker, full_schema, paths: list[Path]) -> int:
    compared = 0
    mismatches = []
    for path in paths:
        tree = parse_or_none(path)
        if tree is None:
            continue
        pruned = checker.schema_for(teiall.carried_names(tree))
        full = first_error(full_schema, tree)
        mine = first_error(pruned, tree)
        if full != mine:
            mismatches.append(f"{path}: full {full} pruned {mine}")
        compared += 1
    assert not mismatches, "\n".join(mismatches)
    return compared


@pytest.mark.slow
def test_pruned_and_full_schema_agree_on_every_fixture(checker, full_schema):
    assert assert_same_as_full(checker, full_schema, fixture_files()) >= len(INVALID_LINES) + 3


@pytest.mark.slow
@pytest.mark.corpora
def test_pruned_and_full_schema_agree_on_every_corpus_file(checker, full_schema):
    shared_path("corpora")
    files = corpus_files()
    assert assert_same_as_full(checker, full_schema, files) == len(files) > 30


# --- agreement with jing ----------------------------------------------------------------------------------------

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
def test_teikit_and_jing_agree_on_every_fixture_and_corpus_file(checker, tei_all_rng):
    if shutil.which("jing") is None:
        pytest.skip("jing is not installed (apt-get install jing)")
    # Files teikit refuses to read (malformed, entity bombs, external DTDs) are not given to jing: it would
    # expand the "billion laughs" without bound.
    trees = {p.resolve(): tree for p in fixture_files() + corpus_files() if (tree := parse_or_none(p)) is not None}
    jing_invalid = jing_invalid_files(tei_all_rng, list(trees))
    mismatches = []
    for path, tree in trees.items():
        teikit_valid = not checker.check(tree, str(path))
        if teikit_valid == (path in jing_invalid):
            mismatches.append(f"{path}: teikit {'valid' if teikit_valid else 'invalid'}, jing the opposite")
    assert not mismatches, "\n".join(mismatches)
    assert len(jing_invalid) >= len(INVALID_LINES)
