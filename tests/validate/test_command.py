"""`teikit validate` as a command: the text report, exit codes, paths and folders, jobs and shards, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree

from conftest import run_cli
from teikit import xmlio
from teikit.validate import validate_paths

from .helpers import ALL_MINI, HERE, INVALID_FINDINGS, MINI, RNG, SCHEMAS, parse_text_report, untimed, write

pytestmark = pytest.mark.usefixtures("private_cache")


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


def test_output_option_writes_the_report_to_a_file(tmp_path: Path) -> None:
    out = tmp_path / "reports" / "validation.xml"
    result = run_cli("validate", str(HERE / "invalid.xml"), *ALL_MINI, "--format", "junit", "-o", str(out))
    assert result.returncode == 1
    assert result.stdout == ""
    assert untimed(result.stderr).startswith("1 file checked: 0 valid, 1 invalid, 6 errors, 0 warnings; by rule: ")
    assert etree.fromstring(out.read_bytes()).get("failures") == "3"


@pytest.mark.parametrize(
    ("make_args", "words"),
    [
        (lambda d: [str(d / "missing.xml"), *RNG], "missing.xml: error [input] no such file: check the path"),
        (lambda d: [str(HERE / "not-tei.xml"), *RNG], "not-tei.xml:2:1: error [input] not a TEI document"),
        (lambda d: [write(d, "notes.xml", "just some notes\n"), *RNG], "notes.xml:1:1: error [input] not an XML file"),
        (lambda d: [write(d, "empty.xml", ""), *RNG], "empty.xml:1:1: error [input] the file is empty"),
    ],
)
def test_a_file_that_cannot_be_read_is_a_finding_and_exit_2(tmp_path: Path, make_args, words: str) -> None:
    result = run_cli("validate", *make_args(tmp_path))
    assert result.returncode == 2, result.stdout
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert len(lines) == 2 and words in lines[0]
    assert lines[1].startswith("1 file checked") and "0 valid, 1 invalid (1 unreadable), 1 error" in lines[1]


@pytest.mark.parametrize(
    ("make_args", "words"),
    [
        (lambda d: [str(d), *RNG], "no .xml files found"),
        (lambda d: [], "validate needs at least one PATH"),
        (
            lambda d: [str(HERE / "valid.xml"), "--schema", str(d / "nope.rng")],
            "nope.rng: no such schema file",
        ),
        (
            lambda d: [str(HERE / "valid.xml"), "--schema", write(d, "s.rnc", "start = empty")],
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
                write(d, "broken.rng", "<grammar xmlns='http://relaxng.org/ns/structure/1.0'/>"),
            ],
            "cannot compile this RELAX NG schema",
        ),
        (
            lambda d: [
                str(HERE / "valid.xml"),
                "--schema",
                write(d, "x2.sch", "<schema xmlns='http://purl.oclc.org/dsdl/schematron' queryBinding='perl'/>"),
            ],
            "queryBinding 'perl', which teikit does not run",
        ),
        (
            lambda d: [
                str(HERE / "valid.xml"),
                "--schema",
                write(
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


def test_validate_paths_reports_a_missing_file_as_an_input_finding(tmp_path: Path) -> None:
    [finding] = validate_paths([tmp_path / "gone.xml"], schemas=[SCHEMAS / "mini.rng"])
    assert (finding.file, finding.rule, finding.severity) == (str(tmp_path / "gone.xml"), "input", "error")
    assert "no such file" in finding.message


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
