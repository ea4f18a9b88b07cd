"""`teikit report`: the shards' JSON reports merged are the report of one run over the whole corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree

from conftest import FIXTURES, run_cli

from .helpers import ALL_MINI, HERE, untimed

pytestmark = pytest.mark.usefixtures("private_cache")

# The project's valid and invalid fixtures (one rule each), and a file that is not well-formed.
CORPUS = [str(FIXTURES / "valid"), str(FIXTURES / "invalid"), str(FIXTURES / "unsafe" / "malformed.xml")]


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> tuple[list[Path], dict]:
    """The JSON reports of the corpus's 3 shards, and the JSON report of one run over all of it."""
    folder = tmp_path_factory.mktemp("shards")
    paths = []
    for k in (1, 2, 3):
        out = folder / f"shard-{k}.json"
        result = run_cli("validate", *CORPUS, "--shard", f"{k}/3", "--format", "json", "-o", str(out), "-q")
        assert result.returncode == 1, result.stderr
        paths.append(out)
    whole = run_cli("validate", *CORPUS, "--format", "json")
    assert whole.returncode == 1
    return paths, json.loads(whole.stdout)


def _untimed(report: dict) -> dict:
    report["summary"].pop("seconds")
    return report


def test_three_shards_merge_into_the_report_of_one_run(run):
    shards, whole = run
    whole = json.loads(json.dumps(whole))
    parts = [json.loads(p.read_text()) for p in shards]
    total = len(whole["files"])
    assert total > 30
    assert [p["shard"] for p in parts] == [{"index": k, "count": 3, "files": total} for k in (1, 2, 3)]
    assert sorted(len(p["files"]) for p in parts) == sorted(len(range(total)[k::3]) for k in range(3))
    merged = run_cli("report", *map(str, shards), "--format", "json")
    assert merged.returncode == 1, merged.stderr
    report = _untimed(json.loads(merged.stdout))
    assert report == _untimed(whole)  # same files in the same order, same findings, same summary
    assert report["summary"]["files"] == total and report["summary"]["invalid"] >= 20
    assert len({f["rule"] for entry in report["files"] for f in entry["findings"]}) >= 20
    # Whatever order the shards are given in, and in the other formats too.
    for fmt in ("text", "junit", "github", "sarif"):
        one = run_cli("validate", *CORPUS, "--format", fmt)
        again = run_cli("report", *map(str, reversed(shards)), "--format", fmt)
        assert again.returncode == one.returncode == 1
        assert _comparable(again.stdout, fmt) == _comparable(one.stdout, fmt), fmt


def _comparable(text: str, fmt: str) -> str:
    """A report without its times."""
    if fmt == "junit":
        root = etree.fromstring(text.encode())
        root.attrib.pop("time")
        return etree.tostring(root).decode()
    return text if fmt == "sarif" else untimed(text)


def test_the_merged_time_is_the_slowest_shards(tmp_path, run):
    shards, _ = run
    times = [json.loads(p.read_text())["summary"]["seconds"] for p in shards]
    merged = json.loads(run_cli("report", *map(str, shards), "--format", "json").stdout)
    assert merged["summary"]["seconds"] == max(times)
    out = tmp_path / "merged.xml"
    result = run_cli("report", *map(str, shards), "--format", "junit", "-o", str(out))
    assert result.returncode == 1 and out.is_file()
    assert untimed(result.stderr).startswith(f"{merged['summary']['files']} files checked: ")  # on stderr with -o


def test_separate_runs_follow_each_other(tmp_path):
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    run_cli("validate", str(HERE / "valid.xml"), *ALL_MINI, "--format", "json", "-o", str(first))
    run_cli("validate", str(HERE / "invalid.xml"), *ALL_MINI, "--format", "json", "-o", str(second))
    merged = run_cli("report", str(first), str(second))
    assert merged.returncode == 1
    both = run_cli("validate", str(HERE / "valid.xml"), str(HERE / "invalid.xml"), *ALL_MINI)
    assert untimed(merged.stdout) == untimed(both.stdout)
    assert run_cli("report", str(first)).returncode == 0


@pytest.mark.parametrize(
    ("chosen", "words"),
    [
        ([0, 1], "shard 3/3 missing: give the reports of all 3 shards"),
        ([0, 1, 1, 2], "shard 2/3 is given twice"),
        ([0, 1, 2, "mini"], "ran different checks"),
        ([0, 1, 2, "whole"], "some reports are shards (--shard) and some are not"),
        ([0, 1, 2, "text"], "not JSON"),
        ([0, 1, 2, "other"], "not a teikit validate report"),
        ([0, 1, 2, "absent"], "no such report"),
    ],
)
def test_reports_that_do_not_make_one_run_are_an_input_error(run, others, chosen, words):
    shards, _ = run
    result = run_cli("report", *[str(shards[c] if isinstance(c, int) else others[c]) for c in chosen])
    assert result.returncode == 2
    assert words in result.stderr and len(result.stderr.strip().splitlines()) == 1


@pytest.fixture(scope="module")
def others(tmp_path_factory) -> dict[str, Path]:
    """Reports that are not shards of the corpus's run: of other checks, of the whole run, broken, absent."""
    folder = tmp_path_factory.mktemp("others")
    found = {name: folder / f"{name}.json" for name in ("text", "other", "absent", "mini", "whole")}
    found["text"].write_text("3 files checked\n")
    found["other"].write_text('{"format": "something/1"}')
    run_cli("validate", str(HERE / "valid.xml"), *ALL_MINI, "--format", "json", "-o", str(found["mini"]))
    run_cli("validate", *CORPUS, "--format", "json", "-o", str(found["whole"]))
    return found


GIVE = "give the reports of teikit validate --format json"


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"", "{f}:1:1: the file is empty: " + GIVE),
        (b" \n", "{f}:1:1: the file is empty: " + GIVE),
        (b'{"format":\n "caf\xe9"}', "{f}:2:6: not UTF-8 (byte 0xe9): " + GIVE),
        (b'{"files": [1,\n  2,, 3]}', "{f}:2:5: not JSON (Expecting value): " + GIVE),
        (None, "{f}: is a folder: " + GIVE),
    ],
    ids=["empty", "blank", "latin-1", "broken", "folder"],
)
def test_a_file_that_is_no_report_is_one_line_with_its_place_and_exit_2(tmp_path, content, said):
    report = tmp_path / "r.json"
    if content is None:
        report.mkdir()
    else:
        report.write_bytes(content)
    result = run_cli("report", str(report))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [f"teikit: error: {said.format(f=report)}"]
