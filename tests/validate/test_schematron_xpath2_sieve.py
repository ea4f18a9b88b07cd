"""The one-pass sieve of the XPath 2 runner: which checks it takes, and that it fires exactly when a lookup would."""

from __future__ import annotations

import pytest

from conftest import SHARED
from teikit.errors import TeikitError
from teikit.validate.checkers.schematron_xpath2 import SchematronXPath2Checker, runner, sieve
from teikit.validate.document import Document
from teikit.xmlio import parse_file

from .helpers import FIXTURES, PREFIX, SCH_FIXTURES, document

BROKEN = {  # many-constraints-broken.xml: each line breaks one constraint whose check the sieve runs
    ("lg-atleast1oflggapl-constraint-rule-22", 12),
    ("l-abstractModel-structure-l-in-l-constraint-rule-21", 13),
    ("p-abstractModel-structure-p-in-l-constraint-rule-12", 14),
    ("list-gloss-list-must-have-labels-constraint-rule-19", 15),
    ("ref-refAtts-constraint-rule-18", 16),
    ("span-target-from-constraint-rule-31", 17),
    ("s-noNestedS-constraint-rule-30", 18),
    ("relation-active-mutual-constraint-rule-53", 19),
}


def test_broken_constraints_are_found_through_the_sieve(constraints):
    path = SCH_FIXTURES / "many-constraints-broken.xml"
    tree = parse_file(path)
    assert {(f.rule.removeprefix(PREFIX), f.line) for f in constraints.check(Document(str(path), tree))} == BROKEN
    sieve = constraints.sieve()
    assert sieve.transform is not None and len(sieve.checks) > 45  # of TEI's 135 checks, most are plain
    assert len(sieve.fired(tree)) == len(BROKEN)


def test_two_prefixes_of_one_namespace_share_one_template_of_the_sieve(tmp_path):
    sch = tmp_path / "prefixes.sch"
    sch.write_text(
        '<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2">'
        '<ns prefix="a" uri="urn:t"/><ns prefix="b" uri="urn:t"/>'
        '<pattern id="one"><rule context="a:p"><assert test="@n">no n</assert></rule></pattern>'
        '<pattern id="two"><rule context="b:p"><report test="b:q">a q</report></rule></pattern>'
        "</schema>"
    )
    doc = tmp_path / "doc.xml"
    doc.write_text('<d xmlns="urn:t">\n<p><q/></p>\n</d>')
    constraints = SchematronXPath2Checker(sch)
    assert len(constraints.sieve().checks) == 2
    findings = constraints.check(Document("doc.xml", parse_file(doc)))
    assert [(f.rule, f.line) for f in findings] == [("one", 2), ("two", 2)]


def test_findings_are_the_same_when_the_sieve_cannot_run(constraints, monkeypatch):
    path = SCH_FIXTURES / "many-constraints-broken.xml"
    with_sieve = constraints.check(document(path))
    monkeypatch.setattr(sieve.Sieve, "fired", lambda self, tree: None)  # e.g. XML nested too deep
    assert constraints.check(document(path)) == with_sieve


@pytest.mark.parametrize(
    ("context", "expected"),
    [
        ("tei:lg", ("tei:lg", "self::tei:lg")),
        ("tei:l//tei:p", ("tei:p", "self::tei:p[ancestor::tei:l]")),
        ("tei:elementSpec/tei:valList", ("tei:valList", "self::tei:valList[parent::tei:elementSpec]")),
        ("/tei:TEI", ("tei:TEI", "self::tei:TEI[not(parent::*)]")),
        ("a[@x]/b//c[d or e]", ("c", "self::c[d or e][ancestor::b[parent::a[@x]]]")),
        ("tei:list[@type='gloss' and tei:item[@n]]", ("tei:list", "self::tei:list[@type='gloss' and tei:item[@n]]")),
        ("tei:*[@when]", ("tei:*", "self::tei:*[@when]")),  # (the sieve leaves wildcards to one lookup each)
        ("tei:rt/@target", None),  # attributes
        ("ancestor::tei:p", None),  # axes
        ("tei:item[1]", None),  # positions
        ("tei:item[last()]", None),
        ("tei:p[. = current()]", None),
        ("tei:a | tei:b", None),  # unions are split into branches before
    ],
)
def test_context_paths_become_tests_on_the_node_itself(context, expected):
    assert sieve.self_test(context) == expected


@pytest.mark.slow
def test_sieve_and_one_lookup_per_check_agree_on_every_fixture_and_corpus_file(constraints):
    """For every check the sieve runs: it says "fires" exactly when the check's own lookup finds a node."""
    files = sorted(FIXTURES.rglob("*.xml")) + sorted((SHARED / "corpora").glob("*/*.xml"))
    sieve = constraints.sieve()
    by_check = {
        check: (pattern, pattern.rules[0])
        for pattern in constraints.patterns
        for check in pattern.rules[0].checks
        if check in sieve.checks
    }
    mismatches, compared, fired = [], 0, 0
    for path in files:
        try:
            tree = parse_file(path)
        except TeikitError:
            continue
        said = sieve.fired(tree)
        run = runner._Run(constraints, Document(str(path), tree))
        for check, (pattern, rule) in by_check.items():
            others = set(rule.checks) - {check}
            found = bool(run._apply_in_bulk(pattern, rule, others))
            fired += found
            if found != (check in said):
                mismatches.append(f"{path}: {pattern.id} line {check.line}: lookup {found}, sieve {not found}")
        compared += 1
    assert not mismatches, "\n".join(mismatches)
    assert compared > 60 and fired >= len(BROKEN)
