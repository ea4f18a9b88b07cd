"""Shared test helpers: where the repository and ../shared are, how to run the CLI, and TEI All compiled once."""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from lxml import etree

from teikit.xmlio import parse_file

# Generated-input tests run a fixed, modest number of examples, the same on every run (derandomized), so that the
# suite's time is bounded; HYPOTHESIS_PROFILE=thorough runs many more.
settings.register_profile("teikit", max_examples=40, deadline=None, derandomize=True, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=1000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "teikit"))

ROOT = Path(__file__).resolve().parents[1]

# What teikit wrote is recorded per output folder under its state folder (teikit.ledger): the tests' records go to a
# folder of their own, removed at the end, so that no test run leaves records of its temporary folders behind.
if "TEIKIT_STATE_DIR" not in os.environ:
    os.environ["TEIKIT_STATE_DIR"] = tempfile.mkdtemp(prefix="teikit-test-state-")
    atexit.register(shutil.rmtree, os.environ["TEIKIT_STATE_DIR"], True)
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = Path(os.environ.get("TEIKIT_SHARED", ROOT.parent / "shared"))


def shared_path(*parts: str) -> Path:
    """A path under ../shared (or $TEIKIT_SHARED), skipping the test with its reason when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: set TEIKIT_SHARED to the shared/ folder to run this test")
    return path


def run_cli(*args: str, cwd: Path | None = None, stdin: str | None = None, env: dict | None = None):
    """Run `python -m teikit ARGS` in a subprocess and return the CompletedProcess (text mode)."""
    return subprocess.run(
        [sys.executable, "-m", "teikit", *args],
        cwd=cwd or ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
    )


def make_project(root: Path, tei: Path, stem: str) -> Path:
    """A small project in the layout teikit expects, at `root`: tei/STEM.xml (a copy of `tei`), tei/src/ (its
    transcription and editorial data, and another edition's), schema/ (stand-ins) and build/ (exports)."""
    (root / "tei" / "src").mkdir(parents=True)
    shutil.copyfile(tei, root / "tei" / f"{stem}.xml")
    (root / "tei" / "src" / f"{stem}.txt").write_text("IV. THE DICTATORSHIP OF THE PROLETARIAT\n\npage 39")
    (root / "tei" / "src" / "corrections.toml").write_text(
        "# Corrections of transcription errors. Each is applied as choice/sic/corr.\n"
        '[[correction]]\nsic = "strcke"\ncorr = "stroke"\n'
    )
    # Another edition's sources share tei/src/: they must stay out of this edition's bag.
    (root / "tei" / "other-edition.xml").write_text("<TEI/>")
    (root / "tei" / "src" / "other-edition.txt").write_text("another text")
    (root / "schema").mkdir()
    for suffix in ("odd", "rng", "xsd", "sch"):  # stand-ins: the deposit carries them, validation uses teikit's own
        (root / "schema" / f"teikit.{suffix}").write_text(f"<!-- stand-in {suffix} -->\n")
    (root / "schema" / "xml.xsd").write_text("<!-- stand-in for the XML namespace schema teikit.xsd imports -->\n")
    (root / "build").mkdir()
    (root / "build" / f"{stem}.html").write_text("<html><body><h1>IV.</h1></body></html>\n")
    (root / "build" / f"{stem}.txt").write_text("IV. The Dictatorship of the Proletariat\n")
    return root


@pytest.fixture(scope="session")
def tei_all_tree() -> etree._ElementTree:
    """TEI All's RELAX NG grammar (../shared/tei/tei_all.rng), parsed."""
    return parse_file(shared_path("tei", "tei_all.rng"))


@pytest.fixture(scope="session")
def tei_all(tei_all_tree) -> etree.RelaxNG:
    """TEI All compiled by libxml2, shared by the convert and schema tests."""
    return etree.RelaxNG(tei_all_tree)  # about 15 s: once per session
