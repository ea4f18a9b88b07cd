"""Plain-text layout: text.xsl's marked stream (blocks, hard lines, indents) -> lines wrapped at a width."""

from __future__ import annotations

import re
from collections.abc import Iterator

# The layout marks text.xsl writes (Unicode noncharacters, never part of a text): see the comment in text.xsl.
BLOCK, LINE, INDENT, CENTRE = "\ufdd0", "\ufdd1", "\ufdd2", "\ufdd4"
_GLUE = "\ufdd3"  # a space that wrapping must not break, put back as a space afterwards
INDENT_TEXT = "    "

# A run of white space holding at least one ordinary space or line end ("a \n  b"); a lone no-break space is kept,
# so "[p.\u00a042]" never breaks across lines.
_SPACES = re.compile(r"\s*[ \t\n\r\f\v]\s*")
# The space inside a spaced ellipsis (". . ."), which a line must not end in the middle of.
_ELLIPSIS_SPACE = re.compile(r"(?<=\.) (?=\.)")


def layout_text(raw: str, width: int = 72) -> str:
    """Turn text.xsl's marked stream into lines: collapse white space, wrap each line at `width`.

    Blocks are separated by one blank line; a block starting with INDENT is indented by four spaces, one starting
    with CENTRE has its lines centred in the width; LINE starts a new line inside a block. Words are never
    broken, so a word longer than the width stays whole; a spaced
    ellipsis (". . .") stays on one line.
    """
    blocks = []
    for block in _pieces(raw, BLOCK):
        indent = INDENT_TEXT if block.lstrip().startswith(INDENT) else ""
        centred = CENTRE in block.lstrip()[:2]
        lines = []
        for line in block.replace(INDENT, "").replace(CENTRE, "").split(LINE):
            words = _ELLIPSIS_SPACE.sub(_GLUE, _SPACES.sub(" ", line).strip())
            if words:
                wrapped = _wrap(words, width, indent).replace(_GLUE, " ")
                if centred:
                    wrapped = "\n".join(part.center(width).rstrip() for part in wrapped.split("\n"))
                lines.append(wrapped)
        if lines:
            blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def _pieces(text: str, separator: str) -> Iterator[str]:
    """`text.split(separator)`, one piece at a time (a list of all pieces would copy a large text at once)."""
    start = 0
    while (end := text.find(separator, start)) != -1:
        yield text[start:end]
        start = end + len(separator)
    yield text[start:]


def _wrap(line: str, width: int, indent: str) -> str:
    """Greedy wrapping of single-spaced words (what textwrap.fill does without breaking words, much faster)."""
    out: list[str] = []
    current = ""
    for word in line.split(" "):
        if current and len(indent) + len(current) + 1 + len(word) > width:
            out.append(indent + current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    out.append(indent + current)
    return "\n".join(out)
