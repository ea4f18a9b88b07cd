"""Transcription conventions as data: a named profile (TOML in teikit/data/) compiled into regular expressions."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from teikit.errors import TeikitError

DEFAULT_PROFILE = "flp-plain"
EM_DASH = "\u2014"  # what the profile's typed dash (em_dash, e.g. "--") stands for


@dataclass(frozen=True)
class Profile:
    """The compiled conventions of one kind of transcription (see the profile file for examples)."""

    name: str
    page_marker: re.Pattern
    page_marker_like: re.Pattern
    note_block_start: re.Pattern
    section_start: re.Pattern
    list_item: re.Pattern
    bylines: tuple[re.Pattern, ...]
    note_label: re.Pattern
    numbered_anchor: re.Pattern
    star_anchor: re.Pattern
    endnote_min: int
    sentence_end: re.Pattern
    run_in_head_end: re.Pattern
    broken_word_end: re.Pattern
    broken_word_start: re.Pattern
    nbsp_run: re.Pattern
    em_dash: str
    display_min_width: float
    quote_mark: str
    trailing_punctuation: re.Pattern
    citation: re.Pattern
    ibid: re.Pattern
    volume: re.Pattern
    page: re.Pattern
    page_number: re.Pattern
    letter_spacing: re.Pattern
    asterisk_italic: re.Pattern
    digit_letter: re.Pattern
    page_without_period: re.Pattern
    period_lowercase: re.Pattern
    split_word: re.Pattern
    confusions: tuple[tuple[str, str], ...]

    def with_em_dashes(self, text: str) -> str:
        """`text` with the transcription's typed dash written as the em dash it stands for."""
        return text.replace(self.em_dash, EM_DASH)


def _compile(name: str, section: dict, key: str) -> re.Pattern:
    try:
        return re.compile(section[key])
    except KeyError:
        raise TeikitError(f"profile '{name}' lacks the pattern '{key}'") from None
    except re.error as err:
        raise TeikitError(f"profile '{name}': pattern '{key}' is not a valid regular expression: {err}") from None


@lru_cache(maxsize=8)
def load_profile(name: str = DEFAULT_PROFILE) -> Profile:
    """Load the profile `name` shipped in teikit/data/ (convert-profile-NAME.toml)."""
    if not re.fullmatch(r"[a-z0-9-]+", name):
        raise TeikitError(f"profile name '{name}' must be lower-case letters, digits and hyphens")
    resource = resources.files("teikit") / "data" / f"convert-profile-{name}.toml"
    try:
        raw = tomllib.loads(resource.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise TeikitError(f"no transcription profile '{name}' (teikit/data/convert-profile-{name}.toml)") from None
    except tomllib.TOMLDecodeError as err:
        raise TeikitError(f"profile '{name}' is not valid TOML: {err}") from None
    lines, notes, text = raw.get("lines", {}), raw.get("notes", {}), raw.get("text", {})
    quotes, cites = raw.get("quotes", {}), raw.get("citations", {})
    emph, det = raw.get("emphasis", {}), raw.get("detectors", {})

    def c(section: dict, key: str) -> re.Pattern:
        return _compile(name, section, key)

    return Profile(
        name=raw.get("name", name),
        page_marker=c(lines, "page_marker"),
        page_marker_like=c(lines, "page_marker_like"),
        note_block_start=c(lines, "note_block_start"),
        section_start=c(lines, "section_start"),
        list_item=c(lines, "list_item"),
        bylines=tuple(re.compile(p) for p in lines.get("byline", [])),
        note_label=c(notes, "label"),
        numbered_anchor=c(notes, "numbered_anchor"),
        star_anchor=c(notes, "star_anchor"),
        endnote_min=int(notes.get("endnote_min", 10**9)),
        sentence_end=c(text, "sentence_end"),
        run_in_head_end=c(text, "run_in_head_end"),
        broken_word_end=c(text, "broken_word_end"),
        broken_word_start=c(text, "broken_word_start"),
        nbsp_run=c(text, "nbsp_run"),
        em_dash=text.get("em_dash", "--"),
        display_min_width=float(text.get("display_min_width", 10**9)),
        quote_mark=quotes.get("mark", '"'),
        trailing_punctuation=c(quotes, "trailing_punctuation"),
        citation=c(cites, "citation"),
        ibid=c(cites, "ibid"),
        volume=c(cites, "volume"),
        page=c(cites, "page"),
        page_number=c(cites, "page_number"),
        letter_spacing=c(emph, "letter_spacing"),
        asterisk_italic=c(emph, "asterisk_italic"),
        digit_letter=c(det, "digit_letter"),
        page_without_period=c(det, "page_without_period"),
        period_lowercase=c(det, "period_lowercase"),
        split_word=c(det, "split_word"),
        confusions=tuple((a, b) for a, b in det.get("confusions", [])),
    )
