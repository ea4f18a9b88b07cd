"""The fields of the header data (NAME.header.toml) that a valid TEI header needs, each tied to the project's rule
that requires it (schema/teikit.odd, constraints header-*); the check that warns, naming the file, line and key, about
each one left unfilled; `teikit init` writes its template from the same list."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from teikit.convert.messages import Messages
from teikit.convert.tomlkeys import key_line

_PAGES = re.compile(r"^\s*(?P<from>[0-9]+)\s*(?:[-\u2013]\s*(?P<to>[0-9]+))?\s*$")  # "39-52", "39–52", "7"


@dataclass(frozen=True)
class HeaderField:
    """A key of the header data, what it is for, the rule it satisfies ("" for none) and an example value."""

    key: str  # "publication.publisher"; "responsibility.name" is the name of the first [[responsibility]]
    rule: str
    what: str
    example: str


FIELDS = (
    HeaderField("edition.title", "header-title", "the title of this edition, as its TEI header gives it",
                "A Short History of the Parish: TEI edition"),
    HeaderField("author.name", "header-author", "the author of the text", "Jane Roe"),
    HeaderField("publication.publisher", "header-publisher",
                "who publishes this edition: a person, a project or an institution", "The Parish History Society"),
    HeaderField("publication.date", "", "the date this edition is published, YYYY-MM-DD (the deposit's records "
                "take the year from it)", "2026-12-01"),
    HeaderField("publication.licence", "header-licence", "the licence of the encoding: the URL of a licence",
                "https://creativecommons.org/licenses/by/4.0/"),
    HeaderField("source.print.title", "header-source-pages", "the title of the printed source the text was "
                "transcribed from", "A Short History of the Parish"),
    HeaderField("source.print.date", "", "when the source was printed (a year, or YYYY-MM-DD)", "1901"),
    HeaderField("source.print.pages", "header-source-pages", "the pages of the source this transcription covers "
                "(page markers in the text give them: teikit counts those)", "1-12"),
    HeaderField("responsibility.name", "", "who transcribed and encoded the text", "Jane Roe"),
)


def lookup(header: dict, key: str):
    """The value of dotted `key` in the header data (the first entry of an array of tables), or None."""
    node = header
    for part in key.split("."):
        if isinstance(node, list):
            node = node[0] if node else {}
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def page_range(value: str) -> tuple[int, int] | None:
    """(first, last) of "39-52" or "7"; None when the text is no page range."""
    m = _PAGES.match(value or "")
    return (int(m.group("from")), int(m.group("to") or m.group("from"))) if m else None


def empty_keys(node, prefix: str = "") -> list[str]:
    """Every dotted key whose value is "" (what `teikit init` leaves for the editor to fill)."""
    if isinstance(node, dict):
        return [k for name, value in node.items() for k in empty_keys(value, f"{prefix}{name}.")]
    if isinstance(node, list):
        return [k for item in node[:1] if isinstance(item, dict) for k in empty_keys(item, prefix)]
    return [prefix.rstrip(".")] if node == "" else []


def check_header(header: dict, path: Path, marker_pages: tuple[int, int] | None, messages: Messages) -> None:
    """One warning per field left empty ("") and per rule-required field missing, at its line in `path`;
    `marker_pages` are the first and last page the transcription's page markers give, if it has any."""
    if not path.is_file():
        return
    text = path.read_text(encoding="utf-8")
    has_page_markers = marker_pages is not None
    fields = {f.key: f for f in FIELDS}
    pages_known = has_page_markers or page_range(lookup(header, "source.print.pages") or "") is not None
    for key in empty_keys(header):
        field = fields.get(key)
        if key == "source.print.pages" and has_page_markers:
            continue
        needed = f", which the project's rule {field.rule} requires" if field and field.rule else ""
        messages.warn_at(path, key_line(text, key), "header-unfilled",
                         f"{key} is not filled in{needed}: write it here (e.g. {key.split('.')[-1]} = "
                         f"\"{field.example if field else '...'}\")")
    for field in FIELDS:
        if not field.rule or lookup(header, field.key) is not None:
            continue
        if field.key == "source.print.pages" and pages_known:
            continue
        messages.warn_at(path, None, "header-missing", f"{field.key} is missing: the TEI header will lack {field.what} "
                         f"(rule {field.rule}); add it to this file (see `teikit init`)")
    pages = lookup(header, "source.print.pages")
    if pages and page_range(pages) is None:
        messages.warn_at(path, key_line(text, "source.print.pages"), "header-pages",
                         f"source.print.pages = \"{pages}\" is not a page range such as \"39-52\" or \"7\"")
    elif pages and marker_pages and page_range(pages) != marker_pages:
        messages.warn_at(path, key_line(text, "source.print.pages"), "header-pages",
                         f"source.print.pages = \"{pages}\" but the page markers give pp. {marker_pages[0]}-"
                         f"{marker_pages[1]}, which the header uses: correct one of them")
