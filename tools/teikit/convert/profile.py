"""Transcription conventions as data: a profile is a TOML file (built in, in convert/profiles/, or the user's own)
whose keys are read into a `Profile`; every key is declared once, below, with its kind and default
(docs/profiles.md documents each). Errors name the file, the line and the key."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, fields
from functools import lru_cache
from importlib import resources
from pathlib import Path

from teikit.convert.tomlkeys import key_line
from teikit.errors import TeikitError

DEFAULT_PROFILE = "flp-plain"
MARKDOWN_PROFILE = "markdown"
EM_DASH = "\u2014"  # what the profile's typed dash (em_dash, e.g. "--") stands for
NEVER = re.compile(r"(?!)")  # what a pattern written as "" compiles to: the feature is off
READERS = ("plain", "markdown")
_NAME = re.compile(r"[a-z0-9][a-z0-9-]*")  # a built-in profile's name: "flp-plain"


def _key(path: str, kind: str, default, groups: tuple[str, ...] = (), choices: tuple[str, ...] = ()):
    """A profile field read from the TOML key `path` ("lines.page_marker"); `kind` says how it is checked."""
    return field(metadata={"path": path, "kind": kind, "default": default, "groups": groups, "choices": choices})


@dataclass(frozen=True)
class Profile:
    """The compiled conventions of one kind of transcription (docs/profiles.md explains every key)."""

    name: str = _key("name", "str", "")
    description: str = _key("description", "str", "")
    reader: str = _key("reader", "choice", "plain", choices=READERS)
    # heuristics: readings that guess; each guess is a warning that says how to confirm or reverse it
    guess_headings: bool = _key("heuristics.headings", "bool", True)
    guess_quotations: bool = _key("heuristics.quotations", "bool", True)
    guess_scare_quotes: bool = _key("heuristics.scare_quotes", "bool", True)
    guess_page_end_paragraphs: bool = _key("heuristics.page_end_paragraphs", "bool", True)
    guess_letter_spacing: bool = _key("heuristics.letter_spacing", "bool", True)
    page_marker: re.Pattern = _key("lines.page_marker", "pattern", "", groups=("n",))
    page_marker_like: re.Pattern = _key("lines.page_marker_like", "pattern", "")
    page_marker_reads_as: str = _key("lines.page_marker_reads_as", "choice", "footer", choices=("footer", "header"))
    note_block_start: re.Pattern = _key("lines.note_block_start", "pattern", "")
    section_start: re.Pattern = _key("lines.section_start", "pattern", "", groups=("n",))
    list_item: re.Pattern = _key("lines.list_item", "pattern", "", groups=("n",))
    heading: re.Pattern = _key("lines.heading", "pattern", "")
    heading_max_words: int = _key("lines.heading_max_words", "int", 12)
    bylines: tuple[re.Pattern, ...] = _key("lines.byline", "patterns", [])
    note_label: re.Pattern = _key("notes.label", "pattern", "", groups=("num", "star"))
    numbered_anchor: re.Pattern = _key("notes.numbered_anchor", "pattern", "", groups=("num",))
    star_anchor: re.Pattern = _key("notes.star_anchor", "pattern", "")
    endnote_min: int = _key("notes.endnote_min", "int", 0)
    sentence_end: re.Pattern = _key("text.sentence_end", "pattern", r"""[.?!:]["')\]]*$""")
    run_in_head_end: re.Pattern = _key("text.run_in_head_end", "pattern", r"""(?<=[.?!]) (?=[A-Z"])""")
    broken_word_end: re.Pattern = _key("text.broken_word_end", "pattern", r"(?P<part>[^\W\d_]+)-$", groups=("part",))
    broken_word_start: re.Pattern = _key("text.broken_word_start", "pattern", r"^(?P<part>[^\W\d_]+)",
                                         groups=("part",))
    nbsp_run: re.Pattern = _key("text.nbsp_run", "pattern", " *\u00a0[\u00a0 ]*")
    em_dash: str = _key("text.em_dash", "str", "--")
    display_min_width: float = _key("text.display_min_width", "number", 0)
    quote_mark: str = _key("quotes.mark", "str", '"')
    trailing_punctuation: re.Pattern = _key("quotes.trailing_punctuation", "pattern", r"(?<! )[,.;:]+$")
    full_sentence: re.Pattern = _key("quotes.full_sentence", "pattern", r"^(?:\. \. \. )?[A-Z].*[.?!,;:]$")
    full_sentence_min_words: int = _key("quotes.full_sentence_min_words", "int", 4)
    citation: re.Pattern = _key("citations.citation", "pattern", "")
    ibid: re.Pattern = _key("citations.ibid", "pattern", "")
    volume: re.Pattern = _key("citations.volume", "pattern", "", groups=("vol",))
    page: re.Pattern = _key("citations.page", "pattern", "", groups=("pages",))
    page_number: re.Pattern = _key("citations.page_number", "pattern", "")
    letter_spacing: re.Pattern = _key("emphasis.letter_spacing", "pattern", r"(?<![\w.])(?:[a-z] ){3,}[a-z](?![\w.])")
    asterisk_italic: re.Pattern = _key("emphasis.asterisk_italic", "pattern", "")
    digit_letter: re.Pattern = _key("detectors.digit_letter", "pattern", r"\b(?:[Il][0-9]+|[0-9]+[Il][0-9Il]*)\b")
    page_without_period: re.Pattern = _key("detectors.page_without_period", "pattern", r"\bp [0-9]")
    period_lowercase: re.Pattern = _key("detectors.period_lowercase", "pattern", r"\b[a-z]{2,}\.(?= [a-z])")
    split_word: re.Pattern = _key("detectors.split_word", "pattern", r"\b(?P<a>[A-Za-z]+) (?P<b>[a-z]+)\b",
                                  groups=("a", "b"))
    confusions: tuple[tuple[str, str], ...] = _key("detectors.confusions", "pairs", [])
    page_break: re.Pattern = _key("markdown.page_break", "pattern", r"\{pb n=(?P<n>[0-9]+)\}", groups=("n",))
    verse: str = _key("markdown.verse", "choice", "hard-breaks", choices=("hard-breaks", "none"))
    source: str = ""  # the file the profile was read from

    def with_em_dashes(self, text: str) -> str:
        """`text` with the transcription's typed dash written as the em dash it stands for."""
        return text.replace(self.em_dash, EM_DASH) if self.em_dash else text

    def is_display(self, width: float) -> bool:
        """Whether a line this wide (the median width between NBSP wrap marks) was set as a display quotation."""
        return bool(self.display_min_width) and width >= self.display_min_width

    def is_endnote(self, number: int) -> bool:
        """Whether an anchor with this number, and no note on its page, points to the book's end notes."""
        return bool(self.endnote_min) and number >= self.endnote_min


PROFILE_KEYS = {f.metadata["path"]: f for f in fields(Profile) if f.metadata}
_TABLES = sorted({path.split(".")[0] for path in PROFILE_KEYS if "." in path})
_BUILTIN = resources.files("teikit.convert") / "profiles"


def builtin_profiles() -> list[str]:
    """The names of the profiles shipped with teikit."""
    return sorted(p.name.removesuffix(".toml") for p in _BUILTIN.iterdir() if p.name.endswith(".toml"))


class _Source:
    """One profile file being read: its path and text, to say where a key is wrong."""

    def __init__(self, path: Path, text: str) -> None:
        self.path, self.text = path, text

    def error(self, key: str, problem: str) -> TeikitError:
        line = key_line(self.text, key) if key else None
        return TeikitError(f"{key}: {problem}" if key else problem, self.path, line)


def _compile(src: _Source, key: str, value, groups: tuple[str, ...]) -> re.Pattern:
    if not isinstance(value, str):
        raise src.error(key, f"must be a regular expression in quotes, not {value!r}")
    if value == "":
        return NEVER
    try:
        pattern = re.compile(value)
    except re.error as err:
        raise src.error(key, f"not a valid regular expression ({err})") from None
    missing = [g for g in groups if g not in pattern.groupindex]
    if missing and not (key == "notes.label" and len(missing) < len(groups)):  # a label may be numbered or starred
        raise src.error(key, f"the pattern needs the named group(s) {', '.join(f'(?P<{g}>...)' for g in missing)}")
    return pattern


def _value(src: _Source, key: str, value, meta: dict):
    """`value` of `key` checked and converted to what the Profile field holds."""
    kind = meta["kind"]
    if kind == "pattern":
        return _compile(src, key, value, meta["groups"])
    if kind == "patterns":
        if not isinstance(value, list):
            raise src.error(key, "must be a list of regular expressions, e.g. ['^by (?P<author>.+)$']")
        patterns = tuple(_compile(src, key, v, ()) for v in value)
        if any(p is not NEVER and len(p.groupindex) != 1 for p in patterns):
            raise src.error(key, "each pattern needs exactly one named group, e.g. (?P<author>.+)")
        return tuple(p for p in patterns if p is not NEVER)
    if kind == "bool":
        if not isinstance(value, bool):
            raise src.error(key, f"must be true or false, not {value!r}")
        return value
    if kind in ("int", "number"):
        whole = kind == "int" and isinstance(value, float)
        if isinstance(value, bool) or not isinstance(value, int | float) or whole:
            raise src.error(key, f"must be a {'whole ' if kind == 'int' else ''}number, not {value!r}")
        if value < 0:
            raise src.error(key, f"must not be negative, not {value!r}")
        return value
    if kind == "choice":
        if value not in meta["choices"]:
            raise src.error(key, f"must be one of {', '.join(repr(c) for c in meta['choices'])}, not {value!r}")
        return value
    if kind == "pairs":
        if not isinstance(value, list) or not all(isinstance(p, list) and len(p) == 2 and all(isinstance(s, str)
                                                                                          for s in p) for p in value):
            raise src.error(key, 'must be a list of [printed, meant] pairs, e.g. [["rn", "m"]]')
        return tuple((a, b) for a, b in value)
    if not isinstance(value, str):
        raise src.error(key, f"must be a string in quotes, not {value!r}")
    return value


def _flatten(src: _Source, raw: dict) -> dict[str, object]:
    """{"lines.page_marker": value, ...}; an unknown table or key is an error that names it."""
    flat: dict[str, object] = {}
    for name, value in raw.items():
        if isinstance(value, dict):
            if name not in _TABLES:
                raise src.error("", f"[{name}]: no such table in a profile (tables: {', '.join(_TABLES)}; "
                                    "see docs/profiles.md)")
            for key, item in value.items():
                flat[f"{name}.{key}"] = item
        else:
            flat[name] = value
    for key in flat:
        if key not in PROFILE_KEYS and key != "extends":
            table = key.split(".")[0] if "." in key else ""
            known = sorted(k.split(".")[-1] for k in PROFILE_KEYS if (k.split(".")[0] if "." in k else "") == table)
            raise src.error(key, f"no such key in a profile (keys{f' of [{table}]' if table else ''}: "
                                 f"{', '.join(known)}; see docs/profiles.md)")
    return flat


def _read(path: Path) -> _Source:
    try:
        return _Source(path, path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise TeikitError("no such profile file", path) from None
    except (UnicodeDecodeError, IsADirectoryError, PermissionError) as err:
        raise TeikitError(f"cannot read the profile: {err.__class__.__name__}", path) from None


def _parse(src: _Source) -> dict:
    try:
        return tomllib.loads(src.text)
    except tomllib.TOMLDecodeError as err:
        line = re.search(r"line (\d+)", str(err))
        raise TeikitError(f"not valid TOML: {err}", src.path, int(line.group(1)) if line else None) from None
    except RecursionError:  # (tomllib recurses once per level of nesting)
        raise TeikitError("not valid TOML: nested too deeply to read: flatten it", src.path) from None


def _locate(spec: str | Path, relative_to: Path | None) -> Path:
    """A built-in profile's file for a name ("markdown"), else the path of a file (relative to `relative_to`)."""
    text = str(spec)
    if _NAME.fullmatch(text):
        path = Path(str(_BUILTIN / f"{text}.toml"))
        if path.is_file():
            return path
        raise TeikitError(f"no built-in profile '{text}' (built in: {', '.join(builtin_profiles())}); "
                          "or give the path of a profile file (.toml)")
    path = Path(text).expanduser()
    return path if path.is_absolute() or relative_to is None else relative_to / path


def _merged(path: Path, seen: tuple[Path, ...] = ()) -> tuple[dict[str, object], _Source]:
    """The flattened keys of the profile at `path`, over those of the profile it extends."""
    src = _read(path)
    flat = _flatten(src, _parse(src))
    base: dict[str, object] = {}
    if "extends" in flat:
        parent = flat.pop("extends")
        if not isinstance(parent, str) or not parent:
            raise src.error("extends", "must name a built-in profile or a profile file, e.g. extends = \"flp-plain\"")
        parent_path = _locate(parent, path.parent).resolve()
        if parent_path in (*seen, path.resolve()):
            raise src.error("extends", f"profiles extend each other in a circle ({parent})")
        base, _ = _merged(parent_path, (*seen, path.resolve()))
        base.pop("name", None)
        base.pop("description", None)
    return {**base, **flat}, src


@lru_cache(maxsize=16)
def _load(path: Path, stamp: tuple[int, int]) -> Profile:
    flat, src = _merged(path)
    values = {}
    for key, f in PROFILE_KEYS.items():
        values[f.name] = _value(src, key, flat.get(key, f.metadata["default"]), f.metadata)
    values["name"] = values["name"] or path.name.removesuffix(".toml")
    return Profile(**values, source=str(path))


def load_profile(spec: str | Path = DEFAULT_PROFILE, relative_to: Path | None = None) -> Profile:
    """The profile named `spec` (built in) or in the file `spec` (a path; relative ones from `relative_to`)."""
    path = _locate(spec, relative_to)
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise TeikitError("no such profile file", path) from None
    return _load(path.resolve(), (stat.st_mtime_ns, stat.st_size))
