"""The citation trees the converter declares (refsDecl/citeStructure), made from the body it wrote, so that every
level cites something and every unit has an identifier (the ODD's rules cite-match-resolves, cite-use-resolves
and cite-identifiers-unique hold for any transcription, the edition's or a new user's).

The default tree follows the divisions: each kind of division (div/@type) is a level, cited by its @n (by its place
when a division lacks one or two siblings share one); beside the divisions of a level, what else carries text is
cited too, so that the deepest units hold every word of the body: blocks (paragraphs, lists, verse ... : one kind
of unit for the whole document) by their place, prefixed "p" where they stand beside divisions, the heading as
"head", folios as "fw1", unanchored notes as "note1". In the edition: 4.2.7 is the seventh block of section 2 of
chapter 4, 4.head the chapter's heading, 4.p1 its first paragraph (before section 1), 4.note1, 4.2.fw1. Structures
come in that order (divisions, blocks, head, folio, note), for processors that try the branches in order.

A second tree (refsDecl n="page") cites by printed page: 47 is the text from <pb n="47"/> to the next page beginning.
"""

from __future__ import annotations

from lxml import etree

from teikit.convert.tree import T, local, tei

TITLE = "http://purl.org/dc/terms/title"
# What a citeStructure's @unit may say (the ODD's closed list); other kinds of division are a "division".
UNITS = frozenset({"chapter", "section", "subsection"})
# Children cited by name (unit, element, the identifier's prefix), after the divisions and blocks of a level.
NAMED = (("head", "head", None), ("folio", "fw", "fw"), ("note", "note", "note"))
NOT_BLOCKS = frozenset({"div", *(element for _, element, _ in NAMED)})


def _elements(parent: etree._Element) -> list[etree._Element]:
    return [c for c in parent if isinstance(c.tag, str)]


def _has_text(el: etree._Element) -> bool:
    return bool("".join(el.itertext()).strip())


def _unique(values) -> list:
    return list(dict.fromkeys(values))


def citation_trees(body: etree._Element) -> list[etree._Element]:
    """The refsDecl elements for `body`: the default tree, then the page tree (each only when it cites something)."""
    out = []
    containers = [body, *body.iter(f"{T}div")]
    blocks = _unique(local(c) for el in containers for c in _elements(el)
                     if local(c) not in NOT_BLOCKS and _has_text(c))
    tree = tei("refsDecl")
    for structure in _levels([body], "/TEI/text/body/", blocks):
        tree.append(structure)
    if len(tree):
        out.append(tree)
    pages = list(body.iter(f"{T}pb"))
    if pages:
        use = "@n" if all(pb.get("n") for pb in pages) else "position()"
        page_tree = tei("refsDecl", {"n": "page"})
        page_tree.append(tei("citeStructure", {"unit": "page", "match": "/TEI/text/body//pb", "use": use}))
        out.append(page_tree)
    return out


def _levels(containers: list[etree._Element], prefix: str, blocks: list[str]) -> list[etree._Element]:
    """The citeStructures for the children of `containers` (the elements one parent level cites)."""
    delim = None if prefix else "."
    children = [c for el in containers for c in _elements(el)]
    out = []
    kinds = _unique(c.get("type") for c in children if local(c) == "div")
    for kind in kinds:
        divisions = [c for c in children if local(c) == "div" and c.get("type") == kind]
        match = f"div[@type='{kind}']" if kind else "div[not(@type)]"
        structure = _structure(kind if kind in UNITS else "division", prefix + match, _division_use(divisions),
                               delim)
        if any(d.find(f"{T}head") is not None for d in divisions):
            structure.append(tei("citeData", {"property": TITLE, "use": "head"}))
        for child in _levels(divisions, "", blocks):
            structure.append(child)
        out.append(structure)
    cited = [c for c in children if local(c) in blocks]
    if cited:
        match = blocks[0] if len(blocks) == 1 else f"*[{' or '.join(f'self::{b}' for b in blocks)}]"
        out.append(_structure("paragraph", prefix + match, "concat('p', position())" if kinds else "position()",
                              delim))
    for unit, element, name in NAMED:
        if not any(local(c) == element for c in children):
            continue
        most = max(sum(local(c) == element for c in _elements(el)) for el in containers)
        use = f"concat('{name}', position())" if name else ("'head'" if most == 1 else "concat('head', position())")
        out.append(_structure(unit, prefix + element, use, delim))
    return out


def _structure(unit: str, match: str, use: str, delim: str | None) -> etree._Element:
    return tei("citeStructure", {"unit": unit, "match": match, "use": use, "delim": delim})


def _division_use(divisions: list[etree._Element]) -> str:
    """@n when every division has one and no two siblings share it; else the division's place."""
    seen = set()
    for div in divisions:
        key = (id(div.getparent()), div.get("n"))
        if not div.get("n") or key in seen:
            return "position()"
        seen.add(key)
    return "@n"
