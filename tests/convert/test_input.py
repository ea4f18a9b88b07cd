"""Input forms and the command: white space, line endings, unusable or invalid transcriptions, messages, the output."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from conftest import run_cli
from teikit.convert import convert, default_output
from teikit.errors import TeikitError
from teikit.outputs import atomic_write

from .helpers import CONV, EDITION, SOURCE, copy_alone, tei, xp


def _body_text(root: etree._Element) -> str:
    return "\n".join("".join(p.itertext()) for p in xp(root, "//t:body//t:p | //t:body//t:item"))


def test_nbsp_is_normalised_and_double_hyphen_becomes_em_dash(two_pages) -> None:
    root, _ = two_pages
    text = _body_text(root)
    assert "\u00a0" not in text and "--" not in text and "  " not in text
    assert "word \u2014 and" in text


@pytest.mark.parametrize("rewrite", [lambda d: d.replace(b"\xc2\xa0", b" "),
                                     lambda d: d.replace(b" the ", b"\xc2\xa0 the ").replace(b") ", b")\xc2\xa0 ")],
                         ids=["nbsp-replaced-by-spaces", "more-nbsp"])
def test_nbsp_or_spaces_for_line_wraps_give_the_same_text(tmp_path: Path, rewrite) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    plain = tei(copy_alone("two-pages.txt", tmp_path / "a"))[0]
    variant = copy_alone("two-pages.txt", tmp_path / "b", rewrite)
    assert variant.read_bytes() != (tmp_path / "a" / "two-pages.txt").read_bytes()
    assert _body_text(tei(variant)[0]) == _body_text(plain)


@pytest.mark.parametrize("rewrite", [lambda d: d.replace(b"\n", b"\r\n"), lambda d: d.rstrip(b"\n")],
                         ids=["crlf", "no-final-newline"])
def test_line_endings_do_not_change_the_document(tmp_path: Path, rewrite) -> None:
    reference = convert(copy_alone("two-pages.txt", tmp_path)).data
    (tmp_path / "v").mkdir()
    variant = copy_alone("two-pages.txt", tmp_path / "v", rewrite)
    assert convert(variant).data == reference


@pytest.mark.parametrize("name, line, words", [
    ("page-marker-malformed.txt", 3, "looks like a page marker"),
    ("pages-not-consecutive.txt", 7, "pages must be consecutive"),
    ("note-block-without-marker.txt", 1, "must be followed by a page marker"),
    ("quotes-unbalanced.txt", 1, "unbalanced quotation marks"),
    ("no-structure.txt", 1, "no recognisable structure"),
])
def test_invalid_transcriptions_fail_at_their_line(name: str, line: int, words: str) -> None:
    with pytest.raises(TeikitError) as err:
        convert(CONV / "invalid" / name)
    assert err.value.line == line and words in err.value.message


@pytest.mark.parametrize("content, words", [
    (b"", "empty"), (b"\x00\x01\x02binary\x00" * 20, "binary"), (b"caf\xe9 au lait\n\npage 1\n", "not UTF-8"),
    (b"<TEI>not text</TEI>\n\nsecond\n", "looks like XML"),
])
def test_unusable_input_exits_2_and_writes_nothing(tmp_path: Path, content: bytes, words: str) -> None:
    source, out = tmp_path / "in.txt", tmp_path / "out.xml"
    source.write_bytes(content)
    result = run_cli("convert", str(source), "-o", str(out))
    assert result.returncode == 2 and words in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and not out.exists()


def test_messages_are_file_line_severity_and_strict_makes_them_errors(tmp_path: Path) -> None:
    source = CONV / "orphan-note.txt"
    out = tmp_path / "out.xml"
    result = run_cli("convert", str(source), "-o", str(out))
    assert result.returncode == 0 and out.exists()
    assert re.search(rf"^{re.escape(str(source))}:3: warning: note \[1\] on page 3 has no anchor", result.stderr, re.M)
    strict = run_cli("convert", "--strict", str(source), "-o", str(tmp_path / "strict.xml"))
    assert strict.returncode == 1 and ": error: note [1] on page 3" in strict.stderr
    assert not (tmp_path / "strict.xml").exists()


def test_a_much_smaller_result_does_not_replace_the_output_without_force(tmp_path: Path) -> None:
    out = tmp_path / "out.xml"
    atomic_write(out, EDITION.read_bytes())  # as teikit writes it (a file it did not write needs --force anyway)
    result = run_cli("convert", str(CONV / "orphan-note.txt"), "-o", str(out))
    assert result.returncode == 2 and out.read_bytes() == EDITION.read_bytes()
    assert "much smaller, the conversion's messages aside: missing editorial data?): give --force" in result.stderr
    assert run_cli("convert", "--force", "-q", str(CONV / "orphan-note.txt"), "-o", str(out)).returncode == 0


def test_the_conversion_messages_count_for_nothing_in_the_size_guard(tmp_path: Path) -> None:
    """Settling the guesses in the editorial data shrinks the messages kept in revisionDesc: the next conversion
    still replaces the document (the second convert of the README's walk-through, after filling the header)."""
    out = tmp_path / "out.xml"
    assert run_cli("convert", "-q", str(CONV / "orphan-note.txt"), "-o", str(out)).returncode == 0
    converted = out.read_bytes()
    assert b'type="conversion-messages"' in converted
    item = b"<item>a guess the editor has since settled in the data [scare-quote-guessed]</item>"
    atomic_write(out, converted.replace(b"</list></change>", item * 200 + b"</list></change>", 1))  # as teikit would
    assert out.stat().st_size > 2 * len(converted)  # by its length, the new document is much smaller
    result = run_cli("convert", str(CONV / "orphan-note.txt"), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == converted


def test_default_output_follows_the_project_layout() -> None:
    assert default_output(SOURCE) == EDITION
    assert default_output(Path("a/b.txt")) == Path("a/b.xml")


def test_output_is_deterministic_and_mixed_content_is_not_reindented(two_pages) -> None:
    assert convert(CONV / "two-pages.txt").data == convert(CONV / "two-pages.txt").data
    root, _ = two_pages
    head = xp(root, "//t:div[@type='section']/t:head")[0]
    assert etree.tostring(head, encoding="unicode").split(">", 1)[1].startswith("<label>1)</label> A section head.")
    for p in xp(root, "//t:p"):
        assert not (p.text or "").startswith("\n")


def test_an_id_twice_in_the_editorial_data_is_an_error_naming_it(tmp_path: Path) -> None:
    source = tmp_path / "t.txt"
    source.write_text("A title\n\nSome text.\n", encoding="utf-8")
    (tmp_path / "t.names.toml").write_text('[[person]]\nid = "p1"\nname = "A"\nforms = ["A"]\n', encoding="utf-8")
    (tmp_path / "t.works.toml").write_text('[[work]]\nid = "p1"\ntitle = "B"\n[[work]]\nid = "w2"\ntitle = "C"\n',
                                           encoding="utf-8")
    with pytest.raises(TeikitError, match=r"the same id is used twice in the editorial data: p1$"):
        convert(source)
