"""encode_citations and resolve_ibid alone: parenthetical citations to bibl with their scopes, and every note and
citation linked to its work, "Ibid." to the work before it."""

from __future__ import annotations

from teikit.convert.editorial import Editorial, Work
from teikit.convert.transforms.citations import encode_citations, resolve_ibid

from .helpers import context, findings, markup

WORKS = (
    Work(id="treatise", title="A Treatise on Things"),
    Work(id="other", title="Another Book", match=("Other Book",)),
)


def test_a_parenthetical_citation_becomes_bibl_with_volume_and_page_scopes() -> None:
    ctx = context("<p>as he said (See Vol. XXV, pp. 173 and l89.) and (Ibid., p. 354) and (Lenin.) so</p>")
    encode_citations(ctx)
    assert markup(ctx.chapter) == (
        '<p>as he said <bibl>(See Vol. <biblScope unit="volume">XXV</biblScope>, pp. <biblScope unit="page">173'
        '</biblScope> and <biblScope unit="page">l89</biblScope>.)</bibl> and <bibl>(<abbr>Ibid.</abbr>, p. '
        '<biblScope unit="page">354</biblScope>)</bibl> and <bibl>(Lenin.)</bibl> so</p>')


def test_parentheses_that_are_not_a_citation_stay_text() -> None:
    ctx = context("<p>the state (in the narrow sense) and (see below) too</p>")
    encode_citations(ctx)
    assert markup(ctx.chapter) == "<p>the state (in the narrow sense) and (see below) too</p>"


def test_notes_and_citations_are_linked_to_their_work_and_ibid_to_the_one_before() -> None:
    ctx = context(
        '<p tk:line="1">x<bibl>(See Vol. <biblScope unit="volume">II</biblScope>)</bibl>'
        '<note place="foot" n="1">"A Treatise on Things," 1899.</note> and <bibl>(<abbr>Ibid.</abbr>, p. '
        '<biblScope unit="page">9</biblScope>)</bibl> then<note place="foot" n="2">Ibid.</note> and'
        '<note place="foot" n="3">The Other Book, p. 3.</note></p>', Editorial(works=WORKS))
    resolve_ibid(ctx)
    assert [b.get("corresp") for b in ctx.chapter.iter("{*}bibl")] == ["#treatise", "#treatise"]
    assert [n.get("corresp") for n in ctx.chapter.iter("{*}note")] == ["#treatise", "#treatise", "#other"]
    assert markup(ctx.chapter.find(".//{*}note[@n='2']")) == "<abbr>Ibid.</abbr>"
    assert findings(ctx) == []


def test_ibid_in_the_first_note_and_a_work_not_in_the_data_are_warned() -> None:
    ctx = context('<p tk:line="1">x<note place="foot" n="1" tk:line="2">Ibid.</note> y'
                  '<note place="foot" n="2" tk:line="2">An unlisted pamphlet.</note></p>', Editorial(works=WORKS))
    resolve_ibid(ctx)
    assert [n.get("corresp") for n in ctx.chapter.iter("{*}note")] == [None, None]
    assert findings(ctx) == [("warning", "ibid-unresolved", 2), ("warning", "work-unknown", 2)]
