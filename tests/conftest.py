"""Shared test helpers: where the repository and ../shared are, how to run the CLI, and TEI All compiled once."""

from __future__ import annotations

import os
import subprocess
import sys
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


@pytest.fixture(scope="session")
def tei_all_tree() -> etree._ElementTree:
    """TEI All's RELAX NG grammar (../shared/tei/tei_all.rng), parsed."""
    return parse_file(shared_path("tei", "tei_all.rng"))


@pytest.fixture(scope="session")
def tei_all(tei_all_tree) -> etree.RelaxNG:
    """TEI All compiled by libxml2, shared by the convert and schema tests."""
    return etree.RelaxNG(tei_all_tree)  # about 15 s: once per session
