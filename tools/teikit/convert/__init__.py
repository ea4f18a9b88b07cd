"""`teikit convert`: a plain-text transcription plus its editorial data -> a TEI P5 document.

lexer (lines -> blocks) -> parser (blocks -> tree) -> transforms (one job each) -> writer (header, bytes)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from teikit.convert.editorial import load_editorial
from teikit.convert.lexer import lex, read_source
from teikit.convert.messages import Messages
from teikit.convert.parser import parse
from teikit.convert.profile import DEFAULT_PROFILE, load_profile
from teikit.convert.transforms import Context, run_transforms
from teikit.convert.writer import serialise
from teikit.errors import TeikitError
from teikit.findings import Finding


@dataclass(frozen=True)
class Conversion:
    """The TEI document as bytes and the messages met on the way."""

    data: bytes
    findings: tuple[Finding, ...]


def default_output(source: Path) -> Path:
    """tei/src/NAME.txt -> tei/NAME.xml (the project's layout); elsewhere NAME.xml beside the source."""
    folder = source.parent.parent if source.parent.name == "src" else source.parent
    return folder / f"{source.name.removesuffix(source.suffix)}.xml"


def convert(source: Path) -> Conversion:
    """Convert `source` (its editorial data is read from beside it); raise TeikitError on an error."""
    source = Path(source)
    text = read_source(source)
    messages = Messages(str(source))
    if text.lstrip()[:1] in ("<", "{"):
        raise messages.error(1, "this looks like XML or JSON, not a plain-text transcription")
    data = load_editorial(source, messages)
    profile = load_profile(data.header.get("edition", {}).get("profile", DEFAULT_PROFILE))
    blocks = lex(text, profile, messages)
    parsed = parse(blocks, profile, data, messages)
    run_transforms(Context(parsed.root, parsed.chapter, profile, data, messages, text))
    return Conversion(serialise(parsed, data, source, messages, text, profile), tuple(messages.findings))


__all__ = ["Conversion", "TeikitError", "convert", "default_output"]
