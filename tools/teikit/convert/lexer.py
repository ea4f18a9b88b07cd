"""Lexer: the transcription's lines -> typed blocks (paragraph, heading, list item, section start, note block, page
marker, byline), each with its source line; the conventions come from the profile."""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from pathlib import Path

from teikit.convert.editorial import Readings, readings_hint
from teikit.convert.messages import Messages
from teikit.convert.profile import Profile
from teikit.errors import TeikitError, byte_position
from teikit.xmlio import read_input

PARAGRAPH = "paragraph"
LIST_ITEM = "list_item"
SECTION_START = "section_start"
NOTE_BLOCK = "note_block"
PAGE_MARKER = "page_marker"
BYLINE = "byline"
HEADING = "heading"

_SPACES = re.compile(r" {2,}")  # "word  word": spaces that stood for a line wrap
_HEADING_LIKE = re.compile(r"^[^\W_a-z].*[^\W_]$")  # "A Short History of the Parish", "Chapter 2": no final stop
# Bytes that never occur in a text transcription; a few of them mean the file is binary.
_BINARY_BYTES = frozenset(range(0, 9)) | frozenset(range(14, 32)) - {27}


@dataclass(frozen=True)
class NoteText:
    """One note of a footnote block: its printed label ("1", "*") and text."""

    label: str
    text: str
    line: int
    index: int  # position in its block, from 1


@dataclass(frozen=True)
class Block:
    """One block of the transcription. `n` is a list/section/page number or byline role; `width` the NBSP width."""

    kind: str
    text: str
    line: int
    n: str = ""
    width: float = 0.0
    notes: tuple[NoteText, ...] = ()


def read_source(path: Path) -> str:
    """The transcription as text with LF line endings; a clear error for empty, binary or non-UTF-8 input."""
    data = read_input(path)
    if not data.strip():
        raise TeikitError("the transcription is empty: nothing to convert", path, 1)
    sample = data[:4096]
    if b"\x00" in sample or sum(b in _BINARY_BYTES for b in sample) > len(sample) // 100 + 1:
        raise TeikitError("this is a binary file, not a plain-text transcription", path, 1)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise TeikitError(
            f"not UTF-8 (byte 0x{data[err.start]:02x}): save the transcription as UTF-8", path,
            *byte_position(data, err.start)) from None
    text = text.removeprefix("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def nbsp_width(line: str, profile: Profile) -> float:
    """Median width of the runs between NBSP wrap marks; display quotations were set in a smaller type (wider)."""
    parts = profile.nbsp_run.split(line)[:-1]
    widths = [len(p) for p in parts if len(p) > 20]  # a short piece is a label or a note's end, not a line
    return statistics.median(widths) if widths else 0.0


def _split_notes(text: str, line: int, profile: Profile) -> tuple[NoteText, ...]:
    labels = list(profile.note_label.finditer(text))
    notes = []
    for i, m in enumerate(labels):
        end = labels[i + 1].start() if i + 1 < len(labels) else len(text)
        label = m.group("num") or m.group("star")
        notes.append(NoteText(label, text[m.end():end].strip(" \u00a0"), line, i + 1))
    return tuple(notes)


def _is_heading(line: str, n: int, following: str | None, profile: Profile, readings: Readings,
                messages: Messages) -> bool:
    """A heading: so read by the editor, or by the profile's pattern, or guessed (short, no final punctuation, not
    a page's last words, which go on after the page break)."""
    if n in readings.headings or n in readings.not_headings:
        return n in readings.headings
    if profile.heading.match(line):
        return True
    if not profile.guess_headings or following is None or profile.page_marker.match(following) \
            or profile.note_block_start.match(following):
        return False
    if len(line.split()) > profile.heading_max_words or not _HEADING_LIKE.match(line):
        return False
    messages.warn(n, "heading-guessed", f"'{line}' read as a heading (a short line without final punctuation); "
                  + readings_hint(messages.source, "headings", "not_headings", n))
    return True


def lex(text: str, profile: Profile, messages: Messages, readings: Readings | None = None) -> list[Block]:
    """Classify the lines; raise on a folio line that is malformed or out of sequence. `readings` are the
    editor's decisions where the lexer would guess (headings)."""
    readings = readings or Readings()
    lines = text.split("\n")
    numbered = [(i + 1, ln.rstrip(" \u00a0\t")) for i, ln in enumerate(lines)]
    nonblank = [(n, ln) for n, ln in numbered if ln.strip(" \u00a0\t")]
    blocks: list[Block] = []
    last_page: int | None = None
    runs = 0
    blank = [not ln.strip(" \u00a0\t") for _, ln in numbered]
    for i in range(1, len(blank)):
        if blank[i] and blank[i - 1] and (i < 2 or not blank[i - 2]):
            messages.info(i + 1, "blank-lines", "several blank lines: one paragraph break")
    for k, (n, raw) in enumerate(nonblank):
        following = nonblank[k + 1][1] if k + 1 < len(nonblank) else None
        width = nbsp_width(raw, profile)
        ln, found = profile.nbsp_run.subn(" ", raw)  # line-wrap residue is one space, before any pattern
        ln = _SPACES.sub(" ", ln)
        runs += found
        marker = profile.page_marker.match(ln)
        if marker:
            page = int(marker.group("n"))
            if last_page is not None and page != last_page + 1:
                raise messages.error(
                    n, f"page marker '{ln}' does not follow page {last_page}: pages must be consecutive"
                )
            last_page = page
            blocks.append(Block(PAGE_MARKER, ln, n, str(page)))
            continue
        if profile.page_marker_like.match(ln):
            raise messages.error(n, f"'{ln.strip()}' looks like a page marker but is not exactly one: correct the line")
        if not any(b.kind not in (BYLINE, HEADING) for b in blocks):
            byline = next(((p, m) for p in profile.bylines if (m := p.match(ln))), None)
            if byline:
                blocks.append(Block(BYLINE, ln.strip(), n, next(iter(byline[1].groupdict()))))
                continue
        if profile.note_block_start.match(ln):
            if following is not None and not profile.page_marker.match(following):
                raise messages.error(n, "a note block must be followed by a page marker: add the marker, "
                                      "or if this is a paragraph, change its first characters")
            blocks.append(Block(NOTE_BLOCK, ln, n, notes=_split_notes(ln, n, profile)))
            continue
        if m := profile.section_start.match(ln):
            blocks.append(Block(SECTION_START, ln[m.end():], n, m.group("n"), width))
        elif m := profile.list_item.match(ln):
            blocks.append(Block(LIST_ITEM, ln[m.end():], n, m.group("n"), width))
        elif _is_heading(ln, n, following, profile, readings, messages):
            blocks.append(Block(HEADING, ln, n))
        else:
            blocks.append(Block(PARAGRAPH, ln, n, width=width))
    if runs:
        messages.info(None, "nbsp", f"{runs} runs of no-break spaces (line-wrap residue) replaced by one space")
    text_blocks = [b for b in blocks if b.kind in (PARAGRAPH, LIST_ITEM, SECTION_START, HEADING)]
    structure = [b for b in blocks if b.kind in (PAGE_MARKER, NOTE_BLOCK, SECTION_START, LIST_ITEM, HEADING)]
    if not text_blocks or (not structure and len(text_blocks) < 2):
        raise messages.error(1, "no recognisable structure (paragraphs separated by blank lines, page markers, notes): "
                              f"is this a transcription in the '{profile.name}' conventions?")
    return blocks
