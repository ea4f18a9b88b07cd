"""The citation trees the converter declares (convert/citation.py): made from the body it wrote, so that every
level cites something and every unit has a unique identifier, checked by the project's rules cite-match-resolves,
cite-use-resolves and cite-identifiers-unique (the whole validation is clean), for the edition and for new editions
of other shapes: several chapters, divisions four deep, verse, no pages."""

from __future__ import annotations

import textwrap
from pathlib import Path

from teikit.convert import convert
from teikit.validate import validate_paths
from teikit.xmlio import parse_bytes

from .helpers import EDITION, MARKDOWN_HEADER, NS


def tree(refs) -> list[tuple[int, str, str, str]]:
    """(depth, unit, match, use) of every citeStructure of a refsDecl, in document order."""
    return [(len(s.xpath("ancestor::t:citeStructure", namespaces=NS)), s.get("unit"), s.get("match"), s.get("use"))
            for s in refs.iter("{http://www.tei-c.org/ns/1.0}citeStructure")]


def converted(tmp_path: Path, text: str, header: str = MARKDOWN_HEADER):
    source = tmp_path / "text.txt"
    source.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    (tmp_path / "text.header.toml").write_text(header, encoding="utf-8")
    out = source.with_suffix(".xml")
    out.write_bytes(convert(source).data)
    errors = [f"{f.line}: [{f.rule}] {f.message}" for f in validate_paths([out]) if f.severity == "error"]
    root = parse_bytes(out.read_bytes()).getroot()
    return root.xpath("//t:encodingDesc/t:refsDecl", namespaces=NS), errors


def test_the_edition_cites_chapter_section_paragraph_and_pages() -> None:
    default, pages = parse_bytes(EDITION.read_bytes()).getroot().xpath("//t:refsDecl", namespaces=NS)
    blocks = "*[self::p or self::list]"
    assert tree(default) == [
        (0, "chapter", "/TEI/text/body/div[@type='chapter']", "@n"),
        (1, "section", "div[@type='section']", "@n"),
        (2, "paragraph", blocks, "position()"), (2, "head", "head", "'head'"),
        (2, "folio", "fw", "concat('fw', position())"),
        (1, "paragraph", blocks, "concat('p', position())"), (1, "head", "head", "'head'"),
        (1, "note", "note", "concat('note', position())"),
    ]
    assert default.xpath("t:citeStructure/t:citeData/@use", namespaces=NS) == ["head"]
    assert (pages.get("n"), tree(pages)) == ("page", [(0, "page", "/TEI/text/body//pb", "@n")])


def test_divisions_four_deep_each_a_level(tmp_path: Path) -> None:
    refs, errors = converted(tmp_path, """
        # Part one

        Text of part one.

        ## A section

        Its text.

        ### A subsection

        More text.

        #### Deeper still

        The deepest text.
        """)
    assert errors == []
    (default,) = refs  # no page: no page tree
    assert [(depth, unit, use) for depth, unit, _, use in tree(default)] == [
        (0, "chapter", "position()"),  # the header data gives the chapter no number (chapter_n)
        (1, "section", "@n"),
        (2, "subsection", "@n"),
        (3, "division", "@n"), (4, "paragraph", "position()"), (4, "head", "'head'"),
        (3, "paragraph", "concat('p', position())"), (3, "head", "'head'"),
        (2, "paragraph", "concat('p', position())"), (2, "head", "'head'"),
        (1, "paragraph", "concat('p', position())"), (1, "head", "'head'"),
    ]
    assert tree(default)[3][2] == "div[not(@type)]"


def test_several_chapters_with_verse_and_pages(tmp_path: Path) -> None:
    refs, errors = converted(tmp_path, """
        {pb n=1}

        # One

        The rhyme:

        > Ring out the old,\\
        > ring in the new.

        ---page 2---

        # Two

        - a list
        - of two items
        """)
    assert errors == []
    default, pages = refs
    assert tree(default) == [
        (0, "chapter", "/TEI/text/body/div[@type='chapter']", "@n"),
        (1, "paragraph", "*[self::p or self::quote or self::list]", "position()"), (1, "head", "head", "'head'"),
    ]
    assert tree(pages) == [(0, "page", "/TEI/text/body//pb", "@n")]
