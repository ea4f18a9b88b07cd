"""`teikit validate`: checkers, findings, report formats, exit codes, and the API other stages use."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from lxml import etree

from conftest import FIXTURES, ROOT, run_cli, shared_path
from teikit import xmlio
from teikit.errors import TeikitError
from teikit.findings import Finding
from teikit.teiall import TeiAllChecker
from teikit.validate import FileResult, check_files, plan_checks, validate, validate_paths
from teikit.validate import cache as xsd_cache
from teikit.validate.checkers import Document, schema_kind
from teikit.validate.locate import locate_elements
from teikit.validate.reports import render_github, render_step_summary
from teikit.validate.run import Check
from teikit.validate.schemas import default_schemas, find_tei_all

HERE = FIXTURES / "validate"
SCHEMAS = HERE / "schema"
MINI = [str(SCHEMAS / "mini.rng"), str(SCHEMAS / "mini.xsd"), str(SCHEMAS / "mini.sch")]
RNG = ["--schema", MINI[0]]
ALL_MINI = [arg for schema in MINI for arg in ("--schema", schema)]

# What the three small schemas find in invalid.xml: (line, column, rule), and the rules' words.
INVALID_FINDINGS = {
    (14, 15, "rng"),  # <foo> is no TEI element of the subset
    (14, 15, "xsd"),
    (15, 9, "text-clean"),  # "--" in the paragraph (Schematron, id from the pattern)
    (15, 19, "pb-n-number"),  # pb/@n="xii" (Schematron, id from the assert)
    (16, 17, "rng"),  # hi/@rend="bold" is not in the closed list
    (16, 17, "xsd"),
}


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    """Every test gets its own cache folder, so that none reads or writes ~/.cache."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("TEIKIT_CACHE_DIR", str(folder))
    monkeypatch.delenv("TEIKIT_TEI_ALL", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    return folder


# The run's wall time in a summary line, e.g. " in 0.21 s": it varies, so tests compare summaries without it.
TIME = re.compile(r" in \d+\.\d\d s")


def untimed(text: str) -> str:
    """`text` with the wall time taken out of its summary lines (checking that they carry one)."""
    assert TIME.search(text), f"no time in {text!r}"
    return TIME.sub("", text)


def parse_text_report(stdout: str) -> tuple[list[tuple[str, int, int, str, str]], str]:
    """(file, line, column, severity, rule) of each finding line, and the summary line without its time."""
    *lines, summary = stdout.strip().splitlines()
    summary = untimed(summary)
    found = []
    for line in lines:
        where, severity, rest = (
            line.split(": ", 2)[0],
            line.split(": ", 2)[1].split(" ")[0],
            line.split(": ", 2)[1],
        )
        file, number, column = where.rsplit(":", 2)
        rule = rest.split("[", 1)[1].split("]", 1)[0]
        found.append((file, int(number), int(column), severity, rule))
    return found, summary


# --- text report and exit codes -----------------------------------------------------------------------------


def test_valid_document_exits_0_with_a_summary_only() -> None:
    result = run_cli("validate", str(HERE / "valid.xml"), *ALL_MINI)
    assert result.returncode == 0, result.stderr
    assert untimed(result.stdout) == "1 file checked: 1 valid, 0 invalid, 0 errors, 0 warnings\n"


def test_invalid_document_lists_every_finding_with_its_rule_line_and_column() -> None:
    result = run_cli("validate", str(HERE / "invalid.xml"), *ALL_MINI)
    assert result.returncode == 1
    found, summary = parse_text_report(result.stdout)
    assert {(line, column, rule) for _, line, column, _, rule in found} == INVALID_FINDINGS
    assert len(found) == len(INVALID_FINDINGS)
    assert {file for file, *_ in found} == {str(HERE / "invalid.xml")}
    assert summary == (
        "1 file checked: 0 valid, 1 invalid, 6 errors, 0 warnings; by rule: rng 2, xsd 2, pb-n-number 1, text-clean 1"
    )
    assert "Did not expect element foo there" in result.stdout
    # libxml2's words, with the TEI namespace dropped from names
    assert "[xsd] Element 'hi', attribute 'rend': [facet 'enumeration'] The value 'bold' is not" in result.stdout


def test_warnings_and_infos_are_reported_but_leave_the_document_valid() -> None:
    result = run_cli("validate", str(HERE / "warnings.xml"), *ALL_MINI)
    assert result.returncode == 0
    found, summary = parse_text_report(result.stdout)
    assert [(line, severity, rule) for _, line, _, severity, rule in found] == [
        (12, "info", "schematron"),  # no id on report, rule or pattern: the default rule id
        (13, "warning", "note-place"),  # no id on the report: its rule's id
    ]
    assert summary == (
        "1 file checked: 1 valid, 0 invalid, 0 errors, 1 warning, 1 info; by rule: note-place 1, schematron 1"
    )


def test_quiet_prints_errors_only_without_summary() -> None:
    result = run_cli("validate", "-q", str(HERE / "warnings.xml"), str(HERE / "corpus"), *ALL_MINI)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f'{HERE / "corpus/deeper/b.xml"}:12:23: error [pb-n-number] pb/@n must be a page number in digits, not ""',
        f"{HERE / 'corpus/deeper/b.xml'}:12:23: error [rng] Element pb failed to validate attributes",
        f"{HERE / 'corpus/deeper/b.xml'}:12:23: error [xsd] Element 'pb': The attribute 'n' is required but missing.",
    ]


def test_malformed_xml_is_a_well_formed_finding_with_line_and_column_not_a_crash() -> None:
    result = run_cli("validate", str(HERE / "malformed.xml"), str(HERE / "valid.xml"), *ALL_MINI)
    assert result.returncode == 1
    assert result.stderr == ""
    found, summary = parse_text_report(result.stdout)
    assert found == [(str(HERE / "malformed.xml"), 5, 43, "error", "well-formed")]
    assert "Opening and ending tag mismatch: hi line 5 and p" in result.stdout
    assert summary == "2 files checked: 1 valid, 1 invalid, 1 error, 0 warnings; by rule: well-formed 1"


def test_each_malformed_file_gets_its_own_message_after_other_validations(tmp_path: Path) -> None:
    # libxml2 keeps one error log per thread: a parse after a validation must not report the validation's errors.
    first, second = tmp_path / "first.xml", tmp_path / "second.xml"
    first.write_text(f'<TEI xmlns="{xmlio.TEI_NS}">\n<text><p>a</text></TEI>\n')
    second.write_text(f'<TEI xmlns="{xmlio.TEI_NS}">\n\n\n<text></TEI>\n')
    findings = validate_paths([HERE / "corpus", first, second], schemas=[SCHEMAS / "mini.rng"])
    broken = [(Path(f.file).name, f.line, f.message) for f in findings if f.rule == "well-formed"]
    assert broken == [
        ("first.xml", 2, "not well-formed XML: Opening and ending tag mismatch: p line 2 and text"),
        ("second.xml", 4, "not well-formed XML: Opening and ending tag mismatch: text line 4 and TEI"),
    ]


def test_folders_are_searched_recursively_for_xml_files_only() -> None:
    result = run_cli("validate", str(HERE / "corpus"), "--schema", MINI[0], "--format", "json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert [f["file"] for f in report["files"]] == [
        str(HERE / "corpus/a.xml"),
        str(HERE / "corpus/deeper/b.xml"),
    ]
    assert [f["valid"] for f in report["files"]] == [True, False]
    assert "readme.txt" not in result.stdout


def test_a_dash_reads_the_paths_from_standard_input() -> None:
    listing = f"{HERE / 'valid.xml'}\n\n{HERE / 'corpus'}\n"
    result = run_cli("validate", "-", *RNG, "--format", "json", stdin=listing)
    assert result.returncode == 1
    files = [entry["file"] for entry in json.loads(result.stdout)["files"]]
    assert files == [str(HERE / "valid.xml"), str(HERE / "corpus/a.xml"), str(HERE / "corpus/deeper/b.xml")]


# --- --schema: any RELAX NG, XML Schema or Schematron -------------------------------------------------------


@pytest.mark.parametrize(
    ("schema", "expected"),
    [
        ("mini.rng", {(14, 15, "rng"), (16, 17, "rng")}),
        ("mini.xsd", {(14, 15, "xsd"), (16, 17, "xsd")}),
        ("mini.sch", {(15, 9, "text-clean"), (15, 19, "pb-n-number")}),
    ],
)
def test_schema_option_runs_only_the_schema_named(schema: str, expected: set) -> None:
    result = run_cli("validate", str(HERE / "invalid.xml"), "--schema", str(SCHEMAS / schema))
    assert result.returncode == 1
    found, _ = parse_text_report(result.stdout)
    assert {(line, column, rule) for _, line, column, _, rule in found} == expected


@pytest.mark.parametrize("engine", ["libxml2", "xmlschema"])
def test_both_xml_schema_engines_find_the_same_errors_at_the_same_places(engine: str) -> None:
    docs = [HERE / name for name in ("valid.xml", "warnings.xml", "invalid.xml", "corpus")]
    findings = validate_paths(docs, schemas=[SCHEMAS / "mini.xsd"], xsd_engine=engine)
    assert [(Path(f.file).name, f.line, f.column, f.rule) for f in findings] == [
        ("b.xml", 12, 23, "xsd"),
        ("invalid.xml", 14, 15, "xsd"),
        ("invalid.xml", 16, 17, "xsd"),
    ]


def test_xmlschema_engine_is_chosen_on_the_command_line() -> None:
    result = run_cli("validate", str(HERE / "invalid.xml"), "--schema", MINI[1], "--xsd-engine", "xmlschema")
    assert result.returncode == 1
    assert "[xsd] attribute rend='bold': value must be one of ['italic', 'spaced']" in result.stdout


@pytest.mark.parametrize(("source", "kind"), [("mini.rng", "rng"), ("mini.xsd", "xsd"), ("mini.sch", "schematron")])
def test_schema_kind_is_chosen_by_suffix_or_else_by_root_element(tmp_path: Path, source: str, kind: str) -> None:
    assert schema_kind(SCHEMAS / source) == kind
    renamed = tmp_path / "schema.xml"
    shutil.copy(SCHEMAS / source, renamed)
    assert schema_kind(renamed) == kind


def test_schema_without_suffix_is_used_by_its_root_element(tmp_path: Path) -> None:
    renamed = tmp_path / "subset.xml"
    shutil.copy(SCHEMAS / "mini.sch", renamed)
    findings = validate_paths([HERE / "invalid.xml"], schemas=[renamed])
    assert {(f.line, f.rule) for f in findings} == {(15, "text-clean"), (15, "pb-n-number")}


# --- de-duplication and order -------------------------------------------------------------------------------


def test_findings_repeated_by_another_checker_are_reported_once(tmp_path: Path) -> None:
    # The same RELAX NG as project schema and as "TEI All": libxml2 gives the same words at the same lines.
    stand_in = tmp_path / "tei_all.rng"
    shutil.copy(SCHEMAS / "mini.rng", stand_in)
    once = validate_paths([HERE / "invalid.xml"], schemas=[SCHEMAS / "mini.rng"])
    twice = validate_paths([HERE / "invalid.xml"], schemas=[SCHEMAS / "mini.rng"], tei_all=stand_in)
    assert len(once) == 2
    assert twice == once  # the tei-all copies of the same messages are dropped, the first checker's kept
    assert {f.rule for f in twice} == {"rng"}


def test_findings_are_sorted_by_file_line_and_column() -> None:
    findings = validate_paths([HERE / "invalid.xml", HERE / "corpus"], schemas=MINI)
    assert findings == sorted(findings)
    assert [Path(f.file).name for f in findings] == ["b.xml"] * 3 + ["invalid.xml"] * 6
    lines = [f.line for f in findings if f.file.endswith("invalid.xml")]
    assert lines == sorted(lines) and lines[0] == 14


def test_results_do_not_depend_on_the_number_of_worker_processes() -> None:
    checks = plan_checks(MINI)
    paths = [HERE / "invalid.xml", HERE / "corpus", HERE / "warnings.xml", HERE / "malformed.xml"]
    assert validate(paths, checks, jobs=2) == validate(paths, checks, jobs=1)


def test_check_files_returns_one_result_per_path_in_order() -> None:
    checks = (Check("rng", SCHEMAS / "mini.rng"),)
    paths = [HERE / "malformed.xml", HERE / "valid.xml", HERE / "invalid.xml"]
    results = check_files(checks, paths)
    assert [r.file for r in results] == [str(p) for p in paths]
    assert [(r.parsed, r.valid, len(r.findings)) for r in results] == [
        (False, False, 1),
        (True, True, 0),
        (True, False, 2),
    ]


# --- JSON, JUnit, GitHub ------------------------------------------------------------------------------------


def test_json_report_parses_back_with_summary_checks_and_findings() -> None:
    result = run_cli("validate", str(HERE / "invalid.xml"), str(HERE / "valid.xml"), *ALL_MINI, "--format", "json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["format"] == "teikit-validate/1"
    assert [c["kind"] for c in report["checks"]] == ["rng", "xsd", "schematron"]
    assert report["checks"][1] == {"kind": "xsd", "schema": MINI[1], "engine": "libxml2"}
    seconds = report["summary"].pop("seconds")
    assert isinstance(seconds, float) and seconds > 0
    assert report["summary"] == {
        "files": 2, "valid": 1, "invalid": 1, "errors": 6, "warnings": 0, "infos": 0,
        "by_rule": {"rng": 2, "xsd": 2, "pb-n-number": 1, "text-clean": 1},
    }
    invalid, valid = report["files"]
    assert (valid["file"], valid["valid"], valid["findings"]) == (str(HERE / "valid.xml"), True, [])
    assert {(f["line"], f["column"], f["rule"]) for f in invalid["findings"]} == INVALID_FINDINGS
    pb = next(f for f in invalid["findings"] if f["rule"] == "pb-n-number")
    assert pb == {
        "line": 15,
        "column": 19,
        "severity": "error",
        "rule": "pb-n-number",
        "message": 'pb/@n must be a page number in digits, not "xii"',
    }


def test_junit_report_has_a_suite_per_check_and_a_case_per_file() -> None:
    files = [HERE / "invalid.xml", HERE / "valid.xml", HERE / "malformed.xml"]
    result = run_cli("validate", *map(str, files), *ALL_MINI, "--format", "junit")
    assert result.returncode == 1
    root = etree.fromstring(result.stdout.encode())
    assert root.tag == "testsuites"
    suites = {suite.get("name"): suite for suite in root.iter("testsuite")}
    assert list(suites) == ["well-formed", f"rng {MINI[0]}", f"xsd {MINI[1]}", f"schematron {MINI[2]}"]
    for suite in suites.values():
        assert [case.get("name") for case in suite.iter("testcase")] == [str(f) for f in files]
    tally = {name: (s.get("tests"), s.get("failures"), s.get("skipped")) for name, s in suites.items()}
    assert tally == {
        "well-formed": ("3", "1", "0"),
        f"rng {MINI[0]}": ("3", "1", "1"),
        f"xsd {MINI[1]}": ("3", "1", "1"),
        f"schematron {MINI[2]}": ("3", "1", "1"),
    }
    assert (root.get("tests"), root.get("failures")) == ("12", "4")
    sch_failure = suites[f"schematron {MINI[2]}"].find("testcase/failure")
    assert (
        sch_failure.get("message")
        == """line 15: [text-clean] "--" left from the transcription in this \
paragraph: write an em dash (and 1 more error)"""
    )
    assert sch_failure.text.count("\n") == 2 and "[pb-n-number]" in sch_failure.text
    skipped = suites[f"rng {MINI[0]}"].findall("testcase")[2].find("skipped")
    assert skipped.get("message") == "not well-formed XML"


def test_junit_keeps_warnings_in_system_out_without_failing() -> None:
    result = run_cli("validate", str(HERE / "warnings.xml"), "--schema", MINI[2], "--format", "junit")
    assert result.returncode == 0
    case = etree.fromstring(result.stdout.encode()).findall("testsuite")[1].find("testcase")
    assert case.find("failure") is None
    assert "warning [note-place]" in case.find("system-out").text


def test_github_format_prints_annotation_commands_and_writes_the_step_summary(tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("## An earlier step\n\n")
    result = run_cli(
        "validate",
        str(HERE / "corpus"),
        str(HERE / "warnings.xml"),
        *ALL_MINI,
        "--format",
        "github",
        env={"GITHUB_STEP_SUMMARY": str(summary)},
    )
    assert result.returncode == 1
    result.stdout = untimed(result.stdout)
    b = HERE / "corpus/deeper/b.xml"
    assert result.stdout.splitlines() == [
        f'::error file={b},line=12,col=23,title=pb-n-number::pb/@n must be a page number in digits, not ""',
        f"::error file={b},line=12,col=23,title=rng::Element pb failed to validate attributes",
        f"::error file={b},line=12,col=23,title=xsd::Element 'pb': The attribute 'n' is required but missing.",
        (
            f"::notice file={HERE / 'warnings.xml'},line=12,col=7,title=schematron::div without @type: exports "
            "number it as a section"
        ),
        (
            f"::warning file={HERE / 'warnings.xml'},line=13,col=35,title=note-place::note without @place: say "
            "whether it is a foot or end note"
        ),
        "3 files checked: 2 valid, 1 invalid, 3 errors, 1 warning, 1 info; "
        "by rule: note-place 1, pb-n-number 1, rng 1, schematron 1, xsd 1",
    ]
    text = summary.read_text()
    assert text.startswith("## An earlier step\n\n### teikit validate: 1 invalid file\n")
    assert f"| `{b}` | 12 | 23 | error | `xsd` | Element 'pb': The attribute 'n' is required but missing. |" in text


def test_github_commands_escape_percent_newlines_and_property_separators() -> None:
    finding = Finding("dir,1/a:b.xml", 3, 4, "error", "rule:x,y", "50% done\r\nnext line")
    report = render_github([], [FileResult(finding.file, (), ((finding,),))])
    assert (
        report.splitlines()[0]
        == "::error file=dir%2C1/a%3Ab.xml,line=3,col=4,title=rule%3Ax%2Cy::50%25 done%0D%0Anext line"
    )


def test_step_summary_escapes_table_cells() -> None:
    finding = Finding("a.xml", 3, 4, "error", "r", "a | b\nc")
    text = render_step_summary([Check("rng", Path("s.rng"))], [FileResult("a.xml", (), ((finding,),))])
    assert "| `a.xml` | 3 | 4 | error | `r` | a \\| b c |" in text


def test_output_option_writes_the_report_to_a_file(tmp_path: Path) -> None:
    out = tmp_path / "reports" / "validation.xml"
    result = run_cli("validate", str(HERE / "invalid.xml"), *ALL_MINI, "--format", "junit", "-o", str(out))
    assert result.returncode == 1
    assert result.stdout == ""
    assert untimed(result.stderr).startswith("1 file checked: 0 valid, 1 invalid, 6 errors, 0 warnings; by rule: ")
    assert etree.fromstring(out.read_bytes()).get("failures") == "3"


# --- TEI All: where the schema comes from -------------------------------------------------------------------


def test_tei_all_path_is_remembered_in_the_cache_for_later_runs(tmp_path: Path, private_cache: Path) -> None:
    stand_in = tmp_path / "tei_all.rng"  # the small RELAX NG plays TEI All here: compiling the real one takes 15 s
    shutil.copy(SCHEMAS / "mini.rng", stand_in)
    env = {"TEIKIT_CACHE_DIR": str(private_cache)}
    first = run_cli("validate", str(HERE / "invalid.xml"), "--tei-all", str(stand_in), env=env)
    assert first.returncode == 1
    assert (private_cache / "tei_all.rng").read_bytes() == stand_in.read_bytes()
    stand_in.unlink()
    later = run_cli("validate", "--tei-all", str(HERE / "invalid.xml"), env=env)  # the option swallowed the path
    assert later.returncode == 1, later.stderr
    found, _ = parse_text_report(later.stdout)
    assert {(line, rule) for _, line, _, _, rule in found} == {(14, "tei-all"), (16, "tei-all")}


def test_tei_all_is_found_through_the_environment(tmp_path: Path) -> None:
    stand_in = tmp_path / "elsewhere.rng"
    shutil.copy(SCHEMAS / "mini.rng", stand_in)
    result = run_cli("validate", str(HERE / "valid.xml"), "--tei-all", env={"TEIKIT_TEI_ALL": str(stand_in)})
    assert result.returncode == 0, result.stderr
    assert untimed(result.stdout).startswith("1 file checked: 1 valid")


def test_find_tei_all_order(tmp_path: Path, private_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = tmp_path / "given.rng"
    rng.write_text("<grammar/>")
    with pytest.raises(TeikitError, match="--tei-all needs tei_all.rng"):
        find_tei_all(None)
    monkeypatch.setenv("TEIKIT_TEI_ALL", str(rng))
    assert find_tei_all(None) == rng
    monkeypatch.delenv("TEIKIT_TEI_ALL")
    assert find_tei_all(str(rng)) == rng  # and a copy is kept in the cache
    assert find_tei_all(None) == private_cache / "tei_all.rng"
    with pytest.raises(TeikitError, match="no such TEI All schema file"):
        find_tei_all(str(tmp_path / "missing.rng"))


def test_tei_all_without_a_schema_anywhere_says_how_to_get_it() -> None:
    result = run_cli("validate", str(HERE / "valid.xml"), "--tei-all")
    assert result.returncode == 2
    assert "--tei-all needs tei_all.rng: download it from https://tei-c.org/" in result.stderr
    assert "TEIKIT_TEI_ALL" in result.stderr and len(result.stderr.splitlines()) == 1


def test_an_xpath2_schematron_given_with_schema_runs_on_elementpath(tmp_path: Path) -> None:
    # matches() and "every ... satisfies" are XPath 2: lxml's XSLT 1.0 skeleton could not run this schema.
    schema = _write(tmp_path, "years.sch", """<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2">
  <ns prefix="tei" uri="http://www.tei-c.org/ns/1.0"/>
  <pattern id="three-digit-pages">
    <rule context="tei:body">
      <assert test="every $n in .//tei:pb/@n satisfies matches($n, '^[0-9]{3}$')">
        page numbers have three digits</assert>
    </rule>
  </pattern>
</schema>""")
    result = run_cli("validate", str(HERE / "valid.xml"), "--schema", schema)
    assert result.returncode == 1, result.stderr
    found, _ = parse_text_report(result.stdout)
    assert [(rule, severity) for *_, severity, rule in found] == [("three-digit-pages", "error")]
    assert "page numbers have three digits" in result.stdout


@pytest.fixture(scope="session")
def tei_all_checker() -> TeiAllChecker:
    """The real TEI All (pruned to each batch's elements, with TEI's own Schematron constraints)."""
    return TeiAllChecker(shared_path("tei", "tei_all.rng"))


@pytest.mark.slow
def test_real_tei_all_accepts_valid_tei_and_names_an_unknown_element(tei_all_checker: TeiAllChecker) -> None:
    valid = xmlio.parse_file(HERE / "valid.xml")
    invalid = xmlio.parse_file(HERE / "invalid.xml")
    findings = tei_all_checker.check_batch([Document("valid.xml", valid), Document("invalid.xml", invalid)])
    assert [(f.file, f.line, f.rule) for f in findings if "foo" in f.message] == [("invalid.xml", 14, "tei-all")]
    assert not [f for f in findings if f.file == "valid.xml"]


# --- input and usage errors: one line, exit 2 ---------------------------------------------------------------


def _write(folder: Path, name: str, text: str) -> str:
    path = folder / name
    path.write_text(text)
    return str(path)


@pytest.mark.parametrize(
    ("make_args", "words"),
    [
        (lambda d: [str(d / "missing.xml"), *RNG], "missing.xml: no such file or folder"),
        (lambda d: [str(HERE / "not-tei.xml"), *RNG], "not-tei.xml:2:1: not a TEI document"),
        (lambda d: [_write(d, "notes.xml", "just some notes\n"), *RNG], "notes.xml:1:1: not an XML file"),
        (lambda d: [_write(d, "empty.xml", ""), *RNG], "empty.xml:1:1: the file is empty"),
        (lambda d: [str(d), *RNG], "no .xml files found"),
        (lambda d: [], "validate needs at least one PATH"),
        (
            lambda d: [str(HERE / "valid.xml"), "--schema", str(d / "nope.rng")],
            "nope.rng: no such schema file",
        ),
        (
            lambda d: [str(HERE / "valid.xml"), "--schema", _write(d, "s.rnc", "start = empty")],
            "compact syntax",
        ),
        (
            lambda d: [str(HERE / "valid.xml"), "--schema", str(HERE / "valid.xml")],
            "not a schema teikit knows",
        ),
        (
            lambda d: [
                str(HERE / "valid.xml"),
                "--schema",
                _write(d, "broken.rng", "<grammar xmlns='http://relaxng.org/ns/structure/1.0'/>"),
            ],
            "cannot compile this RELAX NG schema",
        ),
        (
            lambda d: [
                str(HERE / "valid.xml"),
                "--schema",
                _write(d, "x2.sch", "<schema xmlns='http://purl.oclc.org/dsdl/schematron' queryBinding='perl'/>"),
            ],
            "queryBinding 'perl', which teikit does not run",
        ),
        (
            lambda d: [
                str(HERE / "valid.xml"),
                "--schema",
                _write(
                    d,
                    "bad.xsd",
                    "<xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema'><xs:element/></xs:schema>",
                ),
            ],
            "cannot load this XML Schema",
        ),
        (lambda d: [str(HERE / "valid.xml"), "--format", "yaml"], "invalid choice: 'yaml'"),
    ],
)
def test_input_and_usage_errors_are_one_line_with_exit_2(tmp_path: Path, make_args, words: str) -> None:
    result = run_cli("validate", *make_args(tmp_path))
    assert result.returncode == 2, result.stdout
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("teikit: error: "), result.stderr
    assert words in lines[0]
    assert result.stdout == ""


def test_validate_paths_raises_teikit_error_on_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(TeikitError, match="no such file"):
        validate_paths([tmp_path / "gone.xml"], schemas=[SCHEMAS / "mini.rng"])


# --- locating findings --------------------------------------------------------------------------------------


def test_columns_point_at_each_start_tag_even_with_several_on_a_line(tmp_path: Path) -> None:
    path = tmp_path / "doc.xml"
    path.write_text(
        f'<TEI xmlns="{xmlio.TEI_NS}" xmlns:t="{xmlio.TEI_NS}"><p>é <hi>a</hi> <t:hi>b</t:hi>\n'
        '<hi\n  n="1">c</hi><hi>d</hi></p></TEI>\n'
    )
    tree = xmlio.parse_file(path)
    his = list(tree.getroot().iter(f"{{{xmlio.TEI_NS}}}hi"))
    assert locate_elements(tree, his) == [(1, 85), (1, 96), (3, 1), (3, 15)]  # characters, not bytes (é)


# --- the XML Schema cache -----------------------------------------------------------------------------------


def test_compiled_xml_schema_is_cached_on_disk_and_rebuilt_when_an_import_changes(
    tmp_path: Path, private_cache: Path, monkeypatch
) -> None:
    folder = tmp_path / "xsd"
    folder.mkdir()
    (folder / "part.xsd").write_text(
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:part">'
        '<xs:element name="x" type="xs:string"/></xs:schema>'
    )
    main = folder / "main.xsd"
    main.write_text(
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:main">'
        '<xs:import namespace="urn:part" schemaLocation="part.xsd"/><xs:element name="m" type="xs:int"/></xs:schema>'
    )
    built = xsd_cache.load_xsd(main)
    assert len(list((private_cache / "xsd").glob("*.pickle"))) == 1

    def no_build(path: Path):
        raise AssertionError("the schema should have come from the cache")

    monkeypatch.setattr(xsd_cache, "_build_xsd", no_build)
    cached = xsd_cache.load_xsd(main)
    assert cached is not built and sorted(cached.maps.elements) == sorted(built.maps.elements)

    (folder / "part.xsd").write_text((folder / "part.xsd").read_text().replace('name="x"', 'name="y"'))
    with pytest.raises(AssertionError, match="from the cache"):
        xsd_cache.load_xsd(main)  # the imported file changed: the entry is stale and the schema is built again


# --- the project's own schemas (package data) on the edition and the invalid fixtures ---------------------------

EDITION = ROOT / "tei" / "foundations-of-leninism-ch4.xml"
INVALID = sorted((FIXTURES / "invalid").glob("*.xml"))
# An invalid fixture marks each line where an error must be reported: `<!-- expect: RULE -->` at the end of the line;
# "grammar" marks the line where RELAX NG and XML Schema fail (fixtures named grammar-*).
EXPECT = re.compile(r"<!-- expect: ([\w-]+) -->")


def project_schemas_or_skip() -> None:
    try:
        default_schemas()
    except TeikitError as err:
        pytest.skip(f"the project's schemas are not in the package data yet: {err}")


def test_edition_validates_clean_against_the_project_schemas() -> None:
    if not EDITION.is_file():
        pytest.skip(f"{EDITION} is not built yet")
    project_schemas_or_skip()
    result = run_cli("validate", str(EDITION))
    assert result.returncode == 0, result.stdout + result.stderr
    assert untimed(result.stdout) == "1 file checked: 1 valid, 0 invalid, 0 errors, 0 warnings\n"


@pytest.fixture(scope="module")
def invalid_fixture_report() -> dict[str, dict]:
    """One `teikit validate --format json` run over every invalid fixture, with the project's schemas."""
    if not INVALID:
        pytest.skip("no tests/fixtures/invalid/*.xml yet")
    project_schemas_or_skip()
    result = run_cli("validate", "--format", "json", *map(str, INVALID))
    assert result.returncode == 1, result.stderr
    return {entry["file"]: entry for entry in json.loads(result.stdout)["files"]}


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
def test_every_invalid_fixture_fails_with_its_rule_at_its_marked_lines(path: Path, invalid_fixture_report) -> None:
    marked = {n: m[1] for n, line in enumerate(path.read_text("utf-8").splitlines(), 1) if (m := EXPECT.search(line))}
    entry = invalid_fixture_report[str(path)]
    assert not entry["valid"]
    errors = [f for f in entry["findings"] if f["severity"] == "error"]
    if path.stem.startswith("grammar-"):
        (line,) = marked
        assert {f["rule"] for f in errors} == {"rng", "xsd"}, errors  # no Schematron rule fires
        for rule in ("rng", "xsd"):
            assert min(f["line"] for f in errors if f["rule"] == rule) == line, errors
    else:
        assert set(marked.values()) == {path.stem}
        assert {f["rule"] for f in errors} == {path.stem}, errors
        assert sorted(f["line"] for f in errors) == sorted(marked), errors


def test_jobs_give_the_same_report_in_the_same_order() -> None:
    args = ("validate", str(HERE / "corpus"), str(HERE / "invalid.xml"), str(HERE / "valid.xml"), *ALL_MINI)
    one, two = run_cli(*args, "--jobs", "1"), run_cli(*args, "--jobs", "2")
    assert (one.returncode, two.returncode) == (1, 1)
    assert untimed(one.stdout) == untimed(two.stdout)
    files = [line.split(":", 1)[0] for line in one.stdout.splitlines()[:-1]]
    given_order = [str(HERE / "corpus/deeper/b.xml"), str(HERE / "invalid.xml")]  # a.xml and valid.xml are clean
    assert set(files) == set(given_order) and files == sorted(files, key=given_order.index)


def test_shards_split_the_files_between_runs_with_nothing_lost() -> None:
    args = ("validate", str(HERE / "corpus"), str(HERE / "invalid.xml"), str(HERE / "valid.xml"), *ALL_MINI)
    counts = []
    for shard in ("1/2", "2/2"):
        result = run_cli(*args, "--shard", shard, "--format", "json")
        counts.append([f["file"] for f in json.loads(result.stdout)["files"]])
    everything = [HERE / "corpus/a.xml", HERE / "corpus/deeper/b.xml", HERE / "invalid.xml", HERE / "valid.xml"]
    assert sorted(counts[0] + counts[1]) == sorted(str(p) for p in everything)
    assert not set(counts[0]) & set(counts[1])
    assert [len(c) for c in counts] == [2, 2]


@pytest.mark.parametrize("bad", [("--jobs", "0"), ("--shard", "3/2")])
def test_bad_jobs_or_shard_is_a_one_line_usage_error(bad: tuple[str, str]) -> None:
    result = run_cli("validate", str(HERE / "valid.xml"), *ALL_MINI, *bad)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and bad[0] in result.stderr
