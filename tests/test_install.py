"""The package as users install it: the wheel and the sdist carry the schemas (and the ODD they come from, which
`teikit init` gives a new project), and an installed teikit validates and starts an edition."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, shared_path

SCHEMAS = ("teikit.odd", "teikit.rng", "teikit.xsd", "teikit.sch", "xml.xsd")
EDITION = ROOT / "tei" / "foundations-of-leninism-ch4.xml"


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    """An sdist of the working tree and a wheel built from that sdist, as `python -m build` makes them (without
    build isolation: setuptools and build come with the test extra, so no network is needed)."""
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(ROOT)],
        check=True, capture_output=True,
    )
    return out


@pytest.mark.slow
def test_the_sdist_and_the_wheel_carry_the_generated_schemas(dist):
    (sdist,) = dist.glob("teikit-*.tar.gz")
    with tarfile.open(sdist) as archive:
        members = {m.name.split("/", 1)[1]: m for m in archive.getmembers() if "/" in m.name}
        for name in SCHEMAS:  # the link to schema/, stored as the files it leads to
            member = members[f"tools/teikit/data/schema/{name}"]
            assert member.isfile() and archive.extractfile(member).read() == (ROOT / "schema" / name).read_bytes()
    (wheel,) = dist.glob("teikit-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        for name in SCHEMAS:
            assert archive.read(f"teikit/data/schema/{name}") == (ROOT / "schema" / name).read_bytes()
        for name in ("flp-plain", "markdown"):  # the built-in transcription profiles
            assert archive.read(f"teikit/convert/profiles/{name}.toml") == (
                ROOT / "tools" / "teikit" / "convert" / "profiles" / f"{name}.toml").read_bytes()


@pytest.fixture(scope="module")
def installed(dist, tmp_path_factory) -> tuple[Path, dict[str, str], Path]:
    """teikit installed from the wheel in a venv outside the repository: its `teikit`, the environment to run it
    in, and the venv's site-packages."""
    tmp_path = tmp_path_factory.mktemp("installed")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    (wheel,) = dist.glob("teikit-*.whl")
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", "--no-index", str(wheel)],
        check=True, capture_output=True,
    )
    # teikit's dependencies from the test environment, appended after the venv's own site-packages (whose teikit
    # is the wheel's: the editable install's .pth files are not read from a folder named in a .pth).
    site = Path(subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                               check=True, capture_output=True, text=True).stdout.strip())
    (site / "test-dependencies.pth").write_text(f"{sysconfig.get_path('purelib')}\n{sysconfig.get_path('platlib')}\n")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "TEIKIT_P5_SOURCE")}
    env["TEIKIT_CACHE_DIR"] = str(tmp_path / "cache")
    return venv / "bin" / "teikit", env, site


@pytest.mark.slow
def test_teikit_installed_from_the_wheel_validates_the_edition_outside_the_repository(installed, tmp_path):
    teikit, env, site = installed
    done = subprocess.run(
        [teikit, "validate", str(EDITION), "--format", "json"],
        cwd=tmp_path, env=env, capture_output=True, text=True,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["summary"]["files"] == report["summary"]["valid"] == 1
    assert [check["kind"] for check in report["checks"]] == ["rng", "xsd", "schematron"]
    for check in report["checks"]:  # the schemas the wheel carries, not the repository's
        assert Path(check["schema"]).is_relative_to(site / "teikit" / "data" / "schema"), check


@pytest.mark.slow
def test_teikit_installed_from_the_wheel_validates_against_any_odd_outside_the_repository(installed, tmp_path):
    teikit, env, _ = installed
    p5subset = shared_path("tei", "p5", "p5subset.xml")
    odds = ROOT / "tests" / "fixtures" / "schema"
    done = subprocess.run(
        [teikit, "validate", "--odd", str(odds / "edition.odd"), "--source", str(p5subset), "--format", "json",
         str(odds / "edition-sample.xml"), str(odds / "edition-sample-with-mistakes.xml")],
        cwd=tmp_path, env=env, capture_output=True, text=True)
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    assert [check["kind"] for check in report["checks"]] == ["rng", "schematron"]
    assert (report["summary"]["valid"], report["summary"]["invalid"]) == (1, 1)
    rules = sorted(f["rule"] for file in report["files"] for f in file["findings"])
    assert rules == ["persName-ref", "rng", "rng"]


@pytest.mark.slow
def test_teikit_installed_from_the_wheel_starts_an_edition_with_the_projects_encoding(installed, tmp_path):
    teikit, env, _site = installed
    done = subprocess.run([teikit, "init", "parish", "--profile", "markdown"], cwd=tmp_path, env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "tei" / "src" / "parish.txt").read_bytes() == b""
    assert 'profile = "markdown"' in (tmp_path / "tei" / "src" / "parish.header.toml").read_text()
    for name in SCHEMAS:  # the ODD and its schemas, from the wheel's package data
        assert (tmp_path / "schema" / name).read_bytes() == (ROOT / "schema" / name).read_bytes(), name
