"""tag_titles and tag_names: the forms the editorial data lists for works cited and for persons, families,
organisations and places become `title` and persName/orgName/placeName, each with @ref to its entry."""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml import etree

from teikit.convert.editorial import NAME_KINDS
from teikit.convert.transforms.base import Context
from teikit.convert.tree import Slot, replace, slots, tei, wrap_span

_SKIP = frozenset({"title", "fw", "choice", "persName", "orgName", "placeName"})
Make = Callable[[], etree._Element]


def _tag(ctx: Context, forms: dict[str, Make]) -> int:
    """Wrap every occurrence of a form; a form whose end was corrected ("The Communist <choice>Manitesto...") is
    found through the corrected reading and wraps the choice too."""
    if not forms:
        return 0
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
                         + r")(?!\w)")
    count = 0
    for slot in list(slots(ctx.chapter, _SKIP)):
        s = slot.get()
        for m in reversed(list(pattern.finditer(s))):
            replace(slot, m.start(), m.end(), forms[m.group()]())
            count += 1
    for choice in list(ctx.chapter.iter("{*}choice")):
        corr = choice.findtext("{*}corr") or ""
        parent = choice.getparent()
        if parent is None or parent.tag.endswith(("Name", "}title")):
            continue
        prev = choice.getprevious()
        before = Slot(prev, True) if prev is not None else Slot(parent, False)
        for form, make in forms.items():
            if not form.endswith(corr) or (choice.tail or "")[:1].isalnum():
                continue
            prefix = form[: len(form) - len(corr)]
            text = before.get()
            if text.endswith(prefix) and (len(text) == len(prefix) or not text[-len(prefix) - 1:][:1].isalnum()):
                wrap_span(parent, (before, len(text) - len(prefix)), (Slot(choice, True), 0), make())
                count += 1
                break
    return count


def tag_titles(ctx: Context) -> None:
    forms: dict[str, Make] = {}
    for work in ctx.data.works:
        for form in work.forms:
            forms[form] = lambda w=work: tei("title", {"level": w.level, "ref": f"#{w.id}"})
    count = _tag(ctx, forms)
    if count:
        ctx.messages.info(None, "titles", f"{count} titles of works tagged in the text")


def tag_names(ctx: Context) -> None:
    forms: dict[str, Make] = {}
    for entry in ctx.data.names:
        for form in entry.forms:
            forms[form] = lambda e=entry: tei(NAME_KINDS[e.kind], {"ref": f"#{e.id}"})
        for form in entry.generic_forms:
            forms[form] = lambda e=entry: tei(NAME_KINDS[e.kind], {"ref": f"#{e.id}", "type": "generic"})
    count = _tag(ctx, forms)
    if count:
        ctx.messages.info(None, "names", f"{count} names tagged")
