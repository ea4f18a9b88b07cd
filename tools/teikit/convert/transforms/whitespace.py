"""normalize_whitespace: the typed "--" to an em dash, and any run of spaces left (NBSP residue is one space
already in the lexer, before the patterns see the line) to one space."""

from __future__ import annotations

import re

from teikit.convert.transforms.base import Context
from teikit.convert.tree import slots

_SPACES = re.compile(r"[ \u00a0]{2,}|\u00a0")  # "word \u00a0 word", "word  word"


def normalize_whitespace(ctx: Context) -> None:
    for slot in slots(ctx.root):
        s = slot.get()
        if not s:
            continue
        new = ctx.profile.with_em_dashes(_SPACES.sub(" ", s))
        if new != s:
            slot.set(new)
