"""mark_emphasis: letter-spaced words (a guess the header data's [readings] settle) and words an author's-note
asterisk marks as italic become `hi`."""

from __future__ import annotations

from teikit.convert.editorial import readings_hint
from teikit.convert.transforms.base import Context
from teikit.convert.tree import line_of, replace, slots, tei

SPACED = "#spaced"
ITALIC = "#italic"
_SKIP = frozenset({"note", "fw"})


def _spaced(ctx: Context, line: int | None) -> bool:
    """Whether letter-spaced words at `line` are read as emphasis: the editor's reading, else the profile's guess."""
    readings = ctx.data.readings
    if line in readings.spaced or line in readings.not_spaced:
        return line in readings.spaced
    return ctx.profile.guess_letter_spacing


def mark_emphasis(ctx: Context) -> None:
    for block in ctx.blocks():
        for slot in list(slots(block, _SKIP)):
            s = slot.get()
            line = line_of(slot.el, slot.tail)
            hits = [(m.start(), m.end(), "spaced") for m in ctx.profile.letter_spacing.finditer(s)
                    if _spaced(ctx, line)]
            hits += [(m.start(), m.end(), "italic") for m in ctx.profile.asterisk_italic.finditer(s)]
            for start, end, kind in sorted(hits, reverse=True):
                word = s[start:end]
                if kind == "spaced":
                    hi = tei("hi", {"rendition": SPACED}, word.replace(" ", ""))
                    replace(slot, start, end, hi, keep=False)
                    message = f"letter-spaced '{word}' read as emphasis '{hi.text}' (hi rendition={SPACED})"
                    if line in ctx.data.readings.spaced:
                        ctx.messages.info(line, "letter-spacing", message + " (header data [readings] spaced)")
                    else:
                        ctx.messages.warn(line, "letter-spacing", f"{message}; "
                                          + readings_hint(ctx.messages.source, "spaced", "not_spaced", line or 0))
                else:
                    replace(slot, start, end, tei("hi", {"rend": "italic", "rendition": ITALIC}))
