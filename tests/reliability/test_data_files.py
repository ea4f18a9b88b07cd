"""The data files a user gives beside the documents (editorial data, a transcription profile, deposit settings, a
BagIt profile, validate's JSON reports) attacked as the documents are: nested a hundred thousand levels deep, which
Python's TOML and JSON readers recurse into until they fail, is one line naming the file, exit 2, nothing written."""

from __future__ import annotations

import shutil

import pytest

from conftest import make_project

from .helpers import MINIMAL, SAMPLE, TRANSCRIPTION, snapshot, teikit

DEEP_TOML = "a = " + "[" * 100_000 + "]" * 100_000 + "\n"
DEEP_JSON = "[" * 100_000 + "]" * 100_000


def _convert_data(tmp_path):
    source = tmp_path / "in.txt"
    shutil.copyfile(TRANSCRIPTION, source)
    data = tmp_path / "in.corrections.toml"
    data.write_text(DEEP_TOML)
    return ["convert", source, "-o", tmp_path / "out" / "x.xml"], data, "not valid TOML: nested too deeply to read"


def _convert_profile(tmp_path):
    source = tmp_path / "in.txt"
    shutil.copyfile(TRANSCRIPTION, source)
    profile = tmp_path / "profile.toml"
    profile.write_text(DEEP_TOML)
    return (["convert", source, "--profile", profile, "-o", tmp_path / "out" / "x.xml"], profile,
            "not valid TOML: nested too deeply to read")


def _deposit(option: str, name: str, text: str, words: str):
    def make(tmp_path):
        tei = make_project(tmp_path / "project", SAMPLE, "sample-edition") / "tei" / "sample-edition.xml"
        given = tmp_path / name
        given.write_text(text)
        return ["deposit", tei, "-o", tmp_path / "out", option, given], given, words
    return make


def _report(tmp_path):
    report = tmp_path / "report.json"
    report.write_text(DEEP_JSON)
    return ["report", report, "-o", tmp_path / "out" / "merged.txt"], report, "nested too deeply to be a report"


@pytest.mark.parametrize("make", [
    _convert_data, _convert_profile,
    _deposit("--config", "deposit.toml", DEEP_TOML, "not valid TOML: nested too deeply to read"),
    _deposit("--profile", "profile.json", DEEP_JSON, "not a BagIt profile (JSON): nested too deeply to read"),
    _report,
], ids=["convert-editorial-data", "convert-profile", "deposit-settings", "deposit-bagit-profile", "report"])
def test_a_data_file_nested_too_deeply_is_one_line_and_exit_2(make, tmp_path):
    argv, given, words = make(tmp_path)
    run = teikit(*argv)
    assert run.code == 2, run
    assert run.said[-1] == f"teikit: error: {given}: {words}" or run.said[-1].startswith(
        f"teikit: error: {given}: {words}"), run.err
    assert snapshot(tmp_path / "out") == {}  # nothing written


def test_a_report_with_a_byte_order_mark_is_read(tmp_path):
    report = tmp_path / "report.json"
    assert teikit("validate", MINIMAL, "--format", "json", "-o", report).code == 0
    report.write_bytes(b"\xef\xbb\xbf" + report.read_bytes())  # as an editor on Windows may save it
    run = teikit("report", report)
    assert run.code == 0 and run.out.startswith("1 file checked"), run


def test_the_merged_report_may_not_replace_a_report_it_merges(tmp_path):
    report = tmp_path / "report.json"
    assert teikit("validate", MINIMAL, "--format", "json", "-o", report).code == 0
    before = report.read_bytes()
    run = teikit("report", report, "-o", report)
    assert run.code == 2 and run.said == [f"teikit: error: {report}: is an input of this command: choose another "
                                          "output"], run
    assert report.read_bytes() == before
    mine = tmp_path / "notes.txt"
    mine.write_text("my notes\n")
    refused = teikit("report", report, "-o", mine)
    assert refused.code == 2 and "give --force to replace it" in refused.err and mine.read_text() == "my notes\n"
    assert teikit("report", report, "-o", mine, "--force").code == 0 and mine.read_text().startswith("1 file")
