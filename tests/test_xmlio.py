"""The safe parser refuses what XML can smuggle in; atomic writes never leave a half-written file."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FIXTURES, run_cli
from teikit.errors import TeikitError
from teikit.outputs import atomic_write, refuse_replacing
from teikit.xmlio import parse_bytes, parse_file

UNSAFE = FIXTURES / "unsafe"


def test_xxe_pointing_at_a_local_file_is_refused_and_its_content_never_shown(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT-4711")
    doc = tmp_path / "xxe.xml"
    doc.write_text((UNSAFE / "xxe-local-file.xml").read_text().replace("SECRET_PATH", secret.as_uri()))
    with pytest.raises(TeikitError) as caught:
        parse_file(doc)
    assert "entit" in caught.value.message
    assert caught.value.file == str(doc) and caught.value.line == 3
    assert "TOP-SECRET" not in str(caught.value)
    result = run_cli("validate", str(doc))  # whatever the stage, the secret never reaches the user
    assert "TOP-SECRET" not in result.stdout + result.stderr


def test_billion_laughs_is_refused_quickly_without_expansion() -> None:
    with pytest.raises(TeikitError) as caught:
        parse_file(UNSAFE / "billion-laughs.xml")
    assert "entit" in caught.value.message and "refused" in caught.value.message


def test_entity_declaration_is_refused_even_when_the_prescan_cannot_see_it() -> None:
    # UTF-16 input hides the DOCTYPE from the byte-level pre-scan; the check after parsing still refuses it.
    text = '<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE r [<!ENTITY e "x">]>\n<r>&e;</r>'
    with pytest.raises(TeikitError, match="entit"):
        parse_bytes(text.encode("utf-16"), "utf16.xml")


def test_external_dtd_subset_is_refused_with_a_clear_message() -> None:
    with pytest.raises(TeikitError) as caught:
        parse_file(UNSAFE / "external-dtd.xml")
    assert "external DTD" in caught.value.message
    assert "http://localhost:9/tei.dtd" in caught.value.message


def test_malformed_xml_reports_file_line_and_column() -> None:
    with pytest.raises(TeikitError) as caught:
        parse_file(UNSAFE / "malformed.xml")
    err = caught.value
    assert (err.line, err.column) == (4, 33)
    assert str(err).startswith(f"{UNSAFE / 'malformed.xml'}:4:33: not well-formed XML")


def test_missing_and_empty_files_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(TeikitError, match="no such file"):
        parse_file(tmp_path / "nope.xml")
    (tmp_path / "empty.xml").write_bytes(b"  \n")
    with pytest.raises(TeikitError, match="empty"):
        parse_file(tmp_path / "empty.xml")


def test_parsed_tree_keeps_line_numbers() -> None:
    tree = parse_bytes(b"<a>\n\n<b/>\n</a>")
    assert tree.getroot()[0].sourceline == 3


def test_atomic_write_replaces_the_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.xml"
    atomic_write(target, "first")
    atomic_write(target, b"second")
    assert target.read_text() == "second"
    assert [p.name for p in tmp_path.iterdir()] == ["out.xml"]
    assert target.stat().st_mode & 0o777 == 0o644


def test_interrupted_atomic_write_leaves_the_old_file_unchanged(tmp_path: Path) -> None:
    target = tmp_path / "out.xml"
    target.write_text("precious old content")

    def failing_fsync(fd: int) -> None:  # as a full disk would, after part of the data was written
        raise OSError(28, "No space left on device")

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("teikit.outputs.os.fsync", failing_fsync)
        with pytest.raises(TeikitError, match="disk is full") as caught:
            atomic_write(target, b"new content that never lands")
    assert caught.value.file == str(target)  # the user's file, never the temporary one
    assert target.read_text() == "precious old content"
    assert [p.name for p in tmp_path.iterdir()] == ["out.xml"]


def test_a_write_that_need_not_be_durable_does_not_wait_for_the_disk(tmp_path: Path) -> None:
    target = tmp_path / "entry"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("teikit.outputs.os.fsync", lambda fd: pytest.fail("waited for the disk"))
        atomic_write(target, "cache entry", durable=False)
    assert target.read_text() == "cache entry"
    assert [p.name for p in tmp_path.iterdir()] == ["entry"]


def test_refuse_replacing_compares_sizes_and_measures_the_old_file_as_told(tmp_path: Path) -> None:
    out = tmp_path / "out.xml"
    refuse_replacing(out, False, 1)  # nothing there: nothing to refuse
    atomic_write(out, b"<a>" + b"x" * 100 + b"</a>")  # 107 bytes, written by teikit
    refuse_replacing(out, False, 97, tolerance=0.1)  # within 10% smaller
    with pytest.raises(TeikitError, match=r"would replace 107 bytes by 96 \(hint\): give --force") as caught:
        refuse_replacing(out, False, 96, tolerance=0.1, hint="hint")
    assert caught.value.file == str(out) and caught.value.exit_code == 2
    refuse_replacing(out, True, 0)  # --force
    with pytest.raises(TeikitError, match="already exists: give --force"):
        refuse_replacing(out, False)  # sizes that cannot be compared
    without_x = lambda data: len(data.replace(b"x", b""))  # noqa: E731
    refuse_replacing(out, False, 7, measure=without_x)  # the old file counts 7 bytes as measured
    with pytest.raises(TeikitError, match="would replace 7 bytes by 6"):
        refuse_replacing(out, False, 6, measure=without_x)
