"""`teikit validate --odd ODD`: documents against a customization's RELAX NG and Schematron, compiled once (the
schema stage) and kept in the cache, with every report format, jobs and shards."""

from __future__ import annotations

import json

import pytest

from conftest import FIXTURES, run_cli, shared_path

ODDS = FIXTURES / "schema"
SAMPLE, MISTAKES = ODDS / "edition-sample.xml", ODDS / "edition-sample-with-mistakes.xml"


@pytest.fixture
def env(tmp_path):
    return {"TEIKIT_CACHE_DIR": str(tmp_path / "cache"),
            "TEIKIT_P5_SOURCE": str(shared_path("tei", "p5", "p5subset.xml"))}


def test_validate_odd_checks_the_customizations_grammar_and_constraints(env):
    good = run_cli("validate", "--odd", str(ODDS / "edition.odd"), str(SAMPLE), env=env)
    assert good.returncode == 0, good.stderr
    assert "1 file checked" in good.stdout and "1 valid, 0 invalid" in good.stdout
    bad = run_cli("validate", "--odd", str(ODDS / "edition.odd"), str(MISTAKES), env=env)
    assert bad.returncode == 1
    lines = bad.stdout.splitlines()
    assert f"{MISTAKES}:14:12: error [persName-ref] a person's name needs @ref, pointing to the person" in lines
    assert f"{MISTAKES}:16:32: error [rng] Did not expect element emph there" in lines


@pytest.mark.parametrize("fmt", ["json", "junit", "github"])
def test_validate_odd_reports_in_every_format(fmt, env):
    result = run_cli("validate", "--odd", str(ODDS / "edition.odd"), "--format", fmt, str(MISTAKES), env=env)
    assert result.returncode == 1
    if fmt == "json":
        report = json.loads(result.stdout)
        assert [c["kind"] for c in report["checks"]] == ["rng", "schematron"]
        assert report["summary"]["by_rule"] == {"rng": 2, "persName-ref": 1}
    else:
        assert "persName-ref" in result.stdout


def test_validate_odd_shares_files_between_jobs_and_shards(env):
    files = [str(SAMPLE), str(MISTAKES)]
    both = run_cli("validate", "--odd", str(ODDS / "edition.odd"), "-j", "2", "--format", "json", *files, env=env)
    assert json.loads(both.stdout)["summary"]["files"] == 2
    parts = [json.loads(run_cli("validate", "--odd", str(ODDS / "edition.odd"), "--shard", f"{k}/2", "--format",
                                "json", *files, env=env).stdout)["summary"]["files"] for k in (1, 2)]
    assert sorted(parts) == [1, 1]


def test_validate_odd_compiles_once(env, tmp_path):
    first = run_cli("validate", "--odd", str(ODDS / "edition.odd"), str(SAMPLE), env=env)
    compiled = sorted((tmp_path / "cache" / "odd").glob("*/edition.*"))
    assert [p.name for p in compiled] == ["edition.rng", "edition.sch"]
    stamps = [p.stat().st_mtime_ns for p in compiled]
    second = run_cli("validate", "--odd", str(ODDS / "edition.odd"), str(SAMPLE), env=env)
    assert first.returncode == second.returncode == 0
    assert [p.stat().st_mtime_ns for p in compiled] == stamps


def test_validate_odd_with_a_bad_odd_is_its_one_line_error(env):
    result = run_cli("validate", "--odd", str(ODDS / "unknown-module.odd"), str(SAMPLE), env=env)
    assert result.returncode == 2
    assert result.stderr.startswith(f"teikit: error: {ODDS / 'unknown-module.odd'}:18:9: moduleRef key='nosuchmodule'")
    assert len(result.stderr.splitlines()) == 1


def test_source_without_odd_is_a_usage_error(env):
    result = run_cli("validate", "--source", env["TEIKIT_P5_SOURCE"], str(SAMPLE), env=env)
    assert result.returncode == 2 and "give the ODD with --odd" in result.stderr
