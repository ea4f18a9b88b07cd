"""Fixtures of the deposit tests: a small project in teikit's layout, and a bag made from it."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import make_project

from .helpers import FIX, STEM, make


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A small project in the layout teikit expects: tei/, tei/src/, schema/, build/ (exports)."""
    return make_project(tmp_path / "project", FIX / "sample-edition.xml", STEM)


@pytest.fixture
def bag(project, tmp_path) -> Path:
    assert make(project, tmp_path / "out").returncode == 0
    return tmp_path / "out" / STEM
