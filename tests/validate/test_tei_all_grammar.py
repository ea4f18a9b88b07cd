"""TEI All's grammar pruned to a batch's names: only the elements and attributes it uses, stubs, wildcards."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from teikit.validate.checkers.tei_all.grammar import prune
from teikit.validate.names import document_names, split_names
from teikit.xmlio import XML_NS, parse_bytes, parse_file

from .helpers import RNG_TAG, TEIALL_FIXTURES


def pruned_grammar(source, paths: list[Path]) -> etree._Element:
    names: set[str] = set()
    for path in paths:
        names |= document_names(parse_file(path))
    return parse_bytes(prune(source, names)).getroot()


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
    carried = {a.replace(f"{{{XML_NS}}}", "xml:") for el in parse_file(path).iter() for a in el.attrib}
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
    everything = prune(source, split_names(document_names(parse_file(path)))[0])
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
