"""Quotations and citations: scare quotes, quote/cit/bibl with their scopes, split quotations and Ibid."""

from __future__ import annotations

from .helpers import xp


def test_scare_quotes_become_soCalled_and_citations_bibl_with_scope(two_pages) -> None:
    root, _ = two_pages
    assert ["".join(s.itertext()) for s in xp(root, "//t:soCalled")] == ["the writer", "Ann Other"]
    bibls = xp(root, "//t:text//t:bibl")
    assert [xp(b, "t:biblScope[@unit='volume']/text()") for b in bibls] == [["II"], ["II"]]
    assert [xp(b, "string(t:biblScope[@unit='page'])") for b in bibls] == ["5", "9"]
    assert [b.get("corresp") for b in bibls] == ["#treatise", "#treatise"]  # the second through "Ibid."


def test_split_quotation_segments_are_linked_and_the_cited_one_is_a_cit(rules_doc) -> None:
    root, _ = rules_doc
    assert xp(root, "//t:quote[@xml:id='q1a']/@next") == ["#q1b"]
    assert xp(root, "local-name(//t:quote[@xml:id='q1a']/..)") == "p"
    assert xp(root, "//t:cit/t:quote/@xml:id") == ["q1b"]
    assert xp(root, "//t:cit/t:bibl/@corresp") == ["#smith-book"]


def test_in_text_ibid_resolves_to_the_previous_citation(rules_doc) -> None:
    root, _ = rules_doc
    assert [b.get("corresp") for b in xp(root, "//t:text//t:bibl")] == ["#smith-book", "#another", "#another"]
    assert xp(root, "//t:bibl[t:abbr='Ibid.']/t:biblScope/text()") == ["4"]
