"""A corpus run always finishes and always reports (issue 12, item 2): one folder holding a valid document, an invalid
one, and five that cannot be read (empty, not XML, broken XML, entities, an external DTD), plus a missing path,
through validate in every report format with -o (and `teikit report` of its shards), export and deposit of several
documents: every file is reported, the others are done, the report is written, and the exit status is the worst
seen."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from lxml import etree

from conftest import FIXTURES, make_project

from .helpers import MINIMAL, SAMPLE, UNSAFE, debris, teikit

# name -> (content, the rule of its finding, or None when it is valid)
BAD = {
    "empty.xml": (b"", "input"),
    "notes.xml": (b"just some notes\n", "input"),
    "broken.xml": (b'<?xml version="1.0"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0"><p>x</TEI>\n', "well-formed"),
    "laughs.xml": ((UNSAFE / "billion-laughs.xml").read_bytes(), "security"),
    "dtd.xml": ((UNSAFE / "external-dtd.xml").read_bytes(), "security"),
}
SUMMARY = "8 files checked in {s} s: 1 valid, 7 invalid (5 unreadable), "  # broken XML: invalid, not unreadable


@pytest.fixture
def corpus(tmp_path: Path) -> tuple[Path, Path]:
    """The corpus folder, and a path in it that does not exist (given as well)."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copyfile(MINIMAL, folder / "good.xml")
    shutil.copyfile(FIXTURES / "validate" / "invalid.xml", folder / "invalid.xml")
    for name, (data, _) in BAD.items():
        (folder / name).write_bytes(data)
    return folder, tmp_path / "gone.xml"


def findings_by_file(fmt: str, report: str) -> dict[str, set[str]]:
    """file name -> the rules of its errors, read back from a report in `fmt`."""
    found: dict[str, set[str]] = {}
    if fmt == "sarif":
        for result in json.loads(report)["runs"][0]["results"]:
            uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            found.setdefault(Path(uri).name, set()).add(result["ruleId"])
    elif fmt == "json":
        for entry in json.loads(report)["files"]:
            found[Path(entry["file"]).name] = {f["rule"] for f in entry["findings"] if f["severity"] == "error"}
    elif fmt == "junit":
        for case in etree.fromstring(report.encode()).iter("testcase"):
            rules = found.setdefault(Path(case.get("file")).name, set())
            for failure in case.iter("failure"):  # its type is the first rule, its text every finding
                rules.update(line.split("[")[1].split("]")[0] for line in failure.text.splitlines() if "[" in line)
    else:  # text: FILE:L:C: error [RULE] ...; github: ::error file=FILE,...,title=RULE::...
        for line in report.splitlines():
            if fmt == "github" and line.startswith("::error file="):
                fields = dict(part.split("=", 1) for part in line[len("::error "):].split("::")[0].split(","))
                found.setdefault(Path(fields["file"]).name, set()).add(fields["title"])
            elif fmt == "text" and ": error [" in line:
                found.setdefault(Path(line.split(":")[0]).name, set()).add(line.split("[")[1].split("]")[0])
    return found


@pytest.mark.parametrize("fmt", ["text", "json", "junit", "github", "sarif"])
def test_validate_reports_every_file_in_every_format_and_writes_the_report(corpus, tmp_path, fmt, monkeypatch):
    folder, gone = corpus
    steps = tmp_path / "step-summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(steps))
    report = tmp_path / f"report.{fmt}"
    run = teikit("validate", folder, gone, "--format", fmt, "-o", report)
    assert run.code == 2, run  # the worst seen: files that cannot be read
    head, tail = SUMMARY.split("{s}")
    assert run.said[-1].startswith(head) and tail in run.said[-1] and "by rule: input 3," in run.said[-1], run.err
    found = findings_by_file(fmt, report.read_text())
    for name, (_, rule) in BAD.items():
        assert rule in found[name], (name, found.get(name))
    assert "input" in found["gone.xml"]
    assert {"rng", "xsd", "artefact-double-hyphen"} <= found["invalid.xml"]  # checked in full (a Schematron rule)
    assert not found.get("good.xml")  # the valid one, checked and valid
    if fmt == "json":
        summary = json.loads(report.read_text())["summary"]
        assert (summary["files"], summary["valid"], summary["unreadable"]) == (8, 1, 5)
    if fmt == "github":  # the step summary too: its count, and a row for each file that cannot be read
        table = steps.read_text()
        assert table.startswith("### teikit validate: 7 invalid files\n") and head in table and tail in table
        for name, (_, rule) in BAD.items():
            assert f"{name}` | " in table and f"| `{rule}` |" in table, name
    assert not debris(tmp_path)


def test_the_shards_reports_merged_report_every_file_and_the_worst_exit(corpus, tmp_path):
    folder, gone = corpus
    shards = [tmp_path / f"shard{k}.json" for k in (1, 2)]
    for k, shard in enumerate(shards, 1):
        teikit("validate", folder, gone, "--shard", f"{k}/2", "--format", "json", "-o", shard)
    merged = tmp_path / "merged.txt"
    run = teikit("report", *shards, "-o", merged)
    assert run.code == 2, run
    found = findings_by_file("text", merged.read_text())
    assert {name: rules & {"input", "well-formed", "security"} for name, rules in found.items()
            if name != "invalid.xml"} == {**{name: {rule} for name, (_, rule) in BAD.items()}, "gone.xml": {"input"}}
    assert merged.read_text().splitlines()[-1].startswith("8 files checked") and "(5 unreadable)" in run.err


def test_export_of_the_corpus_does_every_readable_file_and_says_which_not(corpus, tmp_path):
    folder, gone = corpus
    out = tmp_path / "html"
    run = teikit("export", folder, gone, "--to", "html", "-o", out)
    assert run.code == 2, run
    assert sorted(p.name for p in out.iterdir()) == ["good.html", "invalid.html"]
    for name in (*BAD, "gone.xml"):
        assert any(line.startswith(f"teikit: error: {folder if name != 'gone.xml' else tmp_path}/{name}")
                   for line in run.said), (name, run.err)
    assert not debris(out)


def test_deposit_of_several_documents_deposits_those_it_can(tmp_path):
    project = make_project(tmp_path / "project", SAMPLE, "sample-edition")
    (project / "tei" / "broken.xml").write_bytes(BAD["broken.xml"][0])
    (project / "tei" / "empty.xml").write_bytes(b"")
    out = tmp_path / "out"
    tei = project / "tei"
    run = teikit("deposit", tei / "empty.xml", tei / "sample-edition.xml", tei / "broken.xml", "-o", out)
    assert run.code == 2, run
    assert f"teikit: error: {tei / 'empty.xml'}: cannot be read: not deposited; fix the document and run again" \
        in run.said
    assert any(line.startswith(f"teikit: error: {tei / 'broken.xml'}") and "not deposited" in line
               for line in run.said), run.err
    assert "deposited " in run.out and (out / "sample-edition" / "bagit.txt").is_file()
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith("sample-edition")) == []
    assert not debris(out)


def test_a_readable_document_nested_2000_deep_is_exported_in_full(tmp_path):
    """Nested deeper than libxslt's default template depth (its message was the bare word 'rend'), within what
    the parser reads: exported, every word kept."""
    base = MINIMAL.read_bytes()
    at = base.index(b"<p>") + 3
    deep = tmp_path / "deep.xml"
    deep.write_bytes(base[:at] + b"<hi>" * 2000 + b"deepest" + b"</hi>" * 2000 + base[at:])
    for to in ("html", "text"):
        run = teikit("export", deep, "--to", to, "-o", tmp_path / f"deep.{to}")
        assert run.code == 0, run
        assert "deepest" in (tmp_path / f"deep.{to}").read_text()
