"""EPUB 3 packaging: epub.xsl's files written into a zip the way the EPUB specification asks (mimetype first and
stored, the rest deflated), with the same bytes for the same input and SOURCE_DATE_EPOCH.

The stylesheet writes each file as if it stood alone; the one thing it cannot know is which file holds an id, so
links to an id in another file are pointed there here, and a link to an id that no file holds becomes plain text."""

from __future__ import annotations

import io
import os
import time
import zipfile

from lxml import etree

XHTML_NS = "http://www.w3.org/1999/xhtml"
_TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def modified_time() -> str:
    """dcterms:modified: SOURCE_DATE_EPOCH when set (reproducible builds), else now; UTC, to the second."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return time.strftime(_TIME_FORMAT, time.gmtime(int(epoch) if epoch else time.time()))


def package_epub(result: etree._XSLTResultTree, modified: str) -> bytes:
    """The zip of the <file> elements of epub.xsl's result."""
    files = [f for f in result.getroot() if isinstance(f.tag, str)]
    documents = {f.get("path"): _document(f) for f in files if _is_xml(f)}
    _resolve_links(documents)
    stamp = time.strptime(modified, _TIME_FORMAT)[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for f in files:
            path = f.get("path")
            if path in documents:
                data = etree.tostring(documents[path], xml_declaration=True, encoding="utf-8")
            else:
                data = (f.text or "").encode("utf-8")
            info = zipfile.ZipInfo(path, date_time=max(stamp, (1980, 1, 1, 0, 0, 0)))
            info.compress_type = zipfile.ZIP_STORED if path == "mimetype" else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3  # Unix, whatever the machine
            archive.writestr(info, data)
    return out.getvalue()


def _is_xml(file: etree._Element) -> bool:
    return any(isinstance(child.tag, str) for child in file)


def _document(file: etree._Element) -> etree._ElementTree:
    """The file's one element child as a document of its own; elements that html.xsl wrote without a namespace go
    into XHTML's."""
    root = next(child for child in file if isinstance(child.tag, str))
    for el in root.iter():
        if isinstance(el.tag, str) and not el.tag.startswith("{"):
            el.tag = f"{{{XHTML_NS}}}{el.tag}"
    etree.cleanup_namespaces(root)
    return etree.ElementTree(root)


def _resolve_links(documents: dict[str, etree._ElementTree]) -> None:
    """`href="#id"` to an id in another file becomes `href="file#id"`; to an id no file holds, no link."""
    holder: dict[str, str] = {}
    for path, doc in documents.items():
        for el in doc.iter():
            if isinstance(el.tag, str) and el.get("id"):
                holder.setdefault(el.get("id"), path)
    for path, doc in documents.items():
        for a in doc.iter(f"{{{XHTML_NS}}}a"):
            href = a.get("href") or ""
            if not href.startswith("#"):
                continue
            target = holder.get(href[1:])
            if target is None:
                del a.attrib["href"]
                for name in ("role", "aria-label"):
                    a.attrib.pop(name, None)
            elif target != path:
                a.set("href", target.rsplit("/", 1)[-1] + href)
