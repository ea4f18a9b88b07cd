"""ISO Schematron's lets at every level (schema, pattern, rule) and XSLT's key() in teikit's XPath 2 runner: each
fires where it should, and nowhere else; the jTEI exemplar's own lets and keys work."""

from __future__ import annotations

import pytest

from conftest import FIXTURES, shared_path
from teikit.errors import TeikitError
from teikit.validate.checkers.schematron_xpath2 import SchematronXPath2Checker
from teikit.validate.document import Document
from teikit.xmlio import parse_bytes, parse_file

LETS = FIXTURES / "schematron2" / "lets"


@pytest.fixture(scope="module")
def checker():
    return SchematronXPath2Checker(LETS / "lets.sch")


def findings(checker, name: str):
    path = LETS / name
    return [(f.rule, f.line, f.message) for f in checker.check(Document(name, parse_file(path)))]


def test_a_document_that_keeps_every_rule_raises_nothing(checker):
    assert findings(checker, "valid.xml") == []


@pytest.mark.parametrize(("name", "expected"), [
    # a rule's context using a pattern's let (a sequence) of another pattern, and a let that uses a later one
    ("div-kinds.xml", ("div-kinds", 4, "a div of kind part: the kinds are chapter or section")),
    # a pattern's let evaluated at the document node: the root element's language, not the paragraph's child's
    ("same-language.xml", ("same-language", 5, "a paragraph in fr, not in the document's en")),
    # a rule's let beside the schema's
    ("word-count.xml", ("word-count", 5, "6 words, at most 4")),
    # key() through the schema's xsl:key
    ("ref-target.xml", ("ref-target", 5, "no element has the id c2")),
])
def test_each_level_of_let_and_key_fires_where_it_is_broken(checker, name, expected):
    assert findings(checker, name) == [expected]


def schematron(tmp_path, body: str):
    sch = tmp_path / "s.sch"
    sch.write_text(f'<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2">{body}</schema>')
    return sch


def test_a_global_let_declared_twice_or_in_a_loop_is_an_error_of_the_schema(tmp_path):
    twice = schematron(tmp_path, '<let name="a" value="1"/><pattern><let name="a" value="2"/></pattern>')
    with pytest.raises(TeikitError, match="declared twice"):
        SchematronXPath2Checker(twice)
    loop = schematron(tmp_path, '<let name="a" value="$b"/><let name="b" value="$a"/>'
                                '<pattern id="p"><rule context="x"><assert test="$a">x</assert></rule></pattern>')
    with pytest.raises(TeikitError, match="in a loop: a -> b -> a"):
        SchematronXPath2Checker(loop).check(Document("d.xml", parse_bytes(b"<x/>")))


def test_a_let_that_asks_for_a_url_gets_nothing_and_fetches_nothing(tmp_path, monkeypatch):
    """jTEI's tei.version let reads a URL with unparsed-text(): never the network."""
    import urllib.request

    import elementpath.xpath30._xpath30_functions as functions

    def refuse(*args, **kwargs):
        raise AssertionError("the network was asked")

    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    monkeypatch.setattr(functions, "urlopen", refuse)
    sch = schematron(tmp_path, '<let name="url" value="\'https://www.tei-c.org/release/doc/tei-p5-doc/VERSION\'"/>'
                               '<let name="v" value="if (unparsed-text-available($url)) then unparsed-text($url) '
                               'else \'unknown\'"/>'
                               '<pattern id="p"><rule context="x"><report test="true()">version '
                               '<value-of select="$v"/></report></rule></pattern>')
    (found,) = SchematronXPath2Checker(sch).check(Document("d.xml", parse_bytes(b"<x/>")))
    assert found.message == "version unknown"


@pytest.fixture(scope="module")
def jtei(tmp_path_factory):
    """The jTEI exemplar's Schematron, compiled by teikit (its lets are in a pattern of their own, it has a key)."""
    from teikit.schema.build import build, render

    p5 = shared_path("tei", "p5")
    files = render(build(p5 / "exemplars" / "tei_jtei.odd", p5 / "p5subset.xml"), ("sch",)).files
    sch = tmp_path_factory.mktemp("jtei") / "tei_jtei.sch"
    sch.write_bytes(files["tei_jtei.sch"])
    return SchematronXPath2Checker(sch)


def test_the_jtei_exemplars_lets_and_keys_fire_on_its_test_document_broken(jtei):
    source = shared_path("tei", "p5", "exemplars", "tei_jtei.tei").read_bytes()
    assert jtei.check(Document("tei_jtei.tei", parse_bytes(source))) == []
    assert b"<body>" in source and b"</body>" in source
    broken = source.replace(b"<body>", b'<body><div type="abstract"><p>It isn\'t here.</p></div>', 1)
    rules = sorted({f.rule for f in jtei.check(Document("broken.tei", parse_bytes(broken)))})
    # $div.types.front (a context) and $apos.straight, both lets of the pattern that declares nothing else
    assert "jtei.sch-divtypes-front" in rules and "jtei.sch-straightApos" in rules
