"""The generated files: the committed schemas equal a fresh generation from the ODD, they are shipped as package
data, and each output (RELAX NG, Schematron, the manual) says what the ODD says."""

from __future__ import annotations

import pytest
from lxml import etree

from conftest import ROOT
from teikit.errors import TeikitError
from teikit.schema import generate
from teikit.schema.odd import read_odd
from teikit.validate import schemas
from teikit.validate.schemas import PACKAGE_SCHEMAS, default_schemas
from teikit.xmlio import parse_file

from .helpers import ODD, SCHEMA_DIR


def test_committed_schemas_equal_a_fresh_generation_from_the_odd(odd):
    fresh = generate(odd)
    assert set(fresh.schemas) == {"teikit.rng", "teikit.xsd", "teikit.sch", "xml.xsd"}
    for name, data in fresh.schemas.items():
        assert (SCHEMA_DIR / name).read_bytes() == data, f"schema/{name} drifted from the ODD: run 'make schema'"
        assert (PACKAGE_SCHEMAS / name).read_bytes() == data, (
            f"tools/teikit/data/schema/{name} drifted from the ODD: run 'make schema'")


def test_generation_is_deterministic(odd):
    assert generate(odd) == generate(read_odd(ODD))


def test_installed_package_finds_its_default_schemas(tmp_path, monkeypatch):
    for _kind, path in default_schemas():
        assert path.read_bytes() == (SCHEMA_DIR / path.name).read_bytes()
    monkeypatch.setattr(schemas, "PACKAGE_SCHEMAS", tmp_path)
    with pytest.raises(TeikitError, match="the project's schema teikit.rng is missing from teikit's package data"):
        default_schemas()


def test_pyproject_ships_the_schemas_as_package_data():
    import fnmatch
    import tomllib

    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]["package-data"]
    for name in ("teikit.odd", "teikit.rng", "teikit.xsd", "teikit.sch", "xml.xsd"):  # the ODD: for `teikit init`
        assert any(fnmatch.fnmatch(f"data/schema/{name}", p) for p in patterns["teikit"]), name


def test_rng_declares_every_element_of_the_odd_with_its_closed_lists(odd):
    grammar = parse_file(SCHEMA_DIR / "teikit.rng")
    ns = {"r": "http://relaxng.org/ns/structure/1.0"}
    declared = grammar.xpath("//r:element/@name", namespaces=ns)
    assert sorted(declared) == sorted(e.ident for e in odd.elements)
    assert len(declared) >= 80
    div_types = grammar.xpath("//r:element[@name='div']//r:attribute[@name='type']//r:value/text()", namespaces=ns)
    assert div_types == ["chapter", "section", "subsection", "notes", "bibliography", "index"]
    units = grammar.xpath("//r:element[@name='biblScope']//r:attribute[@name='unit']//r:value/text()", namespaces=ns)
    assert "page" in units and "volume" in units


def test_schematron_has_one_pattern_per_rule_and_the_rule_id_on_each_assert(odd):
    schema = parse_file(SCHEMA_DIR / "teikit.sch")
    ns = {"s": "http://purl.oclc.org/dsdl/schematron"}
    assert schema.getroot().get("queryBinding") == "xslt"
    assert schema.xpath("//s:assert/@id", namespaces=ns) == [r.ident for r in odd.rules]
    assert all(a.get("role") == "error" for a in schema.xpath("//s:assert", namespaces=ns))


def test_manual_documents_every_element_attribute_value_and_rule(odd):
    html = etree.fromstring(generate(odd).manual, etree.HTMLParser())
    for el in odd.elements:
        assert html.xpath(f"//*[@id='el-{el.ident}']"), f"no manual entry for <{el.ident}>"
    for rule in odd.rules:
        row = html.xpath(f"//*[@id='rule-{rule.ident}']/..")
        assert row and rule.desc[:30] in "".join(row[0].itertext())
    div = html.xpath("//*[@id='el-div']/..")[0]
    assert "chapter" in "".join(div.itertext()) and "notes" in "".join(div.itertext())
