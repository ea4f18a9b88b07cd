"""Safety: an invalid edition is refused with its findings; nothing is replaced without --force; a failure at any
step leaves the previous deposit as it was and nothing half-made."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import bagit
import pytest

from conftest import run_cli
from teikit.errors import TeikitError

from .helpers import FIX, STEM, build_sample, make, tree_bytes


def test_invalid_tei_is_refused_with_its_findings(project, tmp_path):
    tei = project / "tei" / f"{STEM}.xml"
    shutil.copyfile(FIX / "invalid-unknown-element.xml", tei)
    refused = make(project, tmp_path / "out")
    assert refused.returncode == 1
    assert f"{STEM}.xml:40:" in refused.stderr  # the finding, at the line of the unknown element
    assert "bogus" in refused.stderr
    assert "not deposited" in refused.stderr
    assert not (tmp_path / "out").exists()


def test_existing_deposit_is_kept_without_force_and_replaced_with_it(project, tmp_path):
    out = tmp_path / "out"
    assert make(project, out).returncode == 0
    before = tree_bytes(out)
    (project / "build" / f"{STEM}.html").write_text("<html><body><h1>IV, revised</h1></body></html>\n")

    refused = make(project, out)
    assert refused.returncode == 2
    assert f"{out / STEM}: already exists: give --force to replace it" in refused.stderr
    assert tree_bytes(out) == before

    replaced = make(project, out, "--force")
    assert replaced.returncode == 0, replaced.stderr
    assert "IV, revised" in (out / STEM / "data" / "exports" / f"{STEM}.html").read_text()
    bagit.Bag(str(out / STEM)).validate()
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [STEM, f"{STEM}.zip", f"{STEM}.oai_dc.xml", f"{STEM}.datacite.json", f"{STEM}.CITATION.cff"]
    )  # no staging folder left behind


@pytest.mark.parametrize(
    ("failure", "raised"),
    [
        (OSError(28, "No space left on device", "sample-edition.zip"), TeikitError),
        (KeyboardInterrupt(), KeyboardInterrupt),
    ],
    ids=["disk-full", "interrupted"],
)
def test_a_step_that_fails_leaves_nothing_half_made(project, tmp_path, monkeypatch, failure, raised):
    def broken_zip(*args, **kwargs):
        raise failure

    monkeypatch.setattr("teikit.deposit.build.write_zip", broken_zip)  # where build_deposit finds it
    out = tmp_path / "out"
    with pytest.raises(raised):
        build_sample(project, out)
    assert list(out.iterdir()) == []  # no bag, no records, no staging folder


def test_a_failed_replacement_puts_the_previous_deposit_back(project, tmp_path, monkeypatch):
    out = tmp_path / "out"
    build_sample(project, out)
    before = tree_bytes(out)
    (project / "build" / f"{STEM}.txt").write_text("revised text\n")
    real_replace, calls = os.replace, []

    def replace_failing_on_the_bag(src, dst):
        calls.append(Path(dst).name)
        if Path(dst).name == STEM and Path(src).parent.name == f".{STEM}.teikit-{os.getpid()}.staging":
            raise OSError(5, "Input/output error", str(dst))  # the last move: the new bag onto the old one
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace_failing_on_the_bag)
    with pytest.raises(TeikitError, match="Input/output error"):
        build_sample(project, out, force=True)
    assert STEM in calls and f"{STEM}.zip" in calls  # the failure came after other outputs had been replaced
    assert tree_bytes(out) == before


def test_an_invalid_edition_is_reported_as_invalid_whatever_else_stops_its_deposit(project, tmp_path):
    # The document is validated beside the staging of its bag: a missing payload file found first must not hide that
    # the edition itself is invalid.
    tei = project / "tei" / f"{STEM}.xml"
    shutil.copyfile(FIX / "invalid-unknown-element.xml", tei)
    (project / "build" / f"{STEM}.html").unlink()
    refused = make(project, tmp_path / "out")
    assert refused.returncode == 1
    assert "invalid (2 errors): not deposited" in refused.stderr and "bogus" in refused.stderr
    assert "html" not in refused.stderr.split("error:")[-1]
    assert not (tmp_path / "out").exists()


def test_a_missing_schema_is_one_error_for_the_run_not_one_per_document(project, tmp_path):
    second = project / "tei" / "second-edition.xml"
    shutil.copyfile(project / "tei" / f"{STEM}.xml", second)
    refused = run_cli("deposit", str(project / "tei" / f"{STEM}.xml"), str(second), "-o", str(tmp_path / "out"),
                      "--schema", str(tmp_path / "missing.rng"), cwd=project)
    assert refused.returncode == 2
    assert refused.stderr.strip().splitlines() == [f"teikit: error: {tmp_path / 'missing.rng'}: no such schema file"]
    assert not (tmp_path / "out").exists()
