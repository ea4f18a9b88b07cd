"""teikit schema: the ODD, the schemas generated from it, and the fixtures that prove each rule."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
import xmlschema
from lxml import etree, isoschematron

from conftest import FIXTURES, ROOT, run_cli, shared_path
from teikit.errors import TeikitError
from teikit.schema import generate
from teikit.schema.odd import read_odd
from teikit.validate import schemas
from teikit.validate.schemas import PACKAGE_SCHEMAS, default_schemas
from teikit.xmlio import TEI_NS, XML_NS, parse_bytes, parse_file

ODD = ROOT / "schema" / "teikit.odd"
SCHEMA_DIR = ROOT / "schema"
EDITION = ROOT / "tei" / "foundations-of-leninism-ch4.xml"
SVRL = "{http://purl.oclc.org/dsdl/svrl}"
VALID = sorted((FIXTURES / "valid").glob("*.xml"))
INVALID = sorted((FIXTURES / "invalid").glob("*.xml"))
RULE_FIXTURES = [p for p in INVALID if not p.stem.startswith("grammar-")]
GRAMMAR_FIXTURES = [p for p in INVALID if p.stem.startswith("grammar-")]
# A fixture marks each line where an error must be reported: `<!-- expect: RULE -->` at the end of the line.
EXPECT = re.compile(r"<!-- expect: ([\w-]+) -->")


def expected_lines(path: Path) -> dict[int, str]:
    return {n: m.group(1) for n, line in enumerate(path.read_text("utf-8").splitlines(), 1)
            if (m := EXPECT.search(line))}


@pytest.fixture(scope="session")
def odd():
    return read_odd(ODD)


@pytest.fixture(scope="session")
def rng():
    return etree.RelaxNG(parse_file(SCHEMA_DIR / "teikit.rng"))


@pytest.fixture(scope="session")
def xsd():
    return etree.XMLSchema(parse_file(SCHEMA_DIR / "teikit.xsd"))


@pytest.fixture(scope="session")
def xsd_xmlschema():
    return xmlschema.XMLSchema(str(SCHEMA_DIR / "teikit.xsd"))


@pytest.fixture(scope="session")
def sch():
    return isoschematron.Schematron(parse_file(SCHEMA_DIR / "teikit.sch"), store_report=True)


def schematron_findings(sch, tree) -> list[tuple[str, int, str]]:
    """(rule id, line, message) of every failed assertion, the line found from the SVRL location."""
    sch.validate(tree)
    found = []
    for failed in sch.validation_report.iter(f"{SVRL}failed-assert", f"{SVRL}successful-report"):
        nodes = tree.xpath(failed.get("location"))
        assert nodes, f"SVRL location {failed.get('location')} selects nothing"
        node = nodes[0]
        element = node if isinstance(node, etree._Element) else node.getparent()
        found.append((failed.get("id"), element.sourceline, " ".join("".join(failed.itertext()).split())))
    return found


# ---- generated files ----
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
    for name in ("teikit.rng", "teikit.xsd", "teikit.sch", "xml.xsd"):
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


# ---- fixtures: valid ones pass everything, invalid ones fail with their rule at their line ----
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


@pytest.mark.parametrize("path", VALID + INVALID, ids=lambda p: p.name)
def test_relax_ng_and_xml_schema_agree(path, rng, xsd, xsd_xmlschema):
    tree = parse_file(path)
    verdict = rng.validate(tree)
    assert xsd.validate(tree) == verdict
    assert xsd_xmlschema.is_valid(tree) == verdict


def _mutants(tree):
    """Every valid fixture, changed in one place: an element removed, swapped with its next sibling, doubled, or
    given text. Many of these are invalid, in many different ways; both grammars must say so alike."""
    count = sum(1 for _ in tree.getroot().iter("{*}*"))
    for i in range(1, count):
        for op in ("remove", "swap", "double", "text"):
            changed = copy.deepcopy(tree)
            el = list(changed.getroot().iter("{*}*"))[i]
            if op == "remove":
                el.getparent().remove(el)
            elif op == "swap":
                nxt = next(el.itersiblings("{*}*"), None)
                if nxt is None:
                    continue
                el.addprevious(nxt)
            elif op == "double":
                el.addnext(copy.deepcopy(el))
            else:
                el.text = "x" + (el.text or "")
            yield f"{op} {etree.QName(el).localname} #{i}", changed


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_relax_ng_and_xml_schema_agree_on_every_one_place_change_of_a_valid_fixture(path, rng, xsd):
    verdicts = {}
    for name, changed in _mutants(parse_file(path)):
        verdicts[name] = rng.validate(changed)
        assert xsd.validate(changed) == verdicts[name], f"{name}: RNG says {verdicts[name]}"
    assert len(verdicts) > 50
    assert 0.05 < list(verdicts.values()).count(False) / len(verdicts) < 0.95


def test_a_duplicate_xml_id_is_a_finding_not_a_parse_error(sch):
    data = (b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body>\n<p xml:id="a">x</p>\n<p xml:id="a">y</p>'
            b"</body></text></TEI>")
    tree = parse_bytes(data, "dup.xml")
    assert [p.text for p in tree.iter(f"{{{TEI_NS}}}p")] == ["x", "y"]
    assert [(rule, line) for rule, line, _ in schematron_findings(sch, tree) if rule == "id-unique"] == [
        ("id-unique", 3)]
    with pytest.raises(TeikitError, match="not well-formed"):  # other errors still stop the parse
        parse_bytes(data.replace(b"</body>", b"</bdy>"), "dup.xml")


def test_a_document_whose_root_is_not_tei_fails_both_grammars(rng, xsd):
    tree = etree.ElementTree(etree.fromstring(b'<p xmlns="http://www.tei-c.org/ns/1.0">text</p>'))
    assert not rng.validate(tree) and not xsd.validate(tree)


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


# ---- TEI All: the customisation is a subset of TEI ----
@pytest.fixture(scope="session")
def tei_all_tree():
    return parse_file(shared_path("tei", "tei_all.rng"))


@pytest.fixture(scope="session")
def tei_all(tei_all_tree):
    return etree.RelaxNG(tei_all_tree)  # about 15 s: once per session


@pytest.mark.slow
@pytest.mark.parametrize("path", [ODD, EDITION, *VALID], ids=lambda p: p.name)
def test_documents_valid_against_teikit_are_valid_tei_all(path, tei_all, rng):
    if not path.exists():
        pytest.skip(f"{path.relative_to(ROOT)} is not built yet (the converter lands it on main)")
    tree = parse_file(path)
    if path != ODD:
        assert rng.validate(tree)
    assert tei_all.validate(tree), str(tei_all.error_log)


def test_documents_valid_against_teikit_meet_tei_alls_own_schematron_constraints(tmp_path):
    # TEI All is its grammar and the Schematron constraints of its specifications (att.datable.w3c, ...):
    # `teikit validate --tei-all` runs both.
    documents = [str(p) for p in (EDITION, *VALID) if p.exists()]
    result = run_cli(
        "validate", "--tei-all", str(shared_path("tei", "tei_all.rng")), *documents,
        env={"TEIKIT_CACHE_DIR": str(tmp_path)},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{len(documents)} files checked" in result.stdout and f"{len(documents)} valid" in result.stdout


@pytest.mark.slow
def test_odd_allows_only_children_and_attributes_that_tei_all_allows(odd, tei_all_tree):
    from teikit.schema.manual import _refs

    rng_ns = "{http://relaxng.org/ns/structure/1.0}"
    defines: dict[str, list] = {}
    for d in tei_all_tree.getroot().iter(f"{rng_ns}define"):
        defines.setdefault(d.get("name"), []).append(d)

    def reachable(node, want: str, seen: set) -> set[str]:
        out: set[str] = set()
        for child in node.iterchildren(f"{rng_ns}*"):
            tag = etree.QName(child).localname
            if tag == "ref" and child.get("name") not in seen:
                seen.add(child.get("name"))
                for d in defines.get(child.get("name"), []):
                    el = d.find(f"{rng_ns}element")
                    if el is None:
                        out |= reachable(d, want, seen)
                    elif want == "element":
                        out.add(el.get("name"))
            elif tag in ("element", "attribute"):
                if tag == want:
                    out.add(child.get("name"))
            else:
                out |= reachable(child, want, seen)
        return out

    problems = []
    for el in odd.elements:
        tei = next((d.find(f"{rng_ns}element") for d in defines.get(el.ident, [])
                    if d.find(f"{rng_ns}element") is not None), None)
        if tei is None:
            problems.append(f"<{el.ident}> is not a TEI element")
            continue
        extra = _refs(el.content, odd) - reachable(tei, "element", set())
        extra_atts = {a.ident for a in el.attributes} - reachable(tei, "attribute", set())
        if extra or extra_atts:
            problems.append(f"<{el.ident}>: {sorted(extra)} {sorted(extra_atts)}")
    assert problems == []


# ---- the command ----
def test_cli_writes_schemas_and_manual(tmp_path):
    result = run_cli("schema", str(ODD), "-o", str(tmp_path / "out"), "--manual", str(tmp_path / "m.html"))
    assert result.returncode == 0, result.stderr
    for name in ("teikit.rng", "teikit.xsd", "teikit.sch", "xml.xsd"):
        assert (tmp_path / "out" / name).read_bytes() == (SCHEMA_DIR / name).read_bytes()
    assert "<h2 id=\"rules\">Rules</h2>" in (tmp_path / "m.html").read_text("utf-8")
    assert f"wrote {tmp_path / 'out' / 'teikit.rng'}" in result.stdout


def test_cli_missing_odd_is_one_line_error_exit_2(tmp_path):
    result = run_cli("schema", str(tmp_path / "none.odd"), "-o", str(tmp_path))
    assert result.returncode == 2
    assert result.stderr.strip() == f"teikit: error: {tmp_path / 'none.odd'}: no such file"
    assert not (tmp_path / "teikit.rng").exists()


def test_cli_odd_with_a_dangling_reference_names_file_and_line(tmp_path):
    text = ODD.read_text("utf-8").replace('<elementRef key="teiHeader"/>', '<elementRef key="teiHeadr"/>', 1)
    line = text[: text.index("teiHeadr")].count("\n") + 1
    bad = tmp_path / "bad.odd"
    bad.write_text(text, "utf-8")
    result = run_cli("schema", str(bad), "-o", str(tmp_path / "out"), "--manual", str(tmp_path / "m.html"))
    assert result.returncode == 2
    assert result.stderr.strip() == (f'teikit: error: {bad}:{line}: <elementRef key="teiHeadr"> names no '
                                     "declared element")
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(("change", "message"), [
    (('<valList type="closed">', '<valList type="open">'), "only closed value lists"),
    (("<content><empty/></content>", "<content><anyElement/></content>"), "<anyElement> is not supported"),
    (('<schemaSpec ident="teikit"', '<specGrp ident="teikit"'), "no <schemaSpec> found"),
    (('<elementRef key="monogr"/>', '<elementRef key="monogr" maxOccurs="lots"/>'), "is not a number"),
])
def test_unsupported_or_broken_odd_is_reported_with_its_line(tmp_path, change, message):
    old, new = change
    text = ODD.read_text("utf-8")
    assert old in text
    text = text.replace(old, new, 1).replace("</schemaSpec>", "</specGrp>" if "specGrp" in new else "</schemaSpec>")
    bad = tmp_path / "bad.odd"
    bad.write_text(text, "utf-8")
    with pytest.raises(TeikitError, match=re.escape(message)) as caught:
        read_odd(bad)
    assert caught.value.file == str(bad) and caught.value.line
