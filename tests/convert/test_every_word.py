"""Every word of the source reaches the TEI, over generated transcriptions in both profiles (hypothesis, a fixed
and modest number of examples, derandomized so that CI sees the same ones)."""

from __future__ import annotations

import re
import tempfile
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from teikit.convert import convert
from teikit.xmlio import parse_bytes

EXAMPLES = settings(max_examples=60, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

word = st.text(alphabet="abcdefghkmnoprstuvwyz", min_size=2, max_size=9)  # no I/l: the detectors only warn anyway
capital = word.map(str.capitalize)
sentence = st.builds(lambda first, rest, end: " ".join([first, *rest]) + end, capital, st.lists(word, max_size=12),
                     st.sampled_from([".", "!", "?", ",", ""]))
quoted = st.builds(lambda s: f'"{s}"', sentence)
phrase = st.one_of(sentence, sentence, quoted)
paragraph = st.lists(phrase, min_size=1, max_size=4).map(" ".join)


def words(text: str) -> Counter:
    return Counter(re.findall(r"[^\W\d_]+", text))


def tei_words(data: bytes) -> Counter:
    root = parse_bytes(data).getroot()
    text = root.find("{http://www.tei-c.org/ns/1.0}text")
    for fw in text.iter("{http://www.tei-c.org/ns/1.0}fw"):  # page-marker lines: not words of the text
        fw.text = ""
    return words(" ".join(text.itertext()) + " ".join(root.xpath("//*[local-name()='note'][@type='byline']//text()")))


def conversion(source: str, name: str = "gen.txt") -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_text(source, encoding="utf-8")
        return convert(path).data


@st.composite
def plain_transcriptions(draw) -> tuple[str, Counter]:
    """Paragraphs as lines in the chapter's conventions, with page markers, list items and section starts."""
    blocks, page, expected = [], 1, Counter()
    for _ in range(draw(st.integers(2, 7))):
        kind = draw(st.sampled_from(["p", "p", "p", "item", "section", "page"]))
        text = draw(paragraph)
        if kind == "page":
            blocks.append(f"page {page}")
            page += 1
            continue
        expected += words(text)
        blocks.append({"p": text, "item": f"a) {text}", "section": f"1) {text}"}[kind])
    if not any(not b.startswith("page ") for b in blocks):
        blocks.append(draw(paragraph))
        expected += words(blocks[-1])
    return "\n\n".join(blocks), expected


@st.composite
def markdown_transcriptions(draw) -> tuple[str, Counter]:
    """Markdown: headings, emphasis, lists, quotations, footnotes, verse and page markers, built from words."""
    blocks, notes, page, expected = [], [], 1, Counter()
    for k in range(draw(st.integers(1, 7))):
        kind = draw(st.sampled_from(["p", "p", "heading", "list", "quote", "verse", "page", "note"]))
        text = draw(paragraph)
        if kind == "page":
            blocks.append(draw(st.sampled_from([f"---page {page}---", f"{{pb n={page}}}"])))
            page += 1
            continue
        expected += words(text)
        if kind == "heading":
            blocks.append("#" * draw(st.integers(1, 4)) + " " + text.replace('"', ""))
            expected = expected - words(text) + words(text.replace('"', ""))
        elif kind == "list":
            items = text.split(". ")
            blocks.append("\n".join(f"{'  ' * (i % 2)}- {item}" for i, item in enumerate(items)))
        elif kind == "quote":
            blocks.append("\n>\n".join(f"> {part}" for part in text.split(". ")))
        elif kind == "verse":
            blocks.append("\\\n".join(text.split(" ")[:6]) + (" " + " ".join(text.split(" ")[6:])).rstrip())
        elif kind == "note":
            emphasised = " ".join(w if '"' in w else f"*{w}*" if i % 3 == 1 else f"**{w}**" if i % 5 == 2 else w
                                  for i, w in enumerate(text.split(" ")))
            blocks.append(f"{emphasised}[^{k}]")
            note = draw(paragraph)
            notes.append(f"[^{k}]: {note}")
            expected += words(note)
        else:
            blocks.append(text)
    return "\n\n".join(blocks + notes), expected


@EXAMPLES
@given(plain_transcriptions())
def test_every_word_of_a_plain_transcription_is_in_the_tei(case: tuple[str, Counter]) -> None:
    source, expected = case
    missing = expected - tei_words(conversion(source))
    assert not missing, f"words lost: {dict(missing)}"


@EXAMPLES
@given(markdown_transcriptions())
def test_every_word_of_a_markdown_transcription_is_in_the_tei(case: tuple[str, Counter]) -> None:
    source, expected = case
    missing = expected - tei_words(conversion(source, "gen.md"))
    assert not missing, f"words lost: {dict(missing)}"
