"""Sixteen teikits writing into one folder at once (8 deposits, 8 exports): each waits for the folder's lock, every
one succeeds, and the folder ends as one clean run of each leaves it; and one that cannot wait long enough says
that another teikit is writing there."""

from __future__ import annotations

import fcntl
import os

from conftest import make_project, shared_path

from .helpers import CUSTOMIZATION, EDITION, SAMPLE, debris, snapshot, teikit, teikit_process

EPOCH = {"SOURCE_DATE_EPOCH": "1700000000"}
STEM = "sample-edition"


def test_eight_deposits_and_eight_exports_into_one_folder_serialize(tmp_path):
    project = make_project(tmp_path / "project", SAMPLE, STEM)
    tei = project / "tei" / f"{STEM}.xml"
    deposit = ("deposit", tei, "-o", "{out}", "--force")
    export = ("export", EDITION, "--to", "html", "-o", "{out}/edition.html")

    def start(args, out):
        return teikit_process(*(str(a).format(out=out) for a in args), env=EPOCH)

    clean = tmp_path / "clean"
    for args in (deposit, export):
        assert start(args, clean).wait(timeout=120) == 0
    out = tmp_path / "out"
    runs = [start(args, out) for _ in range(8) for args in (deposit, export)]
    results = [(run.wait(timeout=300), run.stderr.read()) for run in runs]
    for run in runs:
        run.stdout.close()
        run.stderr.close()
    assert [code for code, _ in results] == [0] * 16, [err for _, err in results]
    assert any(f"teikit: waiting: another teikit is writing into {out}" in err for _, err in results)  # they met
    assert snapshot(out) == snapshot(clean)  # one deposit, one page: no staging folder, no temporary file


def test_a_run_that_cannot_wait_long_enough_says_another_teikit_is_writing_there(tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    fd = os.open(out, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX)  # as a teikit writing there holds it
    try:
        monkeypatch.setenv("TEIKIT_LOCK_TIMEOUT", "0.2")
        run = teikit("export", EDITION, "--to", "text", "-o", out / "edition.txt")
    finally:
        os.close(fd)
    assert run.code == 2
    assert run.said == [
        f"teikit: waiting: another teikit is writing into {out}",
        f"teikit: error: {out}: another teikit is writing into this folder (waited 0.2 s): run again when it has "
        "finished, or write elsewhere ($TEIKIT_LOCK_TIMEOUT sets how long to wait)",
    ]
    assert list(out.iterdir()) == []


def test_four_compilations_of_a_customization_into_one_folder_and_one_cold_cache(tmp_path):
    """Four `teikit schema ODD` at once, sharing a cache that holds nothing yet: they take turns in the folder, the
    cache's entries are written whole (by whichever finishes first), and the folder ends as one clean run leaves it."""
    env = {"TEIKIT_P5_SOURCE": str(shared_path("tei", "p5", "p5subset.xml")), "TEIKIT_CACHE_DIR": str(tmp_path / "c")}
    clean, out = tmp_path / "clean", tmp_path / "out"
    first = teikit_process("schema", CUSTOMIZATION, "-o", clean, "-q",
                           env={**env, "TEIKIT_CACHE_DIR": str(tmp_path / "clean-cache")})
    assert first.wait(timeout=120) == 0, first.stderr.read()
    runs = [teikit_process("schema", CUSTOMIZATION, "-o", out, env=env) for _ in range(4)]
    results = [(run.wait(timeout=300), run.stderr.read()) for run in runs]
    for run in [first, *runs]:
        run.stdout.close()
        run.stderr.close()
    assert [code for code, _ in results] == [0] * 4, [err for _, err in results]
    assert snapshot(out) == snapshot(clean)
    assert not debris(tmp_path / "c") and (tmp_path / "c" / "odd").is_dir()
