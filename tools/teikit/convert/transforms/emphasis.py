"""mark_emphasis: letter-spaced words and words an author's-note asterisk marks as italic become `hi`."""

from __future__ import annotations

from teikit.convert.transforms.base import Context
from teikit.convert.tree import line_of, replace, slots, tei

SPACED = "#spaced"
ITALIC = "#italic"
_SKIP = frozenset({"note", "fw"})


def mark_emphasis(ctx: Context) -> None:
    for block in ctx.blocks():
        for slot in list(slots(block, _SKIP)):
            s = slot.get()
            hits = [(m.start(), m.end(), "spaced") for m in ctx.profile.letter_spacing.finditer(s)]
            hits += [(m.start(), m.end(), "italic") for m in ctx.profile.asterisk_italic.finditer(s)]
            for start, end, kind in sorted(hits, reverse=True):
                word = s[start:end]
                if kind == "spaced":
                    hi = tei("hi", {"rendition": SPACED}, word.replace(" ", ""))
                    replace(slot, start, end, hi, keep=False)
                    ctx.messages.warn(line_of(slot.el), "letter-spacing", f"letter-spaced '{word}' read as emphasis "
                                    f"'{hi.text}' (hi rendition={SPACED})")
                else:
                    replace(slot, start, end, tei("hi", {"rend": "italic", "rendition": ITALIC}))
