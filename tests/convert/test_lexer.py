"""The lexer alone: the transcription's lines -> typed blocks with their source lines, under the default profile."""

from __future__ import annotations

from pathlib import Path

import pytest

from teikit.convert.lexer import (
    BYLINE,
    LIST_ITEM,
    NOTE_BLOCK,
    PAGE_MARKER,
    PARAGRAPH,
    SECTION_START,
    NoteText,
    lex,
    read_source,
)
from teikit.convert.messages import Messages
from teikit.convert.profile import load_profile
from teikit.errors import TeikitError

TRANSCRIPTION = """by A. Writer
from Collected Essays (1901)

The first paragraph, with line-wrap\u00a0 residue.

a) the first item;

1) A section head. Its body begins.

[1] "A Treatise on Things," 1899.  * My emphasis.

page 7

by the way, this is a paragraph
"""


def lexed(text: str) -> tuple[list, list]:
    """The blocks of `text` and the messages met on the way."""
    messages = Messages("t.txt")
    return lex(text, load_profile(), messages), messages.findings


def test_each_line_becomes_a_typed_block_with_its_source_line() -> None:
    blocks, _ = lexed(TRANSCRIPTION)
    assert [(b.kind, b.line, b.n) for b in blocks] == [
        (BYLINE, 1, "author"), (BYLINE, 2, "work"), (PARAGRAPH, 4, ""), (LIST_ITEM, 6, "a"),
        (SECTION_START, 8, "1"), (NOTE_BLOCK, 10, ""), (PAGE_MARKER, 12, "7"), (PARAGRAPH, 14, "")]
    assert blocks[3].text == "the first item;" and blocks[4].text == "A section head. Its body begins."


def test_bylines_are_read_only_before_the_first_paragraph() -> None:
    blocks, _ = lexed(TRANSCRIPTION)
    assert [b.text for b in blocks if b.kind == BYLINE] == ["by A. Writer", "from Collected Essays (1901)"]
    assert blocks[-1].text == "by the way, this is a paragraph"


def test_a_note_block_is_split_into_its_labelled_notes() -> None:
    blocks, _ = lexed(TRANSCRIPTION)
    (block,) = [b for b in blocks if b.kind == NOTE_BLOCK]
    assert block.notes == (NoteText("1", '"A Treatise on Things," 1899.', 10, 1), NoteText("*", "My emphasis.", 10, 2))


def test_no_break_space_wrap_residue_is_one_space_and_its_line_width_is_measured() -> None:
    line = "a" * 30 + "\u00a0 " + "b" * 40 + " \u00a0" + "c" * 50 + "\u00a0end"
    blocks, findings = lexed(f"{line}\n\npage 1\n")
    assert blocks[0].text == f"{'a' * 30} {'b' * 40} {'c' * 50} end"
    assert blocks[0].width == 40  # the median of the runs between the marks (30, 40, 50)
    assert [f.message for f in findings if f.rule == "nbsp"] == [
        "3 runs of no-break spaces (line-wrap residue) replaced by one space"]


def test_several_blank_lines_are_one_paragraph_break_and_noted_once() -> None:
    blocks, findings = lexed("One paragraph.\n\n\n\nAnother.\n\npage 1\n")
    assert [(b.kind, b.line) for b in blocks] == [(PARAGRAPH, 1), (PARAGRAPH, 5), (PAGE_MARKER, 7)]
    assert [(f.rule, f.line) for f in findings if f.rule == "blank-lines"] == [("blank-lines", 3)]


@pytest.mark.parametrize("text, line, words", [
    ("Text.\n\npage 7\n\nMore.\n\npage 9\n", 7, "does not follow page 7: pages must be consecutive"),
    ("Text.\n\npage 7a\n", 3, "looks like a page marker but is not exactly one"),
    ("Text.\n\n[1] A note.\n\nNot a folio.\n", 3, "a note block must be followed by a page marker"),
    ("just one line of text\n", 1, "no recognisable structure"),
], ids=["pages-not-consecutive", "page-marker-malformed", "note-block-without-marker", "no-structure"])
def test_a_malformed_transcription_is_an_error_at_its_line(text: str, line: int, words: str) -> None:
    with pytest.raises(TeikitError) as err:
        lexed(text)
    assert err.value.line == line and words in err.value.message


def test_read_source_gives_text_with_lf_line_endings_and_no_byte_order_mark(tmp_path: Path) -> None:
    source = tmp_path / "t.txt"
    source.write_bytes("\ufeffOne.\r\n\r\nTwo.\rThree.\n".encode())
    assert read_source(source) == "One.\n\nTwo.\nThree.\n"
