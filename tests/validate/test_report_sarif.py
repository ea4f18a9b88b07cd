"""`--format sarif`: SARIF 2.1.0, checked against the OASIS JSON schema (tests/fixtures/validate/sarif/)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from conftest import FIXTURES, run_cli
from teikit.findings import Finding
from teikit.validate import FileResult
from teikit.validate.reports.sarif import render_sarif
from teikit.validate.run import Check

from .helpers import ALL_MINI, HERE

pytestmark = pytest.mark.usefixtures("private_cache")
SCHEMA = json.loads((FIXTURES / "validate" / "sarif" / "sarif-schema-2.1.0.json").read_text())


def _valid_sarif(text: str) -> dict:
    log = json.loads(text)
    jsonschema.Draft4Validator.check_schema(SCHEMA)
    errors = sorted(jsonschema.Draft4Validator(SCHEMA).iter_errors(log), key=str)
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])
    return log


def test_sarif_report_is_valid_sarif_with_every_finding_at_its_place() -> None:
    files = [HERE / "invalid.xml", HERE / "warnings.xml", HERE / "malformed.xml", HERE / "valid.xml"]
    result = run_cli("validate", *map(str, files), *ALL_MINI, "--format", "sarif")
    assert result.returncode == 1
    log = _valid_sarif(result.stdout)
    assert log["version"] == "2.1.0" and len(log["runs"]) == 1
    run = log["runs"][0]
    text = run_cli("validate", *map(str, files), *ALL_MINI, "-q").stdout.splitlines()
    assert len(run["results"]) == 9 and len([r for r in run["results"] if r["level"] == "error"]) == len(text)
    rules = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert sorted(rules) == ["note-place", "pb-n-number", "rng", "schematron", "text-clean", "well-formed", "xsd"]
    for found in run["results"]:
        assert rules[found["ruleIndex"]] == found["ruleId"]
    by_rule = {r["ruleId"]: r for r in run["results"]}
    place = by_rule["pb-n-number"]["locations"][0]["physicalLocation"]
    assert place["artifactLocation"] == {"uri": (HERE / "invalid.xml").as_uri()}  # (an absolute path)
    assert place["region"] == {"startLine": 15, "startColumn": 19}
    assert by_rule["note-place"]["level"] == "warning" and by_rule["schematron"]["level"] == "note"
    assert by_rule["well-formed"]["locations"][0]["physicalLocation"]["region"]["startLine"] == 5
    descriptions = {rule["id"]: rule["shortDescription"]["text"] for rule in run["tool"]["driver"]["rules"]}
    assert descriptions["rng"] == f"RELAX NG grammar {ALL_MINI[1]}"
    assert descriptions["pb-n-number"] == f"Schematron rule pb-n-number of {ALL_MINI[5]}"


def test_sarif_of_no_finding_and_of_relative_paths_and_unknown_places() -> None:
    clean = run_cli("validate", str(HERE / "valid.xml"), *ALL_MINI, "--format", "sarif")
    assert clean.returncode == 0 and _valid_sarif(clean.stdout)["runs"][0]["results"] == []
    checks = [Check("tei-all", Path("tei_all.rng"))]
    findings = (Finding("a b/c.xml", 0, 0, "error", "tei-all", "no place"),
                Finding("a b/c.xml", 3, 0, "warning", "tei_all-p-rule", "a line"))
    log = _valid_sarif(render_sarif(checks, [FileResult("a b/c.xml", (), (findings,))]))
    places = [r["locations"][0]["physicalLocation"] for r in log["runs"][0]["results"]]
    assert [p["region"] for p in places] == [{"startLine": 1}, {"startLine": 3}]  # SARIF lines start at 1
    assert places[0]["artifactLocation"] == {"uri": "a%20b/c.xml", "uriBaseId": "%SRCROOT%"}
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert [r["shortDescription"]["text"] for r in rules] == [
        "TEI All's grammar tei_all.rng", "TEI All's Schematron constraint tei_all-p-rule of tei_all.rng"]
