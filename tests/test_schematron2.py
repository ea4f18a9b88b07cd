"""TEI's own Schematron constraints (XPath 2) through teikit's elementpath runner."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from conftest import FIXTURES, SHARED, shared_path
from teikit import schematron2
from teikit.validate.locate import resolve_xpath
from teikit.xmlio import TEI_NS, parse_file

SCH_FIXTURES = FIXTURES / "schematron2"
PREFIX = "tei_all-"


@pytest.fixture(scope="session")
def checker() -> schematron2.SchematronChecker:
    return schematron2.SchematronChecker(shared_path("tei", "tei_all.isosch"))


def findings_of(checker, name: str):
    path = SCH_FIXTURES / name
    return checker.check(parse_file(path), str(path))


def test_date_with_when_and_from_breaks_the_att_datable_constraint(checker):
    (finding,) = findings_of(checker, "date-when-and-from.xml")
    assert finding.rule == PREFIX + "att.datable.w3c-att-datable-w3c-when-constraint-rule-2"
    assert (finding.line, finding.column) == (13, 9)  # the <date> start tag
    assert finding.severity == "error"  # role="nonfatal": an error that does not stop the run
    assert "@when attribute cannot be used with any other att.datable.w3c attributes" in finding.message


def test_ptr_with_target_and_cref_breaks_ptr_atts(checker):
    (finding,) = findings_of(checker, "ptr-target-and-cref.xml")
    assert finding.rule == PREFIX + "ptr-ptrAtts-constraint-rule-17"
    assert finding.line == 13
    # sch:name in the message is the element's name
    assert finding.message == "Only one of the attributes @target and @cRef may be supplied on <ptr>."


def test_div_inside_p_through_a_note_breaks_the_abstract_model_but_not_inside_floating_text(checker):
    findings = findings_of(checker, "div-in-p-through-note.xml")
    rules = {f.rule: f.line for f in findings}
    # the div at line 21 (in note/app/lem), and the p inside it; not the div of line 16, inside floatingText
    assert rules == {
        PREFIX + "div-abstractModel-structure-div-in-ab-or-p-constraint-rule-28": 21,
        PREFIX + "p-abstractModel-structure-p-in-ab-or-p-constraint-rule-11": 21,
    }


def test_valid_documents_raise_nothing(checker):
    for path in [SCH_FIXTURES / "valid-constraints.xml", *sorted((FIXTURES / "teiall").glob("valid-*.xml"))]:
        assert checker.check(parse_file(path), str(path)) == [], path


def test_every_expression_of_tei_all_parses(checker):
    """Contexts, lets, tests and value-of selects: XPath 2 plus current(), generate-id() and ||."""
    count = 0
    for pattern in checker.patterns:
        for rule in pattern.rules:
            expressions = [f"//({rule.context})", *(value for _, value in rule.lets)]
            for check in rule.checks:
                expressions.append(check.test)
                expressions += [c.get("select") for c in check.message if c.get("select")]
            for expression in expressions:
                checker.xpath2(expression)
                count += 1
    assert len(checker.patterns) == 93 and count > 250


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
    (finding,) = schematron2.SchematronChecker(sch).check(parse_file(doc), "doc.xml")
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
    findings = schematron2.SchematronChecker(sch).check(parse_file(doc), "doc.xml")
    assert [(f.line, f.message) for f in findings] == [(2, "special"), (3, "plain")]


# --- the one-pass sieve ------------------------------------------------------------------------------------------

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


def test_broken_constraints_are_found_through_the_sieve(checker):
    path = SCH_FIXTURES / "many-constraints-broken.xml"
    tree = parse_file(path)
    assert {(f.rule.removeprefix(PREFIX), f.line) for f in checker.check(tree, str(path))} == BROKEN
    sieve = checker.sieve()
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
    checker = schematron2.SchematronChecker(sch)
    assert len(checker.sieve().checks) == 2
    findings = checker.check(parse_file(doc), "doc.xml")
    assert [(f.rule, f.line) for f in findings] == [("one", 2), ("two", 2)]


def test_findings_are_the_same_when_the_sieve_cannot_run(checker, monkeypatch):
    path = SCH_FIXTURES / "many-constraints-broken.xml"
    with_sieve = checker.check(parse_file(path), str(path))
    monkeypatch.setattr(schematron2._Sieve, "fired", lambda self, tree: None)  # e.g. XML nested too deep
    assert checker.check(parse_file(path), str(path)) == with_sieve


def test_a_context_that_needs_an_attribute_is_looked_for_through_it(checker):
    assert checker._context_xpath1("tei:*[@when]") == "/descendant::*/@when/parent::tei:*[@when]"
    assert checker._context_xpath1("tei:l//tei:p") == "//tei:l//tei:p"  # more than one step: as it is
    path = SCH_FIXTURES / "date-when-and-from.xml"  # still found: the finding of the first test above
    assert [f.line for f in checker.check(parse_file(path), str(path))] == [13]


def test_a_context_that_counts_elements_is_skipped_without_them_and_fires_with_them(checker):
    context = "/*[ count( //tei:constraintDecl ) gt 1 ]"
    assert checker.context_required_names(context) == {f"{{{TEI_NS}}}constraintDecl"}
    assert checker.context_required_names("/*[ count( //tei:a | //tei:b ) gt 1 ]") == set()  # unions: unknown
    path = SCH_FIXTURES / "two-constraint-decls-one-scheme.xml"
    (finding,) = checker.check(parse_file(path), str(path))
    assert finding.rule == PREFIX + "constraintDecl-one-constraintDecl-per-scheme-constraint-rule-81"
    assert finding.line == 2


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
    assert schematron2._self_test(context) == expected


@pytest.mark.slow
def test_sieve_and_one_lookup_per_check_agree_on_every_fixture_and_corpus_file(checker):
    """For every check the sieve runs: it says "fires" exactly when the check's own lookup finds a node."""
    files = sorted(FIXTURES.rglob("*.xml")) + sorted((SHARED / "corpora").glob("*/*.xml"))
    sieve = checker.sieve()
    by_check = {
        check: (pattern, pattern.rules[0])
        for pattern in checker.patterns
        for check in pattern.rules[0].checks
        if check in sieve.checks
    }
    mismatches, compared, fired = [], 0, 0
    for path in files:
        try:
            tree = parse_file(path)
        except schematron2.TeikitError:
            continue
        said = sieve.fired(tree)
        run = schematron2._Run(checker, tree, str(path))
        for check, (pattern, rule) in by_check.items():
            others = set(rule.checks) - {check}
            found = bool(run._apply_in_bulk(pattern, rule, others))
            fired += found
            if found != (check in said):
                mismatches.append(f"{path}: {pattern.id} line {check.line}: lookup {found}, sieve {not found}")
        compared += 1
    assert not mismatches, "\n".join(mismatches)
    assert compared > 60 and fired >= len(BROKEN)


@pytest.mark.slow
@pytest.mark.corpora
def test_corpora_raise_no_constraint_errors(checker):
    """Every corpus file is evaluated without an engine failure and, as read by this runner, breaks no constraint
    (a guard against false alarms; no second XPath 2 engine is at hand to compare with)."""
    shared_path("corpora")
    files = sorted((SHARED / "corpora").glob("*/*.xml"))
    problems = [str(f) for path in files for f in checker.check(parse_file(path), str(path))]
    assert len(files) > 30
    assert problems == []


def test_embedded_schematron_is_extracted_from_tei_all_rng(tmp_path):
    rng = shared_path("tei", "tei_all.rng")
    sch = tmp_path / "constraints.sch"
    sch.write_bytes(schematron2.extract_schematron(rng.read_bytes(), str(rng)))
    from_rng = schematron2.SchematronChecker(sch)
    assert len(from_rng.patterns) == 93
    assert from_rng.namespaces["tei"] == "http://www.tei-c.org/ns/1.0"
    path = SCH_FIXTURES / "ptr-target-and-cref.xml"
    assert [f.rule for f in from_rng.check(parse_file(path), str(path))] == [PREFIX + "ptr-ptrAtts-constraint-rule-17"]


def test_unsupported_schematron_is_refused_with_a_clear_error(tmp_path):
    sch = tmp_path / "abstract.sch"
    sch.write_text(
        '<schema xmlns="http://purl.oclc.org/dsdl/schematron"><pattern id="x">'
        '<rule abstract="true" id="r"><assert test="true()">x</assert></rule></pattern></schema>'
    )
    with pytest.raises(schematron2.TeikitError, match="abstract rules"):
        schematron2.SchematronChecker(sch)


# --- agreement with Saxon ---------------------------------------------------------------------------------------

SAXON_JAR = Path("/usr/share/java/Saxon-HE.jar")  # Debian's libsaxonhe-java, installed with jing
SVRL = "{http://purl.oclc.org/dsdl/svrl}"


def saxon(*args: str) -> None:
    subprocess.run(["java", "-cp", str(SAXON_JAR), "net.sf.saxon.Transform", *args], check=True, capture_output=True)


@pytest.mark.slow
def test_same_findings_as_saxon_on_every_fixture_and_corpus_file(checker, tmp_path):
    """TEI's constraints compiled by lxml's ISO Schematron skeleton and run by Saxon HE (XPath 2): the same
    (constraint, line) pairs as teikit's runner, file by file."""
    if shutil.which("java") is None or not SAXON_JAR.is_file():
        pytest.skip(f"java or {SAXON_JAR} is absent (apt-get install jing brings both)")
    from lxml import isoschematron

    skeleton = Path(isoschematron.__file__).parent / "resources" / "xsl" / "iso-schematron-xslt1"
    schema = parse_file(shared_path("tei", "tei_all.isosch"))
    root = schema.getroot()
    root.set("queryBinding", "xslt")  # the XSLT 1 skeleton only accepts this; Saxon still reads XPath 2
    for ns in root.findall(f"{{{schematron2.SCH_NS}}}ns[@prefix='sch']"):
        root.remove(ns)  # the skeleton binds sch itself; no rule that a TEI document can match uses it
    (tmp_path / "tei.sch").write_bytes(etree.tostring(schema))
    saxon(f"-s:{tmp_path / 'tei.sch'}", f"-xsl:{skeleton / 'iso_svrl_for_xslt1.xsl'}", f"-o:{tmp_path / 'v.xsl'}")
    docs = {}
    (tmp_path / "in").mkdir()
    for number, path in enumerate(sorted(FIXTURES.rglob("*.xml")) + sorted((SHARED / "corpora").glob("*/*.xml"))):
        try:
            tree = parse_file(path)
        except schematron2.TeikitError:
            continue  # refused before validation (malformed, unsafe)
        name = f"{number:03d}.xml"
        (tmp_path / "in" / name).symlink_to(path.resolve())
        docs[name] = tree
    (tmp_path / "out").mkdir()
    saxon(f"-s:{tmp_path / 'in'}", f"-xsl:{tmp_path / 'v.xsl'}", f"-o:{tmp_path / 'out'}")  # one JVM for all
    mismatches, fired = [], 0
    for name, tree in docs.items():
        theirs, pattern = set(), None
        for el in etree.parse(str(tmp_path / "out" / name)).getroot():
            if el.tag == f"{SVRL}active-pattern":
                pattern = el.get("id")
            elif el.tag in (f"{SVRL}failed-assert", f"{SVRL}successful-report"):
                node = resolve_xpath(tree, el.get("location"))
                theirs.add((pattern, node.sourceline if node is not None else None))
        mine = {(f.rule, f.line) for f in checker.check(tree, name)}
        fired += len(mine)
        if mine != theirs:
            only = f"Saxon only {sorted(theirs - mine)}, teikit only {sorted(mine - theirs)}"
            mismatches.append(f"{tree.docinfo.URL}: {only}")
    assert not mismatches, "\n".join(mismatches)
    assert len(docs) > 60 and fired >= 4
