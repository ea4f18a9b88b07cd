"""The fixtures: valid ones pass every schema, invalid ones fail with their rule at their marked lines."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from conftest import ROOT
from teikit.errors import TeikitError
from teikit.xmlio import TEI_NS, XML_NS, parse_bytes, parse_file

from .helpers import EDITION, GRAMMAR_FIXTURES, INVALID, RULE_FIXTURES, VALID, expected_lines, schematron_findings


def test_there_are_valid_and_invalid_fixtures():
    assert len(VALID) >= 3
    assert len(GRAMMAR_FIXTURES) >= 4


def test_every_rule_has_an_invalid_fixture_named_after_it(odd):
    assert sorted(p.stem for p in RULE_FIXTURES) == sorted(r.ident for r in odd.rules)


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_valid_fixture_passes_rng_xsd_and_schematron(path, rng, xsd, xsd_xmlschema, sch):
    tree = parse_file(path)
    assert rng.validate(tree), str(rng.error_log)
    assert xsd.validate(tree), str(xsd.error_log)
    xsd_xmlschema.validate(tree)
    assert schematron_findings(sch, tree) == []


@pytest.mark.parametrize("path", RULE_FIXTURES, ids=lambda p: p.name)
def test_invalid_fixture_fails_with_its_rule_at_the_marked_lines(path, rng, sch):
    expected = expected_lines(path)
    assert expected and set(expected.values()) == {path.stem}
    tree = parse_file(path)
    findings = schematron_findings(sch, tree)
    assert {rule for rule, _, _ in findings} == {path.stem}, findings
    assert sorted(line for _, line, _ in findings) == sorted(expected), findings
    assert all(len(message) > 40 for _, _, message in findings)  # a message that says what to fix


def test_teikit_validate_reports_each_invalid_fixture_with_its_rule_at_its_lines():
    from teikit.validate import validate_paths

    findings = validate_paths(INVALID)  # the project's default schemas, from the package data
    for path in INVALID:
        expected = expected_lines(path)
        got = {(f.line, f.rule) for f in findings if Path(f.file).name == path.name}
        if path.stem.startswith("grammar-"):
            assert {rule for _, rule in got} == {"rng", "xsd"} and {line for line, _ in got} == set(expected), got
        else:
            assert got == {(line, path.stem) for line in expected}, (path.name, got)
    assert not validate_paths(VALID)


@pytest.mark.parametrize("path", GRAMMAR_FIXTURES, ids=lambda p: p.name)
def test_grammar_fixture_fails_rng_and_xsd_at_the_marked_line(path, rng, xsd, xsd_xmlschema, sch):
    (line,) = expected_lines(path)
    tree = parse_file(path)
    assert not rng.validate(tree)
    assert rng.error_log[0].line == line, str(rng.error_log)
    assert not xsd.validate(tree)
    assert xsd.error_log[0].line == line, str(xsd.error_log)
    assert not xsd_xmlschema.is_valid(tree)
    assert schematron_findings(sch, tree) == []  # only the grammar is broken


def test_a_duplicate_xml_id_is_a_finding_not_a_parse_error(sch):
    data = (b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body>\n<p xml:id="a">x</p>\n<p xml:id="a">y</p>'
            b"</body></text></TEI>")
    tree = parse_bytes(data, "dup.xml")
    assert [p.text for p in tree.iter(f"{{{TEI_NS}}}p")] == ["x", "y"]
    assert [(rule, line) for rule, line, _ in schematron_findings(sch, tree) if rule == "id-unique"] == [
        ("id-unique", 3)]
    with pytest.raises(TeikitError, match="not well-formed"):  # other errors still stop the parse
        parse_bytes(data.replace(b"</body>", b"</bdy>"), "dup.xml")


def test_the_edition_validates_clean(rng, xsd, sch):
    if not EDITION.exists():
        pytest.skip(f"{EDITION.relative_to(ROOT)} is not built yet (the converter lands it on main)")
    tree = parse_file(EDITION)
    assert rng.validate(tree), str(rng.error_log)
    assert xsd.validate(tree), str(xsd.error_log)
    assert schematron_findings(sch, tree) == []


def test_valid_fixtures_use_every_element_and_attribute_so_tei_all_checks_them_all(odd):
    used: set[tuple[str, str]] = set()
    for path in VALID:
        for el in parse_file(path).iter("{*}*"):
            name = etree.QName(el).localname
            used.add((name, ""))
            used.update((name, att.replace(f"{{{XML_NS}}}", "xml:")) for att in el.attrib)
    unused = [f"<{e.ident}>" for e in odd.elements if (e.ident, "") not in used]
    unused += [f"{e.ident}/@{a.ident}" for e in odd.elements for a in e.attributes
               if a.origin != "att.global" and (e.ident, a.ident) not in used]
    assert unused == []
