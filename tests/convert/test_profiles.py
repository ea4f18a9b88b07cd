"""Transcription profiles as files a user writes: --profile FILE|NAME, the header data naming one, `extends`, and
errors that are one line naming the file, the line and the key."""

from __future__ import annotations

import re
import shutil
import tomllib
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, run_cli
from teikit.convert import convert
from teikit.convert.profile import NEVER, PROFILE_KEYS, builtin_profiles, load_profile
from teikit.errors import TeikitError
from teikit.xmlio import parse_bytes

NS = {"t": "http://www.tei-c.org/ns/1.0"}
PROFILES = FIXTURES / "convert" / "profiles"
BUILT_IN = ROOT / "tools" / "teikit" / "convert" / "profiles"


def _pages_and_paragraphs(data: bytes) -> tuple[list[str], list[str]]:
    root = parse_bytes(data).getroot()
    return (root.xpath("//t:body//t:pb/@n", namespaces=NS),
            ["".join(p.xpath(".//text()[not(ancestor::t:fw)]", namespaces=NS))
             for p in root.xpath("//t:body//t:p", namespaces=NS)])


def test_the_built_in_profiles_load_and_say_which_reader_they_use() -> None:
    assert builtin_profiles() == ["flp-plain", "markdown"]
    assert [(load_profile(n).name, load_profile(n).reader) for n in builtin_profiles()] == [
        ("flp-plain", "plain"), ("markdown", "markdown")]


def test_a_user_profile_extending_the_chapters_reads_its_own_page_markers(tmp_path: Path) -> None:
    out = tmp_path / "letter.xml"
    result = run_cli("convert", str(PROFILES / "bracket-folios.txt"), "--profile", str(PROFILES /
                     "bracket-folios.toml"), "-o", str(out))
    assert result.returncode == 0, result.stderr
    pages, paragraphs = _pages_and_paragraphs(out.read_bytes())
    assert pages == ["12", "13"]  # "[Page 12]" opens page 12: no empty page 11 before it
    assert paragraphs[0].endswith("without stopping: the writer continues on the next page.")
    assert "Short Line Without Stop" in paragraphs  # headings = false in this profile: no guess
    assert "heading-guessed" not in result.stderr


def test_the_header_data_names_a_profile_file_relative_to_itself_and_the_option_overrides_it(tmp_path: Path) -> None:
    (tmp_path / "conventions").mkdir()
    shutil.copy(PROFILES / "bracket-folios.toml", tmp_path / "conventions" / "mine.toml")
    source = tmp_path / "letter.txt"
    shutil.copy(PROFILES / "bracket-folios.txt", source)
    (tmp_path / "letter.header.toml").write_text('[edition]\nprofile = "conventions/mine.toml"\n')
    assert _pages_and_paragraphs(convert(source).data)[0] == ["12", "13"]
    pages, paragraphs = _pages_and_paragraphs(convert(source, "flp-plain").data)
    assert pages == [] and "[Page 12]" in paragraphs  # the chapter's profile knows no such page markers


@pytest.mark.parametrize("profile, line, message", [
    ("[lines]\npage_marker = '^page ('\n", 2, "lines.page_marker: not a valid regular expression (missing )"),
    ("[lines]\npagemarker = 'x'\n", 2, "lines.pagemarker: no such key in a profile (keys of [lines]: byline,"),
    ("[line]\npage_marker = 'x'\n", None, "[line]: no such table in a profile (tables: citations, detectors,"),
    ("[heuristics]\nquotations = \"yes\"\n", 2, "heuristics.quotations: must be true or false, not 'yes'"),
    ("\n[lines]\npage_marker = '^page [0-9]+$'\n", 3, "lines.page_marker: the pattern needs the named group(s) (?P<n>"),
    ('extends = "no-such"\n', None, "no built-in profile 'no-such' (built in: flp-plain, markdown)"),
    ('reader = "word"\n', 1, "reader: must be one of 'plain', 'markdown', not 'word'"),
    ("[lines]\nheading_max_words = 2.5\n", 2, "lines.heading_max_words: must be a whole number, not 2.5"),
    ('extends = "bad.toml"\n', 1, "extends: profiles extend each other in a circle (bad.toml)"),
    ("[lines\n", 1, "not valid TOML"),
])
def test_a_profile_error_is_one_line_naming_the_file_line_and_key(tmp_path: Path, profile: str, line, message) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(profile)
    result = run_cli("convert", str(PROFILES / "bracket-folios.txt"), "--profile", str(bad), "-o",
                     str(tmp_path / "out.xml"))
    assert result.returncode == 2 and result.stdout == "" and "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    where = f"{bad}:{line}: " if line else (f"{bad}: " if "no built-in" not in message else "")
    assert lines[0].startswith(f"teikit: error: {where}{message}"), lines[0]
    assert not (tmp_path / "out.xml").exists()


def test_a_profile_the_header_data_names_but_that_is_missing_names_the_header_line(tmp_path: Path) -> None:
    shutil.copy(PROFILES / "bracket-folios.txt", tmp_path / "letter.txt")
    (tmp_path / "letter.header.toml").write_text('[edition]\ntitle = "A letter"\nprofile = "nowhere"\n')
    with pytest.raises(TeikitError) as err:
        convert(tmp_path / "letter.txt")
    assert (err.value.file, err.value.line) == (str(tmp_path / "letter.header.toml"), 3)
    assert err.value.message.startswith("edition.profile: no built-in profile 'nowhere'")


def test_an_empty_pattern_switches_its_feature_off() -> None:
    markdown = load_profile("markdown")
    assert markdown.note_block_start is NEVER and markdown.citation is NEVER
    assert not markdown.note_block_start.search("[1] a note")


def test_the_chapters_profile_is_a_complete_worked_example() -> None:
    """flp-plain.toml writes out every key of the plain reader (docs/profiles.md walks through it)."""
    raw = tomllib.loads((BUILT_IN / "flp-plain.toml").read_text(encoding="utf-8"))
    written = {k for k, v in raw.items() if not isinstance(v, dict)}
    written |= {f"{table}.{key}" for table, keys in raw.items() if isinstance(keys, dict) for key in keys}
    assert {k for k in PROFILE_KEYS if not k.startswith("markdown.")} - written == set()


def test_every_profile_key_is_documented() -> None:
    docs = (ROOT / "docs" / "profiles.md").read_text(encoding="utf-8").split("## Every key", 1)[1]
    documented = set(re.findall(r"^\| `([a-z_.]+)` \|", docs, re.M))
    assert set(PROFILE_KEYS) - documented == set(), "document these keys in docs/profiles.md"
    assert documented - set(PROFILE_KEYS) - {"extends"} == set(), "docs/profiles.md documents keys that do not exist"
    assert "(docs/profiles.md)" in (ROOT / "README.md").read_text(encoding="utf-8")
