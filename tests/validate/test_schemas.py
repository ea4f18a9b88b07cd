"""Which schemas run: --schema of any kind (told by suffix or root), both XML Schema engines, where TEI All is found."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import run_cli
from teikit import xmlio
from teikit.errors import TeikitError
from teikit.validate import validate_paths
from teikit.validate.checkers import schema_kind
from teikit.validate.checkers import xsd_xmlschema as xsd_cache
from teikit.validate.checkers.tei_all import TeiAllChecker
from teikit.validate.document import Document
from teikit.validate.schemas import find_tei_all

from .helpers import HERE, MINI, SCHEMAS, parse_text_report, untimed, write

pytestmark = pytest.mark.usefixtures("private_cache")


@pytest.mark.parametrize(
    ("schema", "expected"),
    [
        ("mini.rng", {(14, 15, "rng"), (16, 17, "rng")}),
        ("mini.xsd", {(14, 15, "xsd"), (16, 17, "xsd")}),
        ("mini.sch", {(15, 9, "text-clean"), (15, 19, "pb-n-number")}),
    ],
)
def test_schema_option_runs_only_the_schema_named(schema: str, expected: set) -> None:
    result = run_cli("validate", str(HERE / "invalid.xml"), "--schema", str(SCHEMAS / schema))
    assert result.returncode == 1
    found, _ = parse_text_report(result.stdout)
    assert {(line, column, rule) for _, line, column, _, rule in found} == expected


@pytest.mark.parametrize("engine", ["libxml2", "xmlschema"])
def test_both_xml_schema_engines_find_the_same_errors_at_the_same_places(engine: str) -> None:
    docs = [HERE / name for name in ("valid.xml", "warnings.xml", "invalid.xml", "corpus")]
    findings = validate_paths(docs, schemas=[SCHEMAS / "mini.xsd"], xsd_engine=engine)
    assert [(Path(f.file).name, f.line, f.column, f.rule) for f in findings] == [
        ("b.xml", 12, 23, "xsd"),
        ("invalid.xml", 14, 15, "xsd"),
        ("invalid.xml", 16, 17, "xsd"),
    ]


def test_xmlschema_engine_is_chosen_on_the_command_line() -> None:
    result = run_cli("validate", str(HERE / "invalid.xml"), "--schema", MINI[1], "--xsd-engine", "xmlschema")
    assert result.returncode == 1
    assert "[xsd] attribute rend='bold': value must be one of ['italic', 'spaced']" in result.stdout


@pytest.mark.parametrize(("source", "kind"), [("mini.rng", "rng"), ("mini.xsd", "xsd"), ("mini.sch", "schematron")])
def test_schema_kind_is_chosen_by_suffix_or_else_by_root_element(tmp_path: Path, source: str, kind: str) -> None:
    assert schema_kind(SCHEMAS / source) == kind
    renamed = tmp_path / "schema.xml"
    shutil.copy(SCHEMAS / source, renamed)
    assert schema_kind(renamed) == kind


def test_schema_without_suffix_is_used_by_its_root_element(tmp_path: Path) -> None:
    renamed = tmp_path / "subset.xml"
    shutil.copy(SCHEMAS / "mini.sch", renamed)
    findings = validate_paths([HERE / "invalid.xml"], schemas=[renamed])
    assert {(f.line, f.rule) for f in findings} == {(15, "text-clean"), (15, "pb-n-number")}


def test_compiled_xml_schema_is_cached_on_disk_and_rebuilt_when_an_import_changes(
    tmp_path: Path, private_cache: Path, monkeypatch
) -> None:
    folder = tmp_path / "xsd"
    folder.mkdir()
    (folder / "part.xsd").write_text(
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:part">'
        '<xs:element name="x" type="xs:string"/></xs:schema>'
    )
    main = folder / "main.xsd"
    main.write_text(
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:main">'
        '<xs:import namespace="urn:part" schemaLocation="part.xsd"/><xs:element name="m" type="xs:int"/></xs:schema>'
    )
    built = xsd_cache.load_xsd(main)
    assert len(list((private_cache / "xsd").glob("*.pickle"))) == 1

    def no_build(path: Path):
        raise AssertionError("the schema should have come from the cache")

    monkeypatch.setattr(xsd_cache, "_build_xsd", no_build)
    cached = xsd_cache.load_xsd(main)
    assert cached is not built and sorted(cached.maps.elements) == sorted(built.maps.elements)

    (folder / "part.xsd").write_text((folder / "part.xsd").read_text().replace('name="x"', 'name="y"'))
    with pytest.raises(AssertionError, match="from the cache"):
        xsd_cache.load_xsd(main)  # the imported file changed: the entry is stale and the schema is built again


def test_tei_all_path_is_remembered_in_the_cache_for_later_runs(tmp_path: Path, private_cache: Path) -> None:
    stand_in = tmp_path / "tei_all.rng"  # the small RELAX NG plays TEI All here: compiling the real one takes 15 s
    shutil.copy(SCHEMAS / "mini.rng", stand_in)
    env = {"TEIKIT_CACHE_DIR": str(private_cache)}
    first = run_cli("validate", str(HERE / "invalid.xml"), "--tei-all", str(stand_in), env=env)
    assert first.returncode == 1
    assert (private_cache / "tei_all.rng").read_bytes() == stand_in.read_bytes()
    stand_in.unlink()
    later = run_cli("validate", "--tei-all", str(HERE / "invalid.xml"), env=env)  # the option swallowed the path
    assert later.returncode == 1, later.stderr
    found, _ = parse_text_report(later.stdout)
    assert {(line, rule) for _, line, _, _, rule in found} == {(14, "tei-all"), (16, "tei-all")}


def test_tei_all_is_found_through_the_environment(tmp_path: Path) -> None:
    stand_in = tmp_path / "elsewhere.rng"
    shutil.copy(SCHEMAS / "mini.rng", stand_in)
    result = run_cli("validate", str(HERE / "valid.xml"), "--tei-all", env={"TEIKIT_TEI_ALL": str(stand_in)})
    assert result.returncode == 0, result.stderr
    assert untimed(result.stdout).startswith("1 file checked: 1 valid")


def test_find_tei_all_order(tmp_path: Path, private_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = tmp_path / "given.rng"
    rng.write_text("<grammar/>")
    with pytest.raises(TeikitError, match="--tei-all needs tei_all.rng"):
        find_tei_all(None)
    monkeypatch.setenv("TEIKIT_TEI_ALL", str(rng))
    assert find_tei_all(None) == rng
    monkeypatch.delenv("TEIKIT_TEI_ALL")
    assert find_tei_all(str(rng)) == rng  # and a copy is kept in the cache
    assert find_tei_all(None) == private_cache / "tei_all.rng"
    with pytest.raises(TeikitError, match="no such TEI All schema file"):
        find_tei_all(str(tmp_path / "missing.rng"))


def test_tei_all_without_a_schema_anywhere_says_how_to_get_it() -> None:
    result = run_cli("validate", str(HERE / "valid.xml"), "--tei-all")
    assert result.returncode == 2
    assert "--tei-all needs tei_all.rng: download it from https://tei-c.org/" in result.stderr
    assert "TEIKIT_TEI_ALL" in result.stderr and len(result.stderr.splitlines()) == 1


def test_an_xpath2_schematron_given_with_schema_runs_on_elementpath(tmp_path: Path) -> None:
    # matches() and "every ... satisfies" are XPath 2: lxml's XSLT 1.0 skeleton could not run this schema.
    schema = write(tmp_path, "years.sch", """<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2">
  <ns prefix="tei" uri="http://www.tei-c.org/ns/1.0"/>
  <pattern id="three-digit-pages">
    <rule context="tei:body">
      <assert test="every $n in .//tei:pb/@n satisfies matches($n, '^[0-9]{3}$')">
        page numbers have three digits</assert>
    </rule>
  </pattern>
</schema>""")
    result = run_cli("validate", str(HERE / "valid.xml"), "--schema", schema)
    assert result.returncode == 1, result.stderr
    found, _ = parse_text_report(result.stdout)
    assert [(rule, severity) for *_, severity, rule in found] == [("three-digit-pages", "error")]
    assert "page numbers have three digits" in result.stdout


@pytest.mark.slow
def test_real_tei_all_accepts_valid_tei_and_names_an_unknown_element(tei_all_checker: TeiAllChecker) -> None:
    valid = xmlio.parse_file(HERE / "valid.xml")
    invalid = xmlio.parse_file(HERE / "invalid.xml")
    findings = tei_all_checker.check_batch([Document("valid.xml", valid), Document("invalid.xml", invalid)])
    assert [(f.file, f.line, f.rule) for f in findings if "foo" in f.message] == [("invalid.xml", 14, "tei-all")]
    assert not [f for f in findings if f.file == "valid.xml"]
