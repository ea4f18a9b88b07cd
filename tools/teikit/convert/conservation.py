"""The text-conservation check: every non-blank character of the transcription reaches the TEI (as `sic` where
corrected), except what the conventions turn into markup (page-marker lines, note labels and anchors, list labels,
outer quotation marks, the hyphen of a word broken across pages)."""

from __future__ import annotations

from collections import Counter

from lxml import etree

from teikit.convert.messages import Messages
from teikit.convert.profile import Profile
from teikit.convert.tree import local


def _source_chars(text: str, profile: Profile) -> Counter:
    chars: Counter = Counter()
    for line in text.split("\n"):  # (counted line by line: no second copy of the whole text)
        line = profile.nbsp_run.sub(" ", line).strip()
        if profile.page_marker.match(line):
            continue
        line = profile.list_item.sub("", line)
        line = profile.numbered_anchor.sub("", profile.star_anchor.sub("", line))
        chars.update(profile.with_em_dashes(line).replace(profile.quote_mark, ""))
    for space in [c for c in chars if c.isspace()]:
        del chars[space]
    return chars


_ADDED = frozenset({"corr", "fw", "supplied"})  # text the conversion adds: corrections, folios, a supplied head


def _output_chars(root: etree._Element) -> Counter:
    chars: Counter = Counter()

    def walk(el: etree._Element) -> None:
        if local(el) not in _ADDED:
            chars.update(el.text or "")
            for child in el:
                walk(child)
                chars.update(child.tail or "")

    walk(root.find("{*}text"))
    for note in root.iterfind(".//{*}sourceDesc//{*}note[@type='byline']"):
        chars.update(note.text or "")
    for space in [c for c in chars if c.isspace()]:
        del chars[space]
    return chars


def check_conservation(root: etree._Element, text: str, profile: Profile, messages: Messages) -> None:
    """Raise when a character of the transcription is missing from the document (a converter bug, not the input's)."""
    missing = _source_chars(text, profile) - _output_chars(root)
    joined = sum(1 for pb in root.iter("{*}pb") if pb.get("break") == "no")
    if missing.get("-", 0) <= joined:
        missing.pop("-", None)
    if missing:
        shown = ", ".join(f"'{c}' x{n}" for c, n in sorted(missing.items())[:10])
        raise messages.error(None, f"text lost in the conversion ({shown}): please report this with the input")
