"""The XSLT runner: each target's stylesheet (xslt/TARGET.xsl) compiled once per process, the options passed as
stylesheet parameters, the result serialised (HTML) or laid out into lines (text)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from teikit.errors import TeikitError
from teikit.export.epub import modified_time, package_epub
from teikit.export.text_layout import layout_text
from teikit.xmlio import parse_file, require_tei, xslt_access_control

XSLT_DIR = Path(__file__).resolve().parent / "xslt"
TARGETS = ("html", "text", "epub")


@dataclass(frozen=True)
class ExportOptions:
    """What the user asked for; each field becomes a stylesheet parameter."""

    target: str = "html"  # "html" | "text" | "epub"
    view: str = "reading"  # "reading" | "diplomatic"
    width: int = 72  # text: line width
    notes: str | None = None  # "end" | "paragraph"; None: the stylesheet's default (html: end, text: paragraph)
    pages: bool = False  # text: print page markers
    edition: str = ""  # the edition whose breaks count (@ed/@edRef); "": the one most breaks name


_compiled: dict[str, etree.XSLT] = {}


def stylesheet(target: str) -> etree.XSLT:
    """The compiled stylesheet for `target`, compiled on first use and kept for the life of the process."""
    if target not in TARGETS:
        raise TeikitError(f"unknown export target {target!r}: use one of {', '.join(TARGETS)}")
    if target not in _compiled:
        path = XSLT_DIR / f"{target}.xsl"
        try:
            _compiled[target] = etree.XSLT(parse_file(path), access_control=xslt_access_control())
        except etree.XSLTParseError as err:
            raise TeikitError(f"cannot compile the stylesheet: {err}", path) from None
    return _compiled[target]


def _parameters(options: ExportOptions) -> dict[str, str]:
    params = {"view": etree.XSLT.strparam(options.view), "edition": etree.XSLT.strparam(options.edition)}
    if options.notes:
        params["notes"] = etree.XSLT.strparam(options.notes)
    if options.target == "text":
        params["width"] = str(int(options.width))
        params["pages"] = etree.XSLT.strparam("yes" if options.pages else "no")
    if options.target == "epub":
        params["modified"] = etree.XSLT.strparam(modified_time())
    return params


def export_tree(tree: etree._ElementTree, options: ExportOptions, name: str = "<document>") -> str | bytes:
    """Render a parsed TEI document; return the HTML page or the laid-out plain text (str), or the EPUB (bytes)."""
    result = _transform(tree, options, name)
    if options.target == "epub":
        return package_epub(result, modified_time())
    return _finish(str(result), options)


def export_file(path: str | Path, options: ExportOptions) -> str | bytes:
    """Parse one TEI file safely and render it."""
    # One step at a time, so that each large intermediate is freed before the next is made: the parsed source is
    # gone once the transform returns, the result tree once it is serialised (peak memory on large files).
    result = _transform(parse_file(path), options, str(path))
    if options.target == "epub":
        return package_epub(result, modified_time())
    serialised = str(result)
    del result
    return _finish(serialised, options)


def _transform(tree: etree._ElementTree, options: ExportOptions, name: str) -> etree._XSLTResultTree:
    if options.view not in ("reading", "diplomatic"):
        raise TeikitError(f"unknown view {options.view!r}: use reading or diplomatic")
    if options.notes not in (None, "end", "paragraph"):
        raise TeikitError(f"unknown notes placement {options.notes!r}: use end or paragraph")
    if options.width < 20:
        raise TeikitError(f"--width {options.width} is too narrow: use 20 or more")
    require_tei(tree, name)
    transform = stylesheet(options.target)
    try:
        return transform(tree, **_parameters(options))
    except etree.XSLTApplyError as err:
        raise TeikitError(f"export to {options.target} failed: {_why(transform, err)}", name) from None


def _why(transform: etree.XSLT, err: etree.XSLTApplyError) -> str:
    """What stopped the stylesheet, in words: libxslt's exception often carries only the name of the variable it was
    evaluating ("rend"), and its log says the rest."""
    messages = [entry.message.strip() for entry in transform.error_log]
    if any("recursion" in message for message in messages):
        return "the document is nested too deeply for the stylesheet: flatten the nesting"
    told = [m for m in dict.fromkeys(messages) if m and m != "unknown error" and not m.startswith("runtime error")]
    return "; ".join(told[:2]) or str(err)


def _finish(serialised: str, options: ExportOptions) -> str:
    if options.target == "text":
        return layout_text(serialised, options.width)
    return "<!DOCTYPE html>\n" + serialised
