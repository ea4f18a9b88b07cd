"""normalize_whitespace: NBSP line-wrap residue to one space, the typed "--" to an em dash."""

from __future__ import annotations

from teikit.convert.transforms.base import Context
from teikit.convert.tree import slots

EM_DASH = "\u2014"


def normalize_whitespace(ctx: Context) -> None:
    runs = 0
    for slot in slots(ctx.root):
        s = slot.get()
        if not s:
            continue
        new, n = ctx.profile.nbsp_run.subn(" ", s)
        runs += n
        new = new.replace(ctx.profile.em_dash, EM_DASH)
        if new != s:
            slot.set(new)
    if runs:
        ctx.report.info(None, "nbsp", f"{runs} runs of no-break spaces (line-wrap residue) replaced by one space")
