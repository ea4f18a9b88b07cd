"""The one-pass Schematron (XPath 1) engine against lxml's skeleton, one pass per pattern: the same findings."""

from __future__ import annotations

import pytest

from conftest import FIXTURES, ROOT, SHARED
from teikit.errors import TeikitError
from teikit.validate.checkers.schematron import SchematronChecker
from teikit.validate.document import Document
from teikit.xmlio import parse_file

# The XPath 1 schemas (queryBinding xslt, the default): an XPath 2 one is the other runner's.
SCHEMAS = [p for p in [ROOT / "schema" / "teikit.sch", *sorted(FIXTURES.rglob("*.sch"))]
           if parse_file(p).getroot().get("queryBinding", "xslt").lower() == "xslt"]


def _documents() -> list[Document]:
    """Every fixture that parses (TEI or not: Schematron takes any XML), and every file of ../shared/corpora."""
    paths = sorted(FIXTURES.rglob("*.xml")) + sorted((SHARED / "corpora").glob("*/*.xml"))
    docs = []
    for path in paths:
        try:
            docs.append(Document(str(path), parse_file(path)))
        except TeikitError:
            pass  # not well-formed, or refused for safety: no checker sees it
    return docs


@pytest.mark.slow
@pytest.mark.parametrize("schema", SCHEMAS, ids=lambda p: p.name)
def test_one_pass_finds_what_one_pass_per_pattern_finds(schema):
    one_pass, per_pattern = SchematronChecker(schema), SchematronChecker(schema, one_pass=False)
    assert one_pass.one_pass is not None  # (else this would compare the skeleton with itself)
    docs = _documents()
    corpora = (SHARED / "corpora").is_dir()
    assert len(docs) > 100 if corpora else len(docs) > 50  # (the fixtures alone: 79)
    found = 0
    for doc in docs:
        expected = sorted(per_pattern.check(doc))
        assert sorted(one_pass.check(doc)) == expected, doc.name
        found += len(expected)
    # Enough findings for the comparison to mean something (ELTeC's level-1 rules fire 222 times on these files).
    least = 1000 if schema.name in ("teikit.sch", "mini.sch") else 100
    assert found > least if corpora else found > 10


def _both(tmp_path, schema: str, document: str) -> tuple[list, list, SchematronChecker]:
    sch = tmp_path / "s.sch"
    sch.write_text(f'<schema xmlns="http://purl.oclc.org/dsdl/schematron">{schema}</schema>')
    doc_path = tmp_path / "d.xml"
    doc_path.write_text(document)
    doc = Document(str(doc_path), parse_file(doc_path))
    one_pass = SchematronChecker(sch)
    return sorted(one_pass.check(doc)), sorted(SchematronChecker(sch, one_pass=False).check(doc)), one_pass


DOCUMENT = """<d xmlns="urn:t" n="1">
<!-- c -->
<p n="x"><q/><q>two</q></p>
<p/>
<r xml:id="a"/><r xml:id="a"/>
</d>"""

CASES = {
    # The first rule of a pattern that matches a node wins; later rules of the pattern do not see it.
    "first rule wins": '<ns prefix="t" uri="urn:t"/><pattern id="p"><rule context="t:p[@n]"><report test="1">a'
    '</report></rule><rule context="t:p"><report test="1">b</report></rule><rule context="t:*"><report test="1">'
    "c <name/></report></rule></pattern>",
    # Attribute, document-node and comment contexts (the skeleton visits attributes, not text).
    "attributes and the root": '<ns prefix="t" uri="urn:t"/><pattern><rule context="@n"><report test=". = \'x\'">'
    'n is <value-of select="."/></report></rule></pattern><pattern id="root"><rule context="/"><assert test="t:e">'
    'no e</assert></rule></pattern><pattern><rule context="text()"><report test="1">text</report></rule>'
    "</pattern>",
    # Abstract rules through extends, lets (of the schema and of a rule), keys, sch:name with a path, emph.
    "extends, lets, keys": '<ns prefix="t" uri="urn:t"/><xsl:key xmlns:xsl="http://www.w3.org/1999/XSL/Transform"'
    ' name="ids" match="*[@xml:id]" use="@xml:id"/><let name="count" value="count(//t:q)"/><pattern id="ids">'
    '<rule abstract="true" id="base"><let name="twin" value="key(\'ids\', @xml:id)[2]"/><assert test="not($twin)"'
    ' role="warning">twice: <name path="$twin"/> <emph>really</emph></assert></rule><rule context="t:r" id="r">'
    '<extends rule="base"/><report test="$count = 2" role="info">'
    '<value-of select="$count"/> q</report></rule></pattern>',
    # Two prefixes of one namespace, a union context, a rule in no namespace that matches nothing.
    "prefixes and unions": '<ns prefix="a" uri="urn:t"/><ns prefix="b" uri="urn:t"/><pattern><rule context="a:q | '
    'b:p"><report test="1"><name/></report></rule></pattern><pattern><rule context="p"><report test="1">none'
    "</report></rule></pattern>",
}


@pytest.mark.parametrize("schema", CASES.values(), ids=CASES.keys())
def test_one_pass_keeps_the_skeletons_semantics(tmp_path, schema):
    ours, skeleton, checker = _both(tmp_path, schema, DOCUMENT)
    assert checker.one_pass is not None
    assert ours  # every case fires somewhere
    # Two differences, on purpose. A finding about an attribute is at its element's line: the skeleton's location
    # path for an attribute leaves out the element ("/@n"), which points nowhere, so its finding is at line 1. And
    # a space between two elements of a message is kept: the skeleton's stylesheet drops it ("rreally").
    assert [(f.line, f.message) for f in ours if f.message.startswith(("n is", "twice"))] == [
        (f.line if f.line != 1 else 3, f.message.replace("rreally", "r really"))
        for f in skeleton if f.message.startswith(("n is", "twice"))
    ]
    assert [f for f in ours if not f.message.startswith(("n is", "twice"))] == [
        f for f in skeleton if not f.message.startswith(("n is", "twice"))
    ]


def test_first_rule_of_a_pattern_wins(tmp_path):
    ours, _, _ = _both(tmp_path, CASES["first rule wins"], DOCUMENT)
    assert [(f.line, f.message) for f in ours] == [(1, "c d"), (3, "a"), (3, "c q"), (3, "c q"), (4, "b"),
                                                   (5, "c r"), (5, "c r")]


def test_what_the_compiler_does_not_know_runs_through_the_skeleton(tmp_path):
    phases = ('<ns prefix="t" uri="urn:t"/><phase id="one"><active pattern="a"/></phase><pattern id="a"><rule '
              'context="t:p"><report test="1">p</report></rule></pattern><pattern id="b"><rule context="t:q">'
              '<report test="1">q</report></rule></pattern>')
    sch = tmp_path / "s.sch"
    sch.write_text(f'<schema xmlns="http://purl.oclc.org/dsdl/schematron" defaultPhase="one">{phases}</schema>')
    doc_path = tmp_path / "d.xml"
    doc_path.write_text(DOCUMENT)
    checker = SchematronChecker(sch)
    assert checker.one_pass is None
    assert [f.message for f in checker.check(Document(str(doc_path), parse_file(doc_path)))] == ["p", "p"]
