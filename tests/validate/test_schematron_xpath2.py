"""TEI's own Schematron constraints (XPath 2) through teikit's runner: findings, messages, rule order, refusals."""

from __future__ import annotations

import pytest

from conftest import SHARED, shared_path
from teikit.errors import TeikitError
from teikit.validate.checkers.schematron_xpath2 import SchematronXPath2Checker
from teikit.validate.checkers.tei_all.cache import extract_schematron
from teikit.validate.document import Document
from teikit.xmlio import TEI_NS, parse_file

from .helpers import FIXTURES, PREFIX, SCH_FIXTURES, document


def findings_of(constraints, name: str):
    path = SCH_FIXTURES / name
    return constraints.check(document(path))


def test_date_with_when_and_from_breaks_the_att_datable_constraint(constraints):
    (finding,) = findings_of(constraints, "date-when-and-from.xml")
    assert finding.rule == PREFIX + "att.datable.w3c-att-datable-w3c-when-constraint-rule-2"
    assert (finding.line, finding.column) == (13, 9)  # the <date> start tag
    assert finding.severity == "error"  # role="nonfatal": an error that does not stop the run
    assert "@when attribute cannot be used with any other att.datable.w3c attributes" in finding.message


def test_ptr_with_target_and_cref_breaks_ptr_atts(constraints):
    (finding,) = findings_of(constraints, "ptr-target-and-cref.xml")
    assert finding.rule == PREFIX + "ptr-ptrAtts-constraint-rule-17"
    assert finding.line == 13
    # sch:name in the message is the element's name
    assert finding.message == "Only one of the attributes @target and @cRef may be supplied on <ptr>."


def test_div_inside_p_through_a_note_breaks_the_abstract_model_but_not_inside_floating_text(constraints):
    findings = findings_of(constraints, "div-in-p-through-note.xml")
    rules = {f.rule: f.line for f in findings}
    # the div at line 21 (in note/app/lem), and the p inside it; not the div of line 16, inside floatingText
    assert rules == {
        PREFIX + "div-abstractModel-structure-div-in-ab-or-p-constraint-rule-28": 21,
        PREFIX + "p-abstractModel-structure-p-in-ab-or-p-constraint-rule-11": 21,
    }


def test_valid_documents_raise_nothing(constraints):
    for path in [SCH_FIXTURES / "valid-constraints.xml", *sorted((FIXTURES / "teiall").glob("valid-*.xml"))]:
        assert constraints.check(document(path)) == [], path


def test_every_expression_of_tei_all_parses(constraints):
    """Contexts, lets, tests and value-of selects: XPath 2 plus current(), generate-id() and ||."""
    count = 0
    for pattern in constraints.patterns:
        for rule in pattern.rules:
            expressions = [f"//({rule.context})", *(value for _, value in rule.lets)]
            for check in rule.checks:
                expressions.append(check.test)
                expressions += [c.get("select") for c in check.message if c.get("select")]
            for expression in expressions:
                constraints.queries.xpath2(expression)
                count += 1
    assert len(constraints.patterns) == 93 and count > 250


def test_let_variables_and_value_of_reach_the_message(tmp_path):
    sch = tmp_path / "lets.sch"
    sch.write_text(
        '<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2">'
        '<ns prefix="t" uri="urn:t"/>'
        '<pattern id="count-words"><rule context="t:p">'
        '<let name="words" value="tokenize(normalize-space(.), \' \')"/>'
        '<let name="n" value="count($words)"/>'
        '<assert test="$n le 2">too many words: <value-of select="$n"/> in <name/>, '
        'first <value-of select="$words[1]"/></assert>'
        "</rule></pattern></schema>"
    )
    doc = tmp_path / "doc.xml"
    doc.write_text('<d xmlns="urn:t">\n<p>one two</p>\n<p>one two three</p>\n</d>')
    (finding,) = SchematronXPath2Checker(sch).check(Document("doc.xml", parse_file(doc)))
    assert (finding.rule, finding.line) == ("count-words", 3)
    assert finding.message == "too many words: 3 in p, first one"


def test_first_matching_rule_of_a_pattern_wins(tmp_path):
    sch = tmp_path / "order.sch"
    sch.write_text(
        '<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2">'
        '<pattern id="order">'
        '<rule context="item[@special]"><report test="true()">special</report></rule>'
        '<rule context="item"><report test="true()">plain</report></rule>'
        "</pattern></schema>"
    )
    doc = tmp_path / "doc.xml"
    doc.write_text('<list>\n<item special="1"/>\n<item/>\n</list>')
    findings = SchematronXPath2Checker(sch).check(Document("doc.xml", parse_file(doc)))
    assert [(f.line, f.message) for f in findings] == [(2, "special"), (3, "plain")]


def test_a_context_that_needs_an_attribute_is_looked_for_through_it(constraints):
    assert constraints.queries.context_xpath1("tei:*[@when]") == "/descendant::*/@when/parent::tei:*[@when]"
    assert constraints.queries.context_xpath1("tei:l//tei:p") == "//tei:l//tei:p"  # more than one step: as it is
    path = SCH_FIXTURES / "date-when-and-from.xml"  # still found: the finding of the first test above
    assert [f.line for f in constraints.check(document(path))] == [13]


def test_a_context_that_counts_elements_is_skipped_without_them_and_fires_with_them(constraints):
    context = "/*[ count( //tei:constraintDecl ) gt 1 ]"
    assert constraints.queries.context_required_names(context) == {f"{{{TEI_NS}}}constraintDecl"}
    union = "/*[ count( //tei:a | //tei:b ) gt 1 ]"
    assert constraints.queries.context_required_names(union) == set()  # unions: unknown
    path = SCH_FIXTURES / "two-constraint-decls-one-scheme.xml"
    (finding,) = constraints.check(document(path))
    assert finding.rule == PREFIX + "constraintDecl-one-constraintDecl-per-scheme-constraint-rule-81"
    assert finding.line == 2


@pytest.mark.slow
@pytest.mark.corpora
def test_corpora_raise_no_constraint_errors(constraints):
    """Every corpus file is evaluated without an engine failure and, as read by this runner, breaks no constraint
    (a guard against false alarms; no second XPath 2 engine is at hand to compare with)."""
    shared_path("corpora")
    files = sorted((SHARED / "corpora").glob("*/*.xml"))
    problems = [str(f) for path in files for f in constraints.check(document(path))]
    assert len(files) > 30
    assert problems == []


def test_embedded_schematron_is_extracted_from_tei_all_rng(tmp_path):
    rng = shared_path("tei", "tei_all.rng")
    sch = tmp_path / "constraints.sch"
    sch.write_bytes(extract_schematron(rng.read_bytes(), str(rng)))
    from_rng = SchematronXPath2Checker(sch)
    assert len(from_rng.patterns) == 93
    assert from_rng.namespaces["tei"] == "http://www.tei-c.org/ns/1.0"
    path = SCH_FIXTURES / "ptr-target-and-cref.xml"
    assert [f.rule for f in from_rng.check(document(path))] == [PREFIX + "ptr-ptrAtts-constraint-rule-17"]


def test_unsupported_schematron_is_refused_with_a_clear_error(tmp_path):
    sch = tmp_path / "abstract.sch"
    sch.write_text(
        '<schema xmlns="http://purl.oclc.org/dsdl/schematron"><pattern id="x">'
        '<rule abstract="true" id="r"><assert test="true()">x</assert></rule></pattern></schema>'
    )
    with pytest.raises(TeikitError, match="abstract rules"):
        SchematronXPath2Checker(sch)
