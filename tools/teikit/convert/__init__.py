"""`teikit convert`: a plain-text transcription plus its editorial data -> a TEI P5 document.

A reader (the plain-text lexer and parser, lines -> blocks -> tree; or the Markdown reader, markdown-it's tokens ->
tree), then transforms (one job each) and the writer (header, bytes)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from teikit.convert.editorial import Editorial, data_paths, load_editorial
from teikit.convert.header_fields import check_header
from teikit.convert.lexer import lex, read_source
from teikit.convert.markdown import read_markdown
from teikit.convert.messages import Messages
from teikit.convert.parser import parse
from teikit.convert.profile import DEFAULT_PROFILE, MARKDOWN_PROFILE, Profile, load_profile
from teikit.convert.tomlkeys import key_line
from teikit.convert.transforms import Context, run_transforms
from teikit.convert.writer import serialise
from teikit.errors import TeikitError
from teikit.findings import Finding

# "<TEI>", "<?xml", '{"a": 1}', '[{"a"': XML or JSON; not Markdown's "{pb n=1}"
_MARKUP = re.compile(r'\s*(?:<[?!A-Za-z]|\{\s*"|\[\s*[{"\[\]])')


@dataclass(frozen=True)
class Conversion:
    """The TEI document as bytes and the messages met on the way."""

    data: bytes
    findings: tuple[Finding, ...]


_MESSAGES = re.compile(rb'<change[^>]* type="conversion-messages".*?</change>', re.S)  # the revisionDesc's list


def comparable_size(data: bytes) -> int:
    """A converted document's size without the conversion's messages, which shrink as the editor settles them: what
    `convert` compares before replacing a document with a much smaller one (missing editorial data?)."""
    return len(_MESSAGES.sub(b"", data))


def default_output(source: Path) -> Path:
    """tei/src/NAME.txt -> tei/NAME.xml (the project's layout); elsewhere NAME.xml beside the source."""
    folder = source.parent.parent if source.parent.name == "src" else source.parent
    return folder / f"{source.name.removesuffix(source.suffix)}.xml"


def choose_profile(source: Path, data: Editorial, profile: str | Path | None = None) -> Profile:
    """The profile given (a built-in name or a file), else the one the header data names (edition.profile, a file
    relative to the header), else the default for the source's suffix (.md: markdown)."""
    if profile is not None:
        return load_profile(profile)
    named = data.header.get("edition", {}).get("profile")
    if named is None:
        return load_profile(MARKDOWN_PROFILE if source.suffix.lower() in (".md", ".markdown") else DEFAULT_PROFILE)
    header = data_paths(source)["header"]
    if not isinstance(named, str) or not named:
        raise TeikitError("edition.profile: name a built-in profile or a profile file", header,
                          key_line(header.read_text(encoding="utf-8"), "edition.profile"))
    try:
        return load_profile(named, relative_to=header.parent)
    except TeikitError as err:
        if err.file is not None:  # an error inside the profile file names that file
            raise
        raise TeikitError(f"edition.profile: {err.message}", header,
                          key_line(header.read_text(encoding="utf-8"), "edition.profile")) from None


def convert(source: Path, profile: str | Path | None = None) -> Conversion:
    """Convert `source` (its editorial data is read from beside it); raise TeikitError on an error. `profile` (a
    built-in profile's name or a profile file) overrides the profile the header data names."""
    source = Path(source)
    text = read_source(source)
    messages = Messages(str(source))
    if _MARKUP.match(text):
        raise messages.error(1, "this looks like XML or JSON, not a plain-text transcription")
    data = load_editorial(source, messages)
    profile = choose_profile(source, data, profile)
    data = replace(data, default_page_mode=profile.page_marker_reads_as)
    if profile.reader == "markdown":
        parsed = read_markdown(text, profile, data, messages)
    else:
        parsed = parse(lex(text, profile, messages, data.readings), profile, data, messages)
    marker_pages = (parsed.first_page, parsed.last_page) if parsed.first_page is not None else None
    check_header(data.header, data_paths(source)["header"], marker_pages, messages)
    read = parsed.text if parsed.text is not None else text
    run_transforms(Context(parsed.root, parsed.chapter, profile, data, messages, read))
    return Conversion(serialise(parsed, data, source, messages, read, profile), tuple(messages.findings))


__all__ = ["Conversion", "TeikitError", "choose_profile", "comparable_size", "convert", "default_output"]
