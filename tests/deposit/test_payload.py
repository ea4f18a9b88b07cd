"""Choosing the payload: what is missing is named, each edition gets its own sources, and the options add to it."""

from __future__ import annotations

import shutil

import bagit

from conftest import run_cli

from .helpers import EPOCH, PAYLOAD, STEM, make, payload_of


def test_missing_exports_are_named_and_nothing_is_written(project, tmp_path):
    (project / "build" / f"{STEM}.html").unlink()
    refused = make(project, tmp_path / "out")
    assert refused.returncode == 2
    assert f"the HTML export ({project / 'build' / STEM}.html; run `make export`" in refused.stderr
    assert not (tmp_path / "out").exists()


def test_two_documents_give_two_bags_each_with_its_own_sources(project, tmp_path):
    second = "second-edition"
    shutil.copyfile(project / "tei" / f"{STEM}.xml", project / "tei" / f"{second}.xml")
    (project / "tei" / "src" / f"{second}.txt").write_text("the second transcription")
    for suffix in ("html", "txt"):
        shutil.copyfile(project / "build" / f"{STEM}.{suffix}", project / "build" / f"{second}.{suffix}")
    done = run_cli("deposit", f"tei/{STEM}.xml", f"tei/{second}.xml", "-o", str(tmp_path / "out"), cwd=project,
                   env={"SOURCE_DATE_EPOCH": EPOCH})
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("deposited ") == 2
    first_src = [p for p in payload_of(tmp_path / "out" / STEM) if p.startswith("data/tei/src/")]
    second_src = [p for p in payload_of(tmp_path / "out" / second) if p.startswith("data/tei/src/")]
    # corrections.toml is named for no edition, so both carry it; each transcription goes only to its own bag.
    assert first_src == ["data/tei/src/corrections.toml", f"data/tei/src/{STEM}.txt"]
    assert second_src == ["data/tei/src/corrections.toml", f"data/tei/src/{second}.txt"]
    bagit.Bag(str(tmp_path / "out" / second)).validate()


def test_include_adds_a_file_to_the_payload_and_exports_dir_is_an_option(project, tmp_path):
    elsewhere = tmp_path / "exports"
    shutil.move(project / "build", elsewhere)
    note = tmp_path / "deposit-agreement.txt"
    note.write_text("signed\n")
    done = make(project, tmp_path / "out", "--exports-dir", str(elsewhere), "--include", str(note))
    assert done.returncode == 0, done.stderr
    assert payload_of(tmp_path / "out" / STEM) == sorted([*PAYLOAD, "data/extra/deposit-agreement.txt"])
