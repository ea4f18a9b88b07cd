"""The report formats: JSON for programs, JUnit XML and GitHub annotations (with the step summary) for CI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree

from conftest import run_cli
from teikit.findings import Finding
from teikit.validate import FileResult
from teikit.validate.reports.github import render_github, render_step_summary
from teikit.validate.run import Check

from .helpers import ALL_MINI, HERE, INVALID_FINDINGS, MINI, untimed

pytestmark = pytest.mark.usefixtures("private_cache")


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
        "by_rule": {"rng": 2, "xsd": 2, "pb-n-number": 1, "text-clean": 1}, "unreadable": 0,
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
        "check": 2,  # the third check, mini.sch
    }
    assert {f["rule"]: f["check"] for f in invalid["findings"] if f["rule"] in ("rng", "xsd")} == {"rng": 0, "xsd": 1}


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
