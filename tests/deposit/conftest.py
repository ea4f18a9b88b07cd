"""Fixtures of the deposit tests: a small project in teikit's layout, and a bag made from it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .helpers import FIX, STEM, make


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A small project in the layout teikit expects: tei/, tei/src/, schema/, build/ (exports)."""
    root = tmp_path / "project"
    (root / "tei" / "src").mkdir(parents=True)
    shutil.copyfile(FIX / "sample-edition.xml", root / "tei" / f"{STEM}.xml")
    (root / "tei" / "src" / f"{STEM}.txt").write_text("IV. THE DICTATORSHIP OF THE PROLETARIAT\n\npage 39")
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
    (root / "build" / f"{STEM}.html").write_text("<html><body><h1>IV.</h1></body></html>\n")
    (root / "build" / f"{STEM}.txt").write_text("IV. The Dictatorship of the Proletariat\n")
    return root


@pytest.fixture
def bag(project, tmp_path) -> Path:
    assert make(project, tmp_path / "out").returncode == 0
    return tmp_path / "out" / STEM
