"""Writer: the teiHeader and standOff from the editorial data, then deterministic, readably indented UTF-8
(indentation only inside element-only containers, so the whitespace of mixed content is never changed)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from lxml import etree

from teikit.convert.citation import citation_trees
from teikit.convert.conservation import check_conservation
from teikit.convert.editorial import NAME_KINDS, Editorial
from teikit.convert.header_fields import page_range
from teikit.convert.messages import Messages
from teikit.convert.parser import Parsed
from teikit.convert.profile import Profile
from teikit.convert.tree import TEMPORARY, XML_ID, T, local, tei
from teikit.findings import Finding

# Elements whose content is elements only; everything else may hold text and is serialised as it is.
CONTAINERS = frozenset("""TEI teiHeader fileDesc titleStmt respStmt publicationStmt availability sourceDesc biblStruct
monogr imprint encodingDesc editorialDecl correction normalization quotation hyphenation segmentation interpretation
tagsDecl refsDecl citeStructure citeData profileDesc langUsage revisionDesc text body back div list standOff listPerson
listOrg listPlace listBibl person personGrp org place""".split())
RENDITIONS = (("spaced", "letter-spacing:0.3em;"), ("italic", "font-style:italic;"))
PERSON_KINDS = {"person": "person", "family": "personGrp", "org": "org", "place": "place"}


def _sub(parent: etree._Element, tag: str, attrib: dict | None = None, text: str | None = None) -> etree._Element:
    el = tei(tag, attrib, text)
    parent.append(el)
    return el


def _paras(parent: etree._Element, text: str | list[str]) -> None:
    for para in [text] if isinstance(text, str) else text:
        _sub(parent, "p", text=para)


def build_header(parsed: Parsed, data: Editorial, source: Path, findings: list[Finding]) -> etree._Element:
    h = data.header
    ed, author, pub = h.get("edition", {}), h.get("author", {}), h.get("publication", {})
    header = tei("teiHeader")
    fdesc = _sub(header, "fileDesc")
    tstmt = _sub(fdesc, "titleStmt")
    _sub(tstmt, "title", text=ed.get("title") or f"{source.name}: TEI edition (no header data)")
    if author.get("name"):
        _sub(_sub(tstmt, "author"), "persName", {"ref": author.get("ref")}, author["name"])
    elif parsed.bylines.get("author"):
        _sub(tstmt, "author", text=parsed.bylines["author"])
    for resp in h.get("responsibility", []):
        rs = _sub(tstmt, "respStmt", {XML_ID: resp.get("id")})
        _sub(rs, "resp", text=resp["resp"])
        _sub(rs, "name", text=resp["name"])
    pstmt = _sub(fdesc, "publicationStmt")
    if pub:
        _sub(pstmt, "publisher", text=pub.get("publisher"))
        if pub.get("date"):
            _sub(pstmt, "date", {"when": pub["date"]}, pub["date"])
        if pub.get("licence") or pub.get("note"):
            avail = _sub(pstmt, "availability", {"status": pub.get("status")})
            if pub.get("licence"):
                _sub(avail, "licence", {"target": pub["licence"]}, pub.get("licence_text"))
            if pub.get("note"):
                _paras(avail, pub["note"])
    else:
        _sub(pstmt, "p", text="Not published: converted by teikit without header data.")
    sdesc = _sub(fdesc, "sourceDesc")
    src = h.get("source", {})
    printed, web = src.get("print"), src.get("web")
    if printed:
        bs = _sub(sdesc, "biblStruct", {XML_ID: printed.get("id")})
        mono = _sub(bs, "monogr")
        if printed.get("author"):
            _sub(mono, "author", text=printed["author"])
        _sub(mono, "title", {"level": "m"}, printed.get("title"))
        imprint = _sub(mono, "imprint")
        if printed.get("pub_place"):
            _sub(imprint, "pubPlace", text=printed["pub_place"])
        if printed.get("publisher") or not (printed.get("pub_place") or printed.get("date")):
            _sub(imprint, "publisher", text=printed.get("publisher"))  # imprint holds one at least
        if printed.get("date"):
            _sub(imprint, "date", {"when": printed["date"], "cert": printed.get("date_cert")}, printed["date"])
        pages = (parsed.first_page, parsed.last_page) if parsed.first_page is not None \
            else page_range(printed.get("pages") or "")
        if pages:
            _sub(mono, "biblScope", {"unit": "page", "from": str(pages[0]), "to": str(pages[1])},
                 f"pp. {pages[0]}\u2013{pages[1]}" if pages[0] != pages[1] else f"p. {pages[0]}")
        if printed.get("note"):
            _sub(bs, "note", text=printed["note"])
    if web or parsed.bylines:
        bibl = _sub(sdesc, "bibl", {XML_ID: (web or {}).get("id")})
        if web and web.get("url"):
            _sub(bibl, "ptr", {"target": web["url"]})
        if web and web.get("note"):
            _sub(bibl, "note", text=web["note"])
        for role in sorted(parsed.bylines):
            _sub(bibl, "note", {"type": "byline"}, parsed.bylines[role])
    if not printed and not web and not parsed.bylines:
        _sub(sdesc, "p", text=f"Plain-text transcription {source.name}.")
    header.append(_encoding_desc(parsed, data))
    prof = h.get("profile", {})
    if prof:
        pdesc = _sub(header, "profileDesc")
        if prof.get("creation"):
            creation = _sub(pdesc, "creation")
            if prof.get("creation_date"):  # creation holds phrases only: "<date>1924</date>: Lectures ..."
                _sub(creation, "date", {"when": prof["creation_date"]}, prof["creation_date"]).tail = \
                    f": {prof['creation']}"
            else:
                creation.text = prof["creation"]
        if prof.get("language"):
            lu = _sub(pdesc, "langUsage")
            for lang in prof["language"]:
                _sub(lu, "language", {"ident": lang["ident"]}, lang.get("text"))
    revisions = h.get("revision", [])
    warnings = [f for f in findings if f.severity == "warning"]
    if revisions or warnings:
        rdesc = _sub(header, "revisionDesc")
        for rev in revisions:
            _sub(rdesc, "change", {"when": rev.get("when"), "who": rev.get("who"), "status": rev.get("status")},
                 rev.get("text"))
        if warnings:
            last = revisions[-1] if revisions else {}
            change = _sub(rdesc, "change", {"when": last.get("when"), "who": last.get("who"),
                                            "type": "conversion-messages"}, "Messages of the conversion (teikit "
                          "convert), kept for the editor:")
            items = _sub(change, "list")
            for f in warnings:
                _sub(items, "item", {"n": str(f.line) if f.line else None}, f"{f.message} [{f.rule}]")
    return header


def _encoding_desc(parsed: Parsed, data: Editorial) -> etree._Element:
    h = data.header
    edi = h.get("editorial", {})
    enc = tei("encodingDesc")
    decl = _sub(enc, "editorialDecl")
    _paras(_sub(decl, "correction", {"status": edi.get("correction_status"), "method": "markup"}),
           edi.get("correction", "Corrections are encoded as choice/sic/corr, only those listed in the data."))
    _paras(_sub(decl, "normalization", {"method": "silent"}),
           edi.get("normalization", "No-break-space line-wrap residue replaced by one space; '--' by an em dash."))
    _paras(_sub(decl, "quotation", {"marks": "some"}),
           edi.get("quotation", "Outer quotation marks are represented by quote, soCalled and title; nested ones "
                                "are kept."))
    _paras(_sub(decl, "hyphenation", {"eol": "none"}),
           edi.get("hyphenation", "A word broken across pages is joined around pb break=\"no\"."))
    _paras(_sub(decl, "segmentation"), edi.get("segmentation", "Paragraphs only."))
    mode = data.page_mode
    reading = (f"Page markers ('page N' lines) are read as {mode}s: "
               + ("a marker closes page N, so the page that follows it is N+1 (pb n=\"N+1\"); the marker is kept "
                  "as fw place=\"bottom\"." if mode == "footer" else
                  "a marker opens page N (pb n=\"N\"); the marker is kept as fw place=\"top\".")
               + " The reading is the editorial setting edition.page_marker (footer|header).")
    interp = _sub(decl, "interpretation")
    _paras(interp, [reading, *([edi["interpretation"]] if edi.get("interpretation") else [])])
    tags = _sub(enc, "tagsDecl")
    for rid, css in RENDITIONS:
        _sub(tags, "rendition", {XML_ID: rid, "scheme": "css"}, css)
    enc.extend(citation_trees(parsed.root.find(f"{T}text/{T}body")))
    return enc


def build_standoff(data: Editorial) -> etree._Element | None:
    if not data.names and not data.works:
        return None
    stand = tei("standOff")
    groups = {"person": ("listPerson", ("person", "family")), "org": ("listOrg", ("org",)),
              "place": ("listPlace", ("place",))}
    for list_tag, kinds in groups.values():
        entries = [e for e in data.names if e.kind in kinds]
        if not entries:
            continue
        lst = _sub(stand, list_tag)
        for e in entries:
            attrs = {XML_ID: e.id, "type": e.type or None}
            if e.kind == "family":
                attrs["role"] = "family"
            el = _sub(lst, PERSON_KINDS[e.kind], attrs)
            _sub(el, NAME_KINDS[e.kind], text=e.name)
            if e.wikidata:
                _sub(el, "idno", {"type": "wikidata"}, e.wikidata)
            if e.note:
                _sub(el, "note", text=e.note)
    if data.works:
        lst = _sub(stand, "listBibl")
        for w in data.works:
            bibl = _sub(lst, "bibl", {XML_ID: w.id, "cert": w.cert or None})
            if w.author_name:
                _sub(_sub(bibl, "author"), "persName", {"ref": f"#{w.author}" if w.author else None}, w.author_name)
            _sub(bibl, "title", {"level": w.level}, w.title)
            if w.date:
                _sub(bibl, "date", {"when": w.date_when or None, "from": w.date_from or None,
                                    "to": w.date_to or None}, w.date)
            if w.host:
                _sub(bibl, "relatedItem", {"type": "host", "target": f"#{w.host}"})
            if w.note:
                _sub(bibl, "note", text=w.note)
    return stand


def indent(el: etree._Element, level: int = 0, step: str = " ") -> None:
    """Indent element-only containers; mixed content (p, note, quote, ...) keeps its whitespace exactly."""
    if local(el) not in CONTAINERS or (el.text or "").strip() or any((c.tail or "").strip() for c in el):
        return
    if not len(el):
        return
    inner = "\n" + step * (level + 1)
    el.text = inner
    for child in el:
        child.tail = inner
        indent(child, level + 1, step)
    el[-1].tail = "\n" + step * level


def check_ids(root: etree._Element, messages: Messages) -> None:
    ids = Counter(el.get(XML_ID) for el in root.iter() if isinstance(el.tag, str) and el.get(XML_ID))
    dup = sorted(i for i, n in ids.items() if n > 1)
    if dup:
        raise messages.error(None, f"duplicate xml:id in the output: {', '.join(dup)} (check the editorial data ids)")
    targets = {i for i in ids}
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        for attr in ("ref", "corresp", "target", "next", "prev", "resp", "who", "rendition", "source"):
            for ptr in (el.get(attr) or "").split():
                if ptr.startswith("#") and ptr[1:] not in targets:
                    messages.warn(None, "dangling-pointer", f"{local(el)}/@{attr}='{ptr}' points to no xml:id "
                                "(add the entry to the editorial data)")


def serialise(parsed: Parsed, data: Editorial, source: Path, messages: Messages, text: str, profile: Profile) -> bytes:
    """The finished document as bytes: header first, standOff last, temporary attributes removed."""
    root = parsed.root
    standoff = build_standoff(data)
    if standoff is not None:
        root.append(standoff)
    root.insert(0, build_header(parsed, data, source, messages.findings))
    check_ids(root, messages)
    check_conservation(root, text, profile, messages)
    etree.strip_attributes(root, *TEMPORARY)
    etree.cleanup_namespaces(root)
    indent(root)
    root.tail = None
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"
