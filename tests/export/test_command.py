"""The library's errors and `teikit export`: one file or several, folders, shards, --force, bad input."""

from __future__ import annotations

import re

import pytest

from conftest import FIXTURES, run_cli
from teikit import export
from teikit.errors import TeikitError
from teikit.export import ExportOptions, export_file

from .helpers import CORPUS_SAMPLE, SAMPLE


def test_each_stylesheet_is_compiled_once_per_process():
    assert export.stylesheet("html") is export.stylesheet("html")
    assert export.stylesheet("text") is export.stylesheet("text")


def test_unknown_target_and_bad_width_are_clear_errors():
    with pytest.raises(TeikitError, match="unknown export target"):
        export.stylesheet("pdf")
    with pytest.raises(TeikitError, match="unknown notes placement"):
        export_file(SAMPLE, ExportOptions(target="text", notes="margin"))
    with pytest.raises(TeikitError, match="too narrow"):
        export_file(SAMPLE, ExportOptions(target="text", width=5))


def test_cli_one_file_to_stdout_and_to_a_file(tmp_path):
    result = run_cli("export", str(SAMPLE), "--to", "text", "--width", "60")
    assert result.returncode == 0, result.stderr
    assert "at one stroke." in result.stdout and max(map(len, result.stdout.splitlines())) <= 60
    out = tmp_path / "chapter.html"
    result = run_cli("export", str(SAMPLE), "--to", "html", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_cli_several_files_go_to_a_folder(tmp_path):
    out = tmp_path / "out"
    result = run_cli("export", str(SAMPLE), str(CORPUS_SAMPLE), "--to", "text", "--diplomatic", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["other-projects-corpus.txt", "sample-edition.txt"]
    assert "strcke" in (tmp_path / "out" / "sample-edition.txt").read_text(encoding="utf-8")
    result = run_cli("export", str(SAMPLE), str(CORPUS_SAMPLE), "--to", "text")
    assert result.returncode == 2 and "several files need -o FOLDER" in result.stderr
    folder = tmp_path / "from-folder"
    result = run_cli("export", str(FIXTURES / "export"), "--to", "html", "-o", str(folder))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["other-projects-corpus.html", "sample-edition.html"]
    listed = tmp_path / "from-stdin"
    result = run_cli("export", "-", "--to", "text", "-o", str(listed), stdin=f"{SAMPLE}\n")
    assert result.returncode == 0, result.stderr
    assert [p.name for p in listed.iterdir()] == ["sample-edition.txt"]


def test_cli_corpus_in_parallel_goes_on_past_a_broken_file_and_ends_with_a_summary(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("a", "b", "c"):
        (corpus / f"{name}.xml").write_bytes(SAMPLE.read_bytes())
    (corpus / "broken.xml").write_text("<TEI xmlns='http://www.tei-c.org/ns/1.0'>\n<text>", encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("export", str(corpus), "--to", "text", "-o", str(out), "--jobs", "2")
    assert result.returncode == 2
    assert sorted(p.name for p in out.iterdir()) == ["a.txt", "b.txt", "c.txt"]
    errors, summary = result.stderr.splitlines()
    assert errors.startswith(f"teikit: error: {corpus / 'broken.xml'}:2:7: not well-formed XML")
    assert re.fullmatch(r"4 files exported to text in \d+\.\d\d s: 3 written, 1 failed", summary)
    one_job = tmp_path / "one-job"
    assert run_cli("export", str(corpus / "a.xml"), str(corpus / "b.xml"), "--to", "text", "-o", str(one_job),
                   "-j", "1").returncode == 0
    assert (one_job / "a.txt").read_bytes() == (out / "a.txt").read_bytes()


def test_cli_shards_export_disjoint_parts_of_a_corpus(tmp_path):
    written = []
    for shard in ("1/2", "2/2"):
        out = tmp_path / shard.replace("/", "-of-")
        result = run_cli("export", str(FIXTURES / "export"), "--to", "html", "-o", str(out), "--shard", shard)
        assert result.returncode == 0, result.stderr
        written.append({p.name for p in out.iterdir()})
    assert written[0] | written[1] == {"other-projects-corpus.html", "sample-edition.html"}
    assert not written[0] & written[1]


def test_cli_refuses_to_replace_a_file_by_a_shorter_one_unless_forced(tmp_path):
    out = tmp_path / "chapter.txt"
    out.write_text("x" * 100_000, encoding="utf-8")
    result = run_cli("export", str(SAMPLE), "--to", "text", "-o", str(out))
    assert result.returncode == 2 and "--force" in result.stderr and out.stat().st_size == 100_000
    result = run_cli("export", str(SAMPLE), "--to", "text", "-o", str(out), "--force")
    assert result.returncode == 0 and "stroke" in out.read_text(encoding="utf-8")


def test_cli_bad_input_is_one_line_with_the_place(tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_text("<TEI xmlns='http://www.tei-c.org/ns/1.0'><text>\n<p>open</text></TEI>", encoding="utf-8")
    result = run_cli("export", str(bad), "--to", "html")
    assert result.returncode == 2
    assert re.fullmatch(rf"teikit: error: {re.escape(str(bad))}:2:\d+: not well-formed XML: .*\n", result.stderr)
    html = tmp_path / "page.xml"
    html.write_text('<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>',
                    encoding="utf-8")
    result = run_cli("export", str(html), "--to", "text")
    assert result.returncode == 2
    assert result.stderr.startswith(f"teikit: error: {html}:2:1: not a TEI document: the root element is ")
    result = run_cli("export", str(tmp_path / "absent.xml"), "--to", "text")
    assert result.returncode == 2 and "no such file" in result.stderr and "Traceback" not in result.stderr
