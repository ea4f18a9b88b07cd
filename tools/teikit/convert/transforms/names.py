"""tag_names: the name forms listed in the editorial data become persName/orgName/placeName with @ref."""

from __future__ import annotations

import re

from teikit.convert.editorial import NAME_KINDS, NameEntry
from teikit.convert.transforms.base import Context
from teikit.convert.tree import local, replace, slots, tei

_SKIP = frozenset({"title", "fw", "choice", "persName", "orgName", "placeName"})


def _element(entry: NameEntry, generic: bool):
    el = tei(NAME_KINDS[entry.kind], {"ref": f"#{entry.id}"})
    if generic:
        el.set("type", "generic")
    return el


def tag_names(ctx: Context) -> None:
    forms: dict[str, tuple[NameEntry, bool]] = {}
    for entry in ctx.data.names:
        for form in entry.forms:
            forms[form] = (entry, False)
        for form in entry.generic_forms:
            forms[form] = (entry, True)
    if not forms:
        return
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
                         + r")(?!\w)")
    count = 0
    for slot in list(slots(ctx.chapter, _SKIP)):
        s = slot.get()
        for m in reversed(list(pattern.finditer(s))):
            replace(slot, m.start(), m.end(), _element(*forms[m.group()]))
            count += 1
    # a corrected name ("Amcrica" -> "America") is tagged around its choice
    for choice in list(ctx.chapter.iter("{*}choice")):
        corr = choice.find("{*}corr")
        hit = forms.get((corr.text or "") if corr is not None else "")
        if hit and local(choice.getparent()) not in NAME_KINDS.values():
            name = _element(*hit)
            parent = choice.getparent()
            parent.insert(parent.index(choice), name)
            name.tail, choice.tail = choice.tail, None
            name.append(choice)
            count += 1
    ctx.report.info(None, "names", f"{count} names tagged")
