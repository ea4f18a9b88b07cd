"""The project's own schemas (the defaults) on the edition and on every invalid fixture, each at its marked lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import run_cli

from .helpers import EDITION, EXPECT, INVALID, project_schemas_or_skip, untimed

pytestmark = pytest.mark.usefixtures("private_cache")


def test_edition_validates_clean_against_the_project_schemas() -> None:
    if not EDITION.is_file():
        pytest.skip(f"{EDITION} is not built yet")
    project_schemas_or_skip()
    result = run_cli("validate", str(EDITION))
    assert result.returncode == 0, result.stdout + result.stderr
    assert untimed(result.stdout) == "1 file checked: 1 valid, 0 invalid, 0 errors, 0 warnings\n"


@pytest.fixture(scope="module")
def invalid_fixture_report() -> dict[str, dict]:
    """One `teikit validate --format json` run over every invalid fixture, with the project's schemas."""
    if not INVALID:
        pytest.skip("no tests/fixtures/invalid/*.xml yet")
    project_schemas_or_skip()
    result = run_cli("validate", "--format", "json", *map(str, INVALID))
    assert result.returncode == 1, result.stderr
    return {entry["file"]: entry for entry in json.loads(result.stdout)["files"]}


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
def test_every_invalid_fixture_fails_with_its_rule_at_its_marked_lines(path: Path, invalid_fixture_report) -> None:
    marked = {n: m[1] for n, line in enumerate(path.read_text("utf-8").splitlines(), 1) if (m := EXPECT.search(line))}
    entry = invalid_fixture_report[str(path)]
    assert not entry["valid"]
    errors = [f for f in entry["findings"] if f["severity"] == "error"]
    if path.stem.startswith("grammar-"):
        (line,) = marked
        assert {f["rule"] for f in errors} == {"rng", "xsd"}, errors  # no Schematron rule fires
        for rule in ("rng", "xsd"):
            assert min(f["line"] for f in errors if f["rule"] == rule) == line, errors
    else:
        assert set(marked.values()) == {path.stem}
        assert {f["rule"] for f in errors} == {path.stem}, errors
        assert sorted(f["line"] for f in errors) == sorted(marked), errors
