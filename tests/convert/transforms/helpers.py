"""A transform's input and output: a chapter written as XML (the converter's temporary attributes with the prefix
tk:) in a conversion's context, and an element's content as XML to compare with what the transform should make."""

from __future__ import annotations

import re
from copy import deepcopy

from lxml import etree

from teikit.convert.editorial import Editorial
from teikit.convert.messages import Messages
from teikit.convert.profile import load_profile
from teikit.convert.transforms import Context
from teikit.convert.tree import TK_NS
from teikit.xmlio import TEI_NS, parse_bytes

_NAMESPACE_DECLARATION = re.compile(r' xmlns(?::\w+)?="[^"]*"')  # ' xmlns="http://www.tei-c.org/ns/1.0"'


def context(chapter: str, data: Editorial | None = None, source_text: str | None = None) -> Context:
    """The state of a conversion whose chapter div holds `chapter` (XML); the transcription's words, which some
    transforms consult, are those of the chapter unless `source_text` is given."""
    document = (f'<TEI xmlns="{TEI_NS}" xmlns:tk="{TK_NS}"><text><body><div type="chapter" xml:id="ch">{chapter}'
                "</div></body></text></TEI>")
    root = parse_bytes(document.encode("utf-8"), "chapter.xml").getroot()
    div = root.find("{*}text/{*}body/{*}div")
    words = "".join(div.itertext()) if source_text is None else source_text
    return Context(root, div, load_profile(), data or Editorial(), Messages("chapter.txt"), words)


def markup(el: etree._Element) -> str:
    """The content of `el` as XML, without namespace declarations or the converter's temporary attributes."""
    copy = deepcopy(el)
    etree.strip_attributes(copy, f"{{{TK_NS}}}*")
    inner = etree.tostring(copy, encoding="unicode", with_tail=False).split(">", 1)[1].rsplit("</", 1)[0]
    return _NAMESPACE_DECLARATION.sub("", inner)


def unplaced_note(label: str, text: str, line: int = 2, index: int = 1) -> str:
    """A footnote as the parser leaves it: still in its page's note block, with its printed label."""
    return (f'<note place="foot" tk:label="{label}" tk:index="{index}" tk:unplaced="1" tk:line="{line}">{text}'
            "</note>")


def findings(ctx: Context) -> list[tuple[str, str, int]]:
    """(severity, rule, line) of each message the transform reported."""
    return [(f.severity, f.rule, f.line) for f in ctx.messages.findings]


def messages(ctx: Context) -> list[str]:
    """The text of each message the transform reported."""
    return [f.message for f in ctx.messages.findings]
