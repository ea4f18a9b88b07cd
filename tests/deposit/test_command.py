"""The command's usage errors: one line, exit status 2, no traceback."""

from __future__ import annotations

from conftest import run_cli

from .helpers import FIX


def test_usage_errors_are_one_line_with_exit_2(tmp_path):
    no_output = run_cli("deposit", str(FIX / "sample-edition.xml"))
    assert no_output.returncode == 2 and "-o/--output DIR is required" in no_output.stderr
    mixed = run_cli("deposit", "--verify", str(tmp_path), "-o", str(tmp_path))
    assert mixed.returncode == 2 and "--verify takes bags and OCFL objects" in mixed.stderr
    bad_epoch = run_cli("deposit", str(FIX / "sample-edition.xml"), "-o", str(tmp_path / "o"),
                        env={"SOURCE_DATE_EPOCH": "yesterday"})
    assert bad_epoch.returncode == 2 and "SOURCE_DATE_EPOCH must be a whole number" in bad_epoch.stderr
    for done in (no_output, mixed, bad_epoch):
        assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
