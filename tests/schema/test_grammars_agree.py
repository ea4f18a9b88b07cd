"""RELAX NG and XML Schema, generated from one ODD, give the same verdict, on the fixtures and on every one-place
change of a valid one."""

from __future__ import annotations

import copy

import pytest
from lxml import etree

from teikit.xmlio import parse_file

from .helpers import INVALID, VALID


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


def test_a_document_whose_root_is_not_tei_fails_both_grammars(rng, xsd):
    tree = etree.ElementTree(etree.fromstring(b'<p xmlns="http://www.tei-c.org/ns/1.0">text</p>'))
    assert not rng.validate(tree) and not xsd.validate(tree)
