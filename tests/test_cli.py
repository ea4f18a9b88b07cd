"""The CLI's conventions: one-line errors, exit codes, --version and --help."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, run_cli
from teikit import __version__


def test_version_prints_name_and_version() -> None:
    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"teikit {__version__}"


def test_help_lists_every_subcommand() -> None:
    result = run_cli("--help")
    assert result.returncode == 0
    for name in ("convert", "validate", "export", "deposit", "schema"):
        assert name in result.stdout


@pytest.mark.parametrize(
    "args",
    [("frobnicate",), ("--no-such-option",), ("validate", "--no-such-option")],
)
def test_usage_errors_exit_2_with_one_line(args: tuple[str, ...]) -> None:
    result = run_cli(*args)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("teikit: error: ")
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_no_subcommand_shows_help_and_exits_2() -> None:
    result = run_cli()
    assert result.returncode == 2
    assert "usage: teikit" in result.stderr


def test_an_output_that_cannot_be_written_is_one_line_and_exit_2() -> None:
    full = Path("/dev/full")  # Linux: every write fails with "No space left on device"
    if not full.exists():
        pytest.skip("/dev/full is absent (not Linux)")
    with full.open("w") as sink:
        done = subprocess.run(
            [sys.executable, "-m", "teikit", "validate", str(ROOT / "tei" / "foundations-of-leninism-ch4.xml")],
            stdout=sink,
            stderr=subprocess.PIPE,
            text=True,
        )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == ["teikit: error: No space left on device"]
