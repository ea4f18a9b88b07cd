"""encode_citations: parenthetical citations to `bibl` with `biblScope` (volume, page);
resolve_ibid: every note and citation linked (@corresp) to its work in the data's list of works cited, "Ibid."
resolved to the work of the note or citation before it."""

from __future__ import annotations

from lxml import etree

from teikit.convert.editorial import Work
from teikit.convert.transforms.base import Context
from teikit.convert.tree import Slot, line_of, local, replace, tei, text_of, top_slots

_NO_NOTES = frozenset({"note"})


def _scopes(bibl: etree._Element, ctx: Context) -> None:
    """Mark volume and page numbers inside a citation's text, and its "Ibid."."""
    s = bibl.text or ""
    hits = [(m.start("vol"), m.end("vol"), "volume") for m in ctx.profile.volume.finditer(s)]
    for m in ctx.profile.page.finditer(s):
        base = m.start("pages")
        hits += [(base + n.start(), base + n.end(), "page") for n in ctx.profile.page_number.finditer(m.group("pages"))]
    hits += [(m.start(), m.end(), "abbr") for m in ctx.profile.ibid.finditer(s)]
    for start, end, unit in sorted(hits, reverse=True):
        el = tei("abbr") if unit == "abbr" else tei("biblScope", {"unit": unit})
        replace(Slot(bibl, False), start, end, el)


def encode_citations(ctx: Context) -> None:
    for block in ctx.blocks():
        for slot in top_slots(block):
            s = slot.get()
            for m in reversed(list(ctx.profile.citation.finditer(s))):
                bibl = replace(slot, m.start(), m.end(), tei("bibl"))
                _scopes(bibl, ctx)


def _work_named(text: str, works: tuple[Work, ...]) -> Work | None:
    """The work whose title (or another name the data gives it) occurs in `text`; the longest name wins."""
    names = sorted(((name, w) for w in works for name in (w.title, *w.match) if name), key=lambda x: -len(x[0]))
    return next((w for name, w in names if name.lower() in text.lower()), None)


def _mark_ibid(el: etree._Element, ctx: Context) -> None:
    for slot in top_slots(el):
        for m in reversed(list(ctx.profile.ibid.finditer(slot.get()))):
            replace(slot, m.start(), m.end(), tei("abbr"))


def resolve_ibid(ctx: Context) -> None:
    works = ctx.data.works
    note_work: dict[etree._Element, str] = {}
    previous: etree._Element | None = None
    for note in ctx.chapter.iter("{*}note"):
        text = text_of(note).strip()
        work_id = ""
        if ctx.profile.ibid.match(text):
            _mark_ibid(note, ctx)
            if previous is None:
                ctx.messages.warn(line_of(note), "ibid-unresolved", "'Ibid.' in the first note: its work is outside "
                                "the copy")
            else:
                work_id = note_work.get(previous, "")
                if previous.get("anchored") == "false":
                    ctx.messages.warn(line_of(note), "ibid-orphan", f"'Ibid.' in note {note.get('n')} refers to the "
                                    f"orphan note {previous.get('n')} (resolved to its work)")
        elif works and (note.get("n") or "").isdigit():
            work = _work_named(text, works)
            work_id = work.id if work else ""
            if not work:
                ctx.messages.warn(line_of(note), "work-unknown", f"note {note.get('n')} names no work of the data's "
                                "list of works cited")
        if work_id:
            note.set("corresp", f"#{work_id}")
            note_work[note] = work_id
        previous = note
    quotations = {sid: q for q in ctx.data.quotations for sid in q.segment_ids()}
    last_work = ""
    for bibl in ctx.chapter.iter("{*}bibl"):
        text = text_of(bibl, _NO_NOTES)
        follower = bibl.getnext()
        note = follower if follower is not None and local(follower) == "note" and not (bibl.tail or "").strip() \
            else None
        work_id, cert = "", ""
        named = _work_named(text, works) if works else None
        quote = next((q for q in bibl.itersiblings(preceding=True) if local(q) == "quote"), None) \
            if local(bibl.getparent()) == "cit" else None
        data_q = quotations.get(quote.get("{http://www.w3.org/XML/1998/namespace}id")) if quote is not None else None
        if note is not None and note.get("corresp"):
            work_id = note.get("corresp")[1:]
        elif named:
            work_id = named.id
        elif ctx.profile.ibid.search(text):
            work_id = last_work
        elif data_q is not None and data_q.work:
            work_id, cert = data_q.work, data_q.cert
        if note is None and bibl.find("{*}biblScope[@unit='volume']") is not None:
            ctx.messages.warn(line_of(bibl), "citation-without-note", f"citation '{text}' has no note anchor"
                            + (f"; work identified by the editor ({work_id})" if work_id else ""))
        if work_id:
            bibl.set("corresp", f"#{work_id}")
            if cert:
                bibl.set("cert", cert)
            last_work = work_id
        elif works:
            ctx.messages.warn(line_of(bibl), "citation-unresolved", f"citation '{text}' is not linked to a work: "
                            "name it in the quotation data (work = ...)")
