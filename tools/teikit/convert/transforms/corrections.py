"""apply_corrections: each correction of the editorial data becomes choice/sic/corr, exactly where the data puts
it (nothing else is corrected); then the detectors warn about suspicious tokens that no correction covers."""

from __future__ import annotations

import bisect
import itertools
import re

from lxml import etree

from teikit.convert.editorial import Correction
from teikit.convert.transforms.base import Context
from teikit.convert.tree import TK_INDEX, TK_LABEL, TK_LINE, Slot, line_of, local, replace, slots, tei

_SKIP = frozenset({"note", "fw"})
_SKIP_CORRECTED = frozenset({"note", "fw", "choice"})
_TOKEN = re.compile(r"[^\W\d_]{3,}")  # words the OCR-confusion detector tries


def _lines(unit: etree._Element) -> set[int]:
    skip = frozenset() if local(unit) == "note" else _SKIP
    found = {int(unit.get(TK_LINE))} if unit.get(TK_LINE) else set()
    for slot in slots(unit, skip):
        if not slot.tail and slot.el.get(TK_LINE):
            found.add(int(slot.el.get(TK_LINE)))
    return found


def _units(ctx: Context) -> list[etree._Element]:
    return [*ctx.blocks(), *ctx.chapter.iter("{*}note")]


def _choice(c: Correction, ctx: Context) -> etree._Element:
    choice = tei("choice")
    etree.SubElement(choice, choice.tag.replace("choice", "sic")).text = c.sic
    corr = etree.SubElement(choice, choice.tag.replace("choice", "corr"))
    corr.text = c.corr
    resp = ctx.data.header.get("corrections", {}).get("resp")
    if resp:
        corr.set("resp", resp)
    if c.cert:
        corr.set("cert", c.cert)
    return choice


def _where(c: Correction, units: list[etree._Element]) -> str:
    return f"line {c.line}" if c.line else "the text"


def _apply_label(c: Correction, ctx: Context, source: str, units: dict[int | None, list[etree._Element]]) -> None:
    printed = c.sic.strip("[]")
    notes = sorted((n for n in units.get(c.line, []) if local(n) == "note" and n.get(TK_LINE) == str(c.line)
                    and n.get(TK_LABEL) == printed), key=lambda n: int(n.get(TK_INDEX)))
    if len(notes) < c.occurrence:
        raise ctx.messages.error(c.line, f"correction of the note label '{c.sic}' (occurrence {c.occurrence}): no such "
                               f"label in the note block at line {c.line} (see {source})")
    note = notes[c.occurrence - 1]
    label = tei("label")
    label.append(_choice(c, ctx))
    label.tail = " " + (note.text or "")
    note.text = None
    note.insert(0, label)
    if note.get("n") != c.corr.strip("[]"):
        ctx.messages.warn(c.line, "label-correction", f"label corrected to '{c.corr}' but the note's anchor is "
                        f"[{note.get('n')}]")


def _apply_text(c: Correction, ctx: Context, source: str, units: dict[int | None, list[etree._Element]]) -> None:
    """`units`: the paragraphs and notes of each source line (None: all of them, in document order)."""
    needle = c.before + c.sic + c.after
    hits: list[tuple[Slot, int]] = []
    for unit in units.get(c.line or None, []):
        pieces = list(slots(unit, frozenset() if local(unit) == "note" else _SKIP))
        flat = "".join(s.get() for s in pieces)
        start = flat.find(needle)
        while start >= 0:
            at = start + len(c.before)
            offset = 0
            for slot in pieces:
                n = len(slot.get())
                if offset <= at and at + len(c.sic) <= offset + n:
                    hits.append((slot, at - offset))
                    break
                offset += n
            else:
                raise ctx.messages.error(c.line, f"correction '{c.sic}' -> '{c.corr}' crosses markup; narrow it "
                                       f"(see {source})")
            start = flat.find(needle, start + 1)
    if len(hits) < c.occurrence:
        raise ctx.messages.error(c.line, f"correction '{c.sic}' -> '{c.corr}' (context '{needle}') not found in "
                               f"{_where(c, [])}: correct the data in {source}")
    slot, at = hits[c.occurrence - 1]
    replace(slot, at, at + len(c.sic), _choice(c, ctx), keep=False)
    ctx.messages.info(c.line or line_of(slot.el), "correction", f"'{c.sic}' corrected to '{c.corr}' ({c.cert})")


def apply_corrections(ctx: Context) -> None:
    source = next((p.name for p in ctx.data.files if p.name.endswith(".corrections.toml")), "the corrections data")
    # Corrections never move a paragraph or a note: each line's are found once, not looked for through the whole
    # text for each correction (which grew with the square of its length).
    units: dict[int | None, list[etree._Element]] = {None: _units(ctx)}
    for unit in units[None]:
        for line in sorted(_lines(unit)):
            units.setdefault(line, []).append(unit)
    for c in ctx.data.corrections:
        if c.target == "label":
            _apply_label(c, ctx, source, units)
        else:
            _apply_text(c, ctx, source, units)
    detect_suspicious_tokens(ctx)


def detect_suspicious_tokens(ctx: Context) -> None:
    """Warnings only: OCR-like tokens that no correction of the data covers (corrected text is inside choice)."""
    p = ctx.profile
    seen: set[tuple[int | None, str]] = set()

    def warn(slot: Slot, token: str, message: str) -> None:
        line = line_of(slot.el, slot.tail)
        if (line, token) not in seen:
            seen.add((line, token))
            ctx.messages.warn(line, "suspicious-token", f"'{token}': {message}; not corrected (add it to the "
                            "corrections data if it is an error)")

    for unit in _units(ctx):
        skip = frozenset({"choice"}) if local(unit) == "note" else _SKIP_CORRECTED
        pieces = list(slots(unit, skip))
        s = "".join(piece.get() for piece in pieces)  # detectors see across markup ("p <biblScope>354")
        ends = list(itertools.accumulate(len(piece.get()) for piece in pieces))

        def at(offset: int, pieces: list[Slot] = pieces, ends: list[int] = ends) -> Slot:
            return pieces[min(bisect.bisect_right(ends, offset), len(pieces) - 1)]

        for m in p.digit_letter.finditer(s):
            warn(at(m.start()), m.group(), "letters I/l among digits")
        for m in p.page_without_period.finditer(s):
            warn(at(m.start()), m.group(), "page abbreviation without its period")
        for m in p.period_lowercase.finditer(s):
            warn(at(m.start()), s[m.start(): m.end() + 5], "a period followed by a lower-case word (a misread comma?)")
        for m in p.split_word.finditer(s):
            a, b = m.group("a"), m.group("b")
            if ctx.is_word(a + b) and not (ctx.is_word(a, 2) and ctx.is_word(b, 2)):
                warn(at(m.start()), m.group(), f"a split word? '{a + b}' is a known word")
        for m in _TOKEN.finditer(s):
            token = m.group()
            if ctx.is_word(token, 2):
                continue
            for bad, good in p.confusions:
                i = token.find(bad)
                while i >= 0:
                    guess = token[:i] + good + token[i + len(bad):]
                    if guess.isalpha() and ctx.is_word(guess):
                        warn(at(m.start()), token, f"'{bad}' misread for '{good}'? '{guess}' is a known word")
                    i = token.find(bad, i + 1)
