"""The DTS 1.0 responses (Entry, Collection, Navigation, Document) from the index, for the server and the static
export alike; where the endpoints are is the `Urls` given (query URLs for the server, file paths for static files).

Navigation follows the spec's table of `down`/`ref`/`start`/`end`: a `member` array in document order (pre-order),
the queried unit(s) included; `down=0` gives the siblings of `ref`; `-1` the whole subtree. Errors are DtsError,
with the status the spec gives (400 for a bad combination of parameters, 404 for an unknown resource, tree or unit).
"""

from __future__ import annotations

import json
from urllib.parse import quote

from teikit.serve.index import CitationTree, Collection, Index, Resource, Unit
from teikit.serve.passages import XML_DECLARATION

CONTEXT = "https://dtsapi.org/context/v1.0.json"
VERSION = "1.0"
TEI_XML = "application/tei+xml"
HTML = "text/html"
MEDIA_TYPES = (TEI_XML, HTML)
COLLECTION_PAGE = 100  # members per page of a collection
NAVIGATION_PAGE = 1000  # citable units per page of a navigation response
MAX_RANGE = 5000  # citable units a Document range may span (a larger one is a 400, not minutes of work)


class DtsError(Exception):
    def __init__(self, status: int, detail: str):
        super().__init__(detail)
        self.status, self.detail = status, detail


def _q(value: str) -> str:
    return quote(value, safe="")


class Urls:
    """The server's URLs: query parameters, as in the spec's examples, under `base` (the ASGI root path)."""

    def __init__(self, base: str = ""):
        self.api = f"{base}/api/dts"
        self.base = base

    def entry(self) -> dict:
        return {"@id": self.api, "collection": f"{self.api}/collection{{?id,page,nav}}",
                "navigation": f"{self.api}/navigation{{?resource,ref,start,end,down,tree,page}}",
                "document": f"{self.api}/document{{?resource,ref,start,end,tree,mediaType}}"}

    def collection(self, ident: str) -> str:
        return f"{self.api}/collection?id={_q(ident)}{{&page,nav}}"

    def navigation(self, ident: str) -> str:
        return f"{self.api}/navigation?resource={_q(ident)}{{&ref,start,end,down,tree,page}}"

    def document(self, ident: str) -> str:
        return f"{self.api}/document?resource={_q(ident)}{{&ref,start,end,tree,mediaType}}"

    def downloads(self, resource: Resource) -> list[str]:
        out = [f"{self.api}/document?resource={_q(resource.id)}"]
        if resource.html is not None:
            out.append(f"{self.base}/html/{_q(resource.id)}")
        return out

    def media_types(self, resource: Resource) -> list[str]:
        return list(MEDIA_TYPES if resource.html is not None else (TEI_XML,))

    def collection_page(self, ident: str, nav: str, page: int) -> str:
        return f"{self.api}/collection?id={_q(ident)}" + (f"&nav={nav}" if nav != "children" else "") + \
            f"&page={page}"

    def navigation_page(self, query: dict[str, str], page: int) -> str:
        params = "&".join(f"{k}={_q(v)}" for k, v in query.items() if k != "page")
        return f"{self.api}/navigation?{params}&page={page}"


def entry(urls: Urls) -> dict:
    return {"@context": CONTEXT, "dtsVersion": VERSION, "@type": "EntryPoint", **urls.entry()}


def resource_object(resource: Resource, urls: Urls) -> dict:
    out = {"@id": resource.id, "@type": "Resource", "title": resource.title or resource.id,
           "totalParents": 1, "totalChildren": 0}
    if resource.dublin_core:
        out["dublinCore"] = resource.dublin_core
    out.update(collection=urls.collection(resource.id), navigation=urls.navigation(resource.id),
               document=urls.document(resource.id), download=urls.downloads(resource),
               citationTrees=[t.json() for t in resource.trees],
               mediaTypes=urls.media_types(resource))
    return out


def collection_object(collection: Collection, urls: Urls) -> dict:
    out = {"@id": collection.id, "@type": "Collection", "title": collection.title,
           "totalParents": 1 if collection.parent else 0, "totalChildren": len(collection.members)}
    if collection.dublin_core:
        out["dublinCore"] = collection.dublin_core
    out["collection"] = urls.collection(collection.id)
    return out


def _object(index: Index, ident: str, urls: Urls) -> dict:
    if ident in index.collections:
        return collection_object(index.collections[ident], urls)
    return resource_object(index.resources[ident], urls)


def _pages(count: int, size: int, page: int | None) -> tuple[int, int, int]:
    """(first item, end, number of pages) of `page` (1 when None); a page after the last is a 404."""
    pages = max(1, -(-count // size))
    page = page or 1
    if page > pages:
        raise DtsError(404, f"page {page} does not exist: there {'is' if pages == 1 else 'are'} {pages}")
    return (page - 1) * size, min(count, page * size), pages


def _view(url, page: int, pages: int) -> dict:
    view = {"@id": url(page), "@type": "Pagination", "first": url(1), "last": url(pages)}
    if page > 1:
        view["previous"] = url(page - 1)
    if page < pages:
        view["next"] = url(page + 1)
    return view


def collection(index: Index, ident: str | None, nav: str | None, page: int | None, urls: Urls,
               size: int = COLLECTION_PAGE) -> dict:
    ident = index.root if ident is None else ident
    if ident not in index.collections and ident not in index.resources:
        raise DtsError(404, f"no collection or resource has the id {ident!r}")
    nav = nav or "children"
    if nav not in ("children", "parents"):
        raise DtsError(400, f"nav is 'children' or 'parents', not {nav!r}")
    node = index.collections.get(ident) or index.resources[ident]
    if nav == "children":
        members = node.members if isinstance(node, Collection) else []
    else:
        members = [node.parent] if node.parent else []
    first, end, pages = _pages(len(members), size, page)
    out = {"@context": CONTEXT, "dtsVersion": VERSION, **_object(index, ident, urls),
           "member": [_object(index, m, urls) for m in members[first:end]]}
    if pages > 1:
        out["view"] = _view(lambda p: urls.collection_page(ident, nav, p), page or 1, pages)
    return out


def _resource(index: Index, ident: str | None) -> Resource:
    if not ident:
        raise DtsError(400, "the resource parameter is required")
    if ident not in index.resources:
        raise DtsError(404, f"no resource has the id {ident!r}")
    return index.resources[ident]


def _tree(resource: Resource, name: str | None) -> CitationTree | None:
    if name is None:
        return resource.trees[0] if resource.trees else None
    for tree in resource.trees[1:]:
        if tree.identifier == name:
            return tree
    raise DtsError(404, f"resource {resource.id!r} has no citation tree {name!r} (its trees: "
                   f"{', '.join(t.identifier for t in resource.trees[1:]) or 'only the default one'})")


def _position(tree: CitationTree, ref: str, what: str) -> int:
    if ref not in tree.positions:
        raise DtsError(404, f"no citable unit {ref!r} ({what}) in this citation tree")
    return tree.positions[ref]


def _check_combination(ref, start, end) -> None:
    if ref is not None and (start is not None or end is not None):
        raise DtsError(400, "ref cannot be used with start or end")
    if (start is None) != (end is None):
        raise DtsError(400, "start and end go together: give both, or ref")


def _range(tree: CitationTree, start: str, end: str) -> tuple[int, int]:
    """Positions of the first unit and of the last unit (with its descendants) of a start/end range."""
    first, last = _position(tree, start, "start"), _position(tree, end, "end")
    if last < first:
        raise DtsError(400, f"end {end!r} comes before start {start!r} in the document: swap them")
    return first, max(tree.units[last].last, tree.units[first].last)


def navigation(index: Index, query: dict[str, str], down: int | None, page: int | None, urls: Urls,
               self_url: str, size: int = NAVIGATION_PAGE) -> bytes:
    """The Navigation response (JSON bytes) for the query parameters given."""
    resource = _resource(index, query.get("resource"))
    ref, start, end = query.get("ref"), query.get("start"), query.get("end")
    _check_combination(ref, start, end)
    if down is None and ref is None and start is None:
        raise DtsError(400, "give ref, start and end, or down (the spec does not allow a query on the root alone)")
    if down == 0 and ref is None:
        raise DtsError(400, "down=0 (the siblings of a unit) needs ref")
    tree = _tree(resource, query.get("tree"))
    out: dict = {"@context": CONTEXT, "dtsVersion": VERSION, "@type": "Navigation", "@id": self_url,
                 "resource": resource_object(resource, urls)}
    if tree is None:  # a document without citation tree: an empty member array, never an error
        return _with_members(out, [], None)
    units = tree.units
    members: list[Unit] | None
    if ref is not None:
        here = _position(tree, ref, "ref")
        out["ref"] = json.loads(units[here].json)
        if down is None:
            members = None
        elif down == 0:
            members = _siblings(units, here)
        else:
            members = _below(units, here, units[here].last, units[here].level, down)
    elif start is not None:
        first, last = _range(tree, start, end)
        out["start"], out["end"] = json.loads(units[first].json), json.loads(units[tree.positions[end]].json)
        level = max(units[first].level, units[tree.positions[end]].level)
        members = None if down is None else _below(units, first, last, level, down)
    else:
        members = _below(units, 0, len(units) - 1, 0, down)
    if members is None:
        return json.dumps(out, ensure_ascii=False).encode("utf-8")
    first_item, end_item, pages = _pages(len(members), size, page)
    view = _view(lambda p: urls.navigation_page(query, p), page or 1, pages) if pages > 1 else None
    return _with_members(out, members[first_item:end_item], view)


def _siblings(units: list[Unit], here: int) -> list[Unit]:
    unit = units[here]
    if unit.parent is None:
        return [u for u in units if u.level == 1]
    parent = next(i for i in range(here - 1, -1, -1) if units[i].level == unit.level - 1)
    return [u for u in units[parent + 1: units[parent].last + 1] if u.level == unit.level]


def _below(units: list[Unit], first: int, last: int, level: int, down: int) -> list[Unit]:
    deepest = None if down == -1 else level + down
    return [u for u in units[first: last + 1] if deepest is None or u.level <= deepest]


def _with_members(out: dict, members: list[Unit], view: dict | None) -> bytes:
    head = json.dumps(out, ensure_ascii=False)
    tail = f', "view": {json.dumps(view, ensure_ascii=False)}' if view else ""
    return (f'{head[:-1]}, "member": [{", ".join(u.json for u in members)}]{tail}}}').encode()


def document(index: Index, query: dict[str, str], media_type: str | None) -> tuple[bytes, str]:
    """The Document response: (body, media type) of the whole document or of a passage."""
    resource = _resource(index, query.get("resource"))
    ref, start, end = query.get("ref"), query.get("start"), query.get("end")
    _check_combination(ref, start, end)
    media_type = media_type or TEI_XML
    if media_type == "application/xml":
        media_type = TEI_XML
    if media_type not in MEDIA_TYPES or (media_type == HTML and resource.html is None):
        raise DtsError(404, f"media type {media_type!r} is not available for this resource: use "
                       f"{' or '.join(MEDIA_TYPES if resource.html is not None else (TEI_XML,))}")
    if ref is None and start is None:
        if media_type == HTML:
            return resource.html, HTML
        return XML_DECLARATION + resource.document.data + b"\n", TEI_XML
    tree = _tree(resource, query.get("tree"))
    if tree is None:
        raise DtsError(404, f"resource {resource.id!r} has no citation tree, so no citable unit {ref or start!r}")
    if ref is not None:
        first = _position(tree, ref, "ref")
        last = first
    else:
        first, last = _range(tree, start, end)
        if last - first + 1 > MAX_RANGE:
            raise DtsError(400, f"the range {start}..{end} spans {last - first + 1} citable units; at most "
                           f"{MAX_RANGE} are served at once: ask for smaller ranges")
        last = tree.positions[end] if tree.positions[end] > tree.units[first].last else first
    passage = resource.document.passage(tree.units[first].start, tree.units[last].stop)
    if media_type == HTML:
        return _passage_html(passage, resource.id), HTML
    return passage, TEI_XML


def _passage_html(passage: bytes, name: str) -> bytes:
    from teikit.export import ExportOptions, export_tree
    from teikit.xmlio import parse_bytes

    return export_tree(parse_bytes(passage, name), ExportOptions(target="html"), name).encode("utf-8")
