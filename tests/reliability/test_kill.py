"""kill -9, then run again: the output folder holds exactly what a clean run writes. Killed runs are stopped at
named points (the test hook $TEIKIT_PAUSE_AT: between writing a file and renaming it, between the moves of a
deposit) and at moments during the work itself; before the rerun, what is there is the previous outputs, each whole,
and teikit's own temporary files; after it, a clean run's files and nothing else."""

from __future__ import annotations

import os
import random
import signal
import time
from pathlib import Path

import pytest

from conftest import make_project, shared_path

from .helpers import CUSTOMIZATION, DEBRIS, EDITION, SAMPLE, debris, snapshot, teikit_process

EPOCH = {"SOURCE_DATE_EPOCH": "1700000000"}
STEM = "sample-edition"


def run(*args, env=None) -> None:
    done = teikit_process(*args, env=env)
    out, err = done.communicate(timeout=120)
    assert done.returncode == 0, err


def killed(*args, env: dict, pause: str | None = None, after: float | None = None) -> None:
    """Start teikit, and SIGKILL it (with its workers) when it pauses at `pause`, or `after` seconds."""
    process = teikit_process(*args, env={**env, **({"TEIKIT_PAUSE_AT": pause} if pause else {})})
    try:
        if pause:
            line = process.stderr.readline()
            assert line.startswith(f"teikit: paused at {pause}"), line + process.stderr.read()
        else:
            time.sleep(after)
            assert process.poll() is None, "the run ended before it was killed: make it longer"
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()


def without_debris(folder: Path) -> dict[str, bytes | None]:
    return {name: data for name, data in snapshot(folder).items() if not any(DEBRIS.search(part)
                                                                                for part in name.split("/"))}


# ---------------------------------------------------------------- a long export of a corpus, in parallel

@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, Path]:
    """40 documents (the edition under 40 names), their HTML exported by a clean run, then changed (a longer title),
    the HTML a clean run makes of them as changed, and how long that run takes (the timed kills are fractions of
    it, so that they fall within the run on a fast machine as on a slow one)."""
    root = tmp_path_factory.mktemp("corpus")
    old, new = root / "old", root / "tei"
    old.mkdir()
    new.mkdir()
    title = b"Dictatorship of the Proletariat"
    changed = EDITION.read_bytes().replace(title, title + b", revised", 1)
    for number in range(40):
        (old / f"ch{number:02}.xml").write_bytes(EDITION.read_bytes())
        (new / f"ch{number:02}.xml").write_bytes(changed)
    run("export", old, "--to", "html", "-o", root / "before", "-j", "2")
    started = time.monotonic()
    run("export", new, "--to", "html", "-o", root / "after", "-j", "2")
    return {"old": old, "sources": new, "before": root / "before", "after": root / "after",
            "seconds": time.monotonic() - started}


@pytest.mark.parametrize(("pause", "after"), [("write:1", None), ("write:7", None), (None, 0.2), (None, 0.5)],
                         ids=["first-rename", "seventh-rename", "early", "midway"])
def test_a_killed_export_leaves_whole_files_and_a_rerun_a_clean_folder(corpus, tmp_path, pause, after):
    out = tmp_path / "out"
    run("export", corpus["old"], "--to", "html", "-o", out, "-j", "2")  # (as "before", made by teikit here)
    previous, changed = snapshot(corpus["before"]), snapshot(corpus["after"])
    assert snapshot(out) == previous
    args = ("export", corpus["sources"], "--to", "html", "-o", out, "-j", "2")
    killed(*args, env={}, pause=pause, after=after and after * corpus["seconds"])
    for name, data in without_debris(out).items():  # every file whole: as before, or as after
        assert data in (previous[name], changed[name]), name
    assert set(without_debris(out)) == set(previous)
    run(*args)
    assert snapshot(out) == changed  # no temporary file, nothing stale


# ---------------------------------------------------------------- a deposit of a big payload

@pytest.fixture(scope="module")
def big_project(tmp_path_factory) -> dict[str, Path]:
    """A project whose deposit carries a 1.5 MB generated file, what a clean deposit of it writes, and how long it
    takes (the moments of the kills are fractions of it)."""
    root = tmp_path_factory.mktemp("big")
    project = make_project(root / "project", SAMPLE, STEM)
    words = random.Random(12).choices([b"alpha", b"beta", b"gamma", b"delta", b"epsilon"], k=300_000)
    (root / "scans.txt").write_bytes(b" ".join(words))
    clean = root / "clean"
    started = time.monotonic()
    run("deposit", project / "tei" / f"{STEM}.xml", "-o", clean, "--include", root / "scans.txt", env=EPOCH)
    return {"project": project, "include": root / "scans.txt", "clean": clean, "seconds": time.monotonic() - started}


def deposit_args(big: dict[str, Path], out: Path, *more: str) -> tuple:
    return ("deposit", big["project"] / "tei" / f"{STEM}.xml", "-o", out, "--include", big["include"], *more)


@pytest.mark.parametrize(("first", "pause", "after"), [
    (False, "place:1", None), (False, "place:3", None), (False, "place:5", None), (False, None, 0.4),
    (False, None, 0.6), (True, "place:3", None), (True, "place:5", None),
], ids=["replacing-staged", "replacing-records-placed", "replacing-bag-next", "replacing-bagging",
        "replacing-zipping", "first-records-placed", "first-bag-next"])
def test_a_killed_deposit_leaves_the_previous_one_and_a_rerun_a_clean_folder(big_project, tmp_path, first, pause,
                                                                            after):
    out = tmp_path / "out"
    if not first:  # a previous deposit, of another edition text, to be replaced with --force
        (tmp_path / "previous.txt").write_text("an older payload\n")
        run(*deposit_args({**big_project, "include": tmp_path / "previous.txt"}, out), env=EPOCH)
        (out / "previous.txt").write_text("a file of the user's, beside the deposit\n")
    previous = snapshot(out)
    args = deposit_args(big_project, out, *([] if first else ["--force"]))
    killed(*args, env=EPOCH, pause=pause, after=after and after * big_project["seconds"])
    left = without_debris(out)
    if pause in (None, "place:1"):
        assert left == previous  # killed before anything was moved into place: the previous state, untouched
    else:  # killed between moves: each output is whole, the previous one or the new one
        for name, data in left.items():
            assert data in (previous.get(name), snapshot(big_project["clean"]).get(name)), name
    run(*args, env=EPOCH)  # the same command again: no --force is needed to finish what was killed
    expected = {**snapshot(big_project["clean"]), **({} if first else {"previous.txt": previous["previous.txt"]})}
    assert snapshot(out) == expected
    assert not debris(out)


# ---------------------------------------------------------------- compiling a customization, and the ODD cache

@pytest.fixture(scope="module")
def customization(tmp_path_factory) -> dict[str, Path]:
    """A customization of TEI as it was and as changed, and the folders clean runs of each write (each with a cache
    of its own)."""
    p5subset = shared_path("tei", "p5", "p5subset.xml")
    root = tmp_path_factory.mktemp("odd")
    odd = root / "edition.odd"
    changed = CUSTOMIZATION.read_bytes().replace(b"<desc>a chapter</desc>", b"<desc>a chapter, revised</desc>", 1)
    assert changed != CUSTOMIZATION.read_bytes()
    (root / "changed.odd").write_bytes(changed)
    for name, data in (("before", CUSTOMIZATION.read_bytes()), ("after", changed)):
        odd.write_bytes(data)
        run("schema", odd, "-o", root / name, "-q", env={"TEIKIT_P5_SOURCE": str(p5subset),
                                                         "TEIKIT_CACHE_DIR": str(root / f"cache-{name}")})
    return {"odd": odd, "changed": root / "changed.odd", "before": root / "before", "after": root / "after",
            "p5subset": p5subset}


@pytest.mark.parametrize("pause", ["cache:1", "cache:2", "cache-entry", "write:1"],
                         ids=["digest-memo", "source-copy", "cache-entry-staged", "an-output"])
def test_a_killed_compilation_leaves_whole_files_and_a_rerun_a_clean_folder_and_cache(customization, tmp_path,
                                                                                       pause):
    """With a cold cache a compilation writes the P5 source's digest and its copy, stages the cache entry (writing
    the digests of what it read meanwhile), then writes the outputs: killed at each, it leaves the previous outputs
    whole; run again, a clean run's files, and no debris in the cache either."""
    out, cache = tmp_path / "out", tmp_path / "cache"
    env = {"TEIKIT_P5_SOURCE": str(customization["p5subset"]), "TEIKIT_CACHE_DIR": str(cache)}
    odd = customization["odd"]  # (the compiled ODD names the path of its ODD)
    odd.write_bytes(CUSTOMIZATION.read_bytes())
    run("schema", odd, "-o", out, "-q", env={**env, "TEIKIT_CACHE_DIR": str(tmp_path / "old-cache")})
    previous, changed = snapshot(customization["before"]), snapshot(customization["after"])
    assert snapshot(out) == previous
    odd.write_bytes(customization["changed"].read_bytes())
    killed("schema", odd, "-o", out, "-q", env=env, pause=pause)
    assert debris(cache) or debris(out)  # killed between a write and its rename
    for name, data in without_debris(out).items():
        assert data in (previous[name], changed[name]), name
    run("schema", odd, "-o", out, "-q", env=env)
    assert snapshot(out) == changed
    assert not debris(cache) and not debris(out)
