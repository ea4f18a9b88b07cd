"""Where a key stands in a TOML file, so that a message can send the editor to the line to change."""

from __future__ import annotations

import re

_TABLE = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_.\"' -]+?)\s*\]\]?\s*(?:#.*)?$")  # "[source.print]", "[[work]]"
_KEY = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*=")  # "page_marker = '...'"


def key_line(text: str, dotted: str) -> int | None:
    """The line (from 1) of the first `key = ...` of table.key `dotted` in `text`, or None when it is not written."""
    table, _, key = dotted.rpartition(".")
    current = ""
    for number, line in enumerate(text.split("\n"), 1):
        if m := _TABLE.match(line):
            current = m.group(1).replace(" ", "").replace('"', "").replace("'", "")
        elif (m := _KEY.match(line)) and current == table and m.group(1) == key:
            return number
    return None
