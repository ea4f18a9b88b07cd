"""`teikit schema`: the schemas and the manual written, and an ODD it cannot compile reported with its line."""

from __future__ import annotations

import re

import pytest

from conftest import run_cli
from teikit.errors import TeikitError
from teikit.schema.odd import read_odd

from .helpers import ODD, SCHEMA_DIR


def test_cli_writes_schemas_and_manual(tmp_path):
    result = run_cli("schema", str(ODD), "-o", str(tmp_path / "out"), "--manual", str(tmp_path / "m.html"))
    assert result.returncode == 0, result.stderr
    for name in ("teikit.rng", "teikit.xsd", "teikit.sch", "xml.xsd"):
        assert (tmp_path / "out" / name).read_bytes() == (SCHEMA_DIR / name).read_bytes()
    assert "<h2 id=\"rules\">Rules</h2>" in (tmp_path / "m.html").read_text("utf-8")
    assert f"wrote {tmp_path / 'out' / 'teikit.rng'}" in result.stdout


def test_cli_missing_odd_is_one_line_error_exit_2(tmp_path):
    result = run_cli("schema", str(tmp_path / "none.odd"), "-o", str(tmp_path))
    assert result.returncode == 2
    assert result.stderr.strip() == f"teikit: error: {tmp_path / 'none.odd'}: no such file: check the path"
    assert not (tmp_path / "teikit.rng").exists()


def test_cli_odd_with_a_dangling_reference_names_file_and_line(tmp_path):
    text = ODD.read_text("utf-8").replace('<elementRef key="teiHeader"/>', '<elementRef key="teiHeadr"/>', 1)
    line = text[: text.index("teiHeadr")].count("\n") + 1
    bad = tmp_path / "bad.odd"
    bad.write_text(text, "utf-8")
    result = run_cli("schema", str(bad), "-o", str(tmp_path / "out"), "--manual", str(tmp_path / "m.html"))
    assert result.returncode == 2
    assert result.stderr.strip() == (f'teikit: error: {bad}:{line}: <elementRef key="teiHeadr"> names no '
                                     "declared element")
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(("change", "message"), [
    (('<valList type="closed">', '<valList type="open">'), "only closed value lists"),
    (("<content><empty/></content>", "<content><anyElement/></content>"), "<anyElement> is not supported"),
    (('<schemaSpec ident="teikit"', '<specGrp ident="teikit"'), "no <schemaSpec> found"),
    (('<elementRef key="monogr"/>', '<elementRef key="monogr" maxOccurs="lots"/>'), "is not a number"),
])
def test_unsupported_or_broken_odd_is_reported_with_its_line(tmp_path, change, message):
    old, new = change
    text = ODD.read_text("utf-8")
    assert old in text
    text = text.replace(old, new, 1).replace("</schemaSpec>", "</specGrp>" if "specGrp" in new else "</schemaSpec>")
    bad = tmp_path / "bad.odd"
    bad.write_text(text, "utf-8")
    with pytest.raises(TeikitError, match=re.escape(message)) as caught:
        read_odd(bad)
    assert caught.value.file == str(bad) and caught.value.line
