"""The round trip: the texts of the deepest citable units, fetched from the Document endpoint and joined in order,
are the text of the body (no character lost or repeated; white space aside), in every citation tree: the
edition's two, the trees the converter declares for a new edition, the default tree of every document of
../shared/corpora, and generated bodies."""

from __future__ import annotations

import shutil

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from conftest import FIXTURES, ROOT, shared_path
from teikit.convert import convert
from teikit.serve.citetree import DEFAULT_TREE_DESCRIPTION
from teikit.serve.index import Index, index_tei
from teikit.serve.passages import inner_text
from teikit.xmlio import TEI_NS, parse_bytes, parse_file

from .helpers import EDITION, edition_index

settings.register_profile("serve", max_examples=40, deadline=None)


def _squeezed(text: str) -> str:
    return "".join(text.split())


def leaves_text(resource, tree) -> str:
    units = tree.units
    return "".join(inner_text(resource.document.passage(u.start, u.stop)) for i, u in enumerate(units)
                   if u.last == i)


def body_text(tei: etree._Element) -> str:
    return tei.find(f"{{{TEI_NS}}}text/{{{TEI_NS}}}body").xpath("string()")


def test_edition_round_trips_in_both_trees() -> None:
    resource = edition_index().resources[EDITION]
    body = _squeezed(body_text(parse_file(resource.source).getroot()))
    assert [t.identifier for t in resource.trees] == [None, "page"]
    for tree in resource.trees:
        assert _squeezed(leaves_text(resource, tree)) == body


DEEP = "# Part\n\nOne.\n\n## Section\n\nTwo.[^1]\n\n### Sub\n\nThree.\n\n#### Deeper\n\nFour.\n\n[^1]: A note.\n"


@pytest.mark.parametrize("text", [(ROOT / "docs" / "examples" / "parish.md").read_text(encoding="utf-8"), DEEP],
                         ids=["parish.md", "four-deep"])
def test_a_new_edition_round_trips_in_the_trees_the_converter_declares(tmp_path, text: str) -> None:
    source = tmp_path / "text.txt"
    source.write_text(text, encoding="utf-8")
    shutil.copy(FIXTURES / "convert" / "markdown.header.toml", tmp_path / "text.header.toml")
    data = convert(source).data
    resource, warnings = index_tei(parse_bytes(data).getroot(), "converted")
    assert not warnings and resource.trees
    assert all(tree.description != DEFAULT_TREE_DESCRIPTION for tree in resource.trees)  # its own, declared
    want = _squeezed(body_text(parse_bytes(data).getroot()))
    for tree in resource.trees:
        assert _squeezed(leaves_text(resource, tree)) == want, tree.identifier
    if text == DEEP:
        assert [u.identifier for u in resource.trees[0].units] == [
            "1", "1.head", "1.p1", "1.1", "1.1.head", "1.1.p1", "1.1.1", "1.1.1.head", "1.1.1.p1", "1.1.1.1",
            "1.1.1.1.head", "1.1.1.1.1"]  # in document order: each division's heading first


@pytest.mark.corpora
@pytest.mark.slow
def test_every_corpus_document_round_trips_in_its_default_tree() -> None:
    from teikit.serve import build_index

    index: Index = build_index([shared_path("corpora")], jobs=2)
    assert len(index.resources) == 41 and not index.warnings
    for resource in index.resources.values():
        (tree,) = resource.trees
        assert _squeezed(leaves_text(resource, tree)) == _squeezed(body_text(parse_file(resource.source).getroot())), \
            resource.source


# Generated bodies: divisions nested up to three deep, with heads, paragraphs with page breaks and notes inside,
# milestones and trailers between them.
_words = st.text(alphabet="abcdefgh ", min_size=1, max_size=12).filter(str.strip)
_para = st.builds(lambda a, b, pb: f"<p>{a}{'<pb/>' if pb else ''}<note>{b}</note>{b}</p>", _words, _words,
                  st.booleans())
_leaf = st.lists(st.one_of(_para, st.just("<pb/>"), st.builds("<head>{}</head>".format, _words)), min_size=1,
                 max_size=4).map("".join)


def _divs(depth: int):
    if depth == 0:
        return _leaf
    inner = st.lists(st.builds("<div>{}</div>".format, _divs(depth - 1)), min_size=1, max_size=3).map("".join)
    return st.tuples(st.one_of(st.just(""), st.builds("<head>{}</head>".format, _words)), inner,
                     st.one_of(st.just(""), st.builds("<trailer>{}</trailer>".format, _words))).map("".join)


@settings(settings.get_profile("serve"))
@given(st.one_of(_leaf, _divs(1), _divs(2), _divs(3)))
def test_generated_bodies_round_trip_and_every_passage_is_well_formed(body: str) -> None:
    xml = f'<TEI xmlns="{TEI_NS}"><teiHeader/><text><body>{body}</body></text></TEI>'.encode()
    tei = parse_bytes(xml).getroot()
    want = _squeezed(body_text(tei))
    resource, warnings = index_tei(parse_bytes(xml).getroot(), "generated")
    assert not warnings
    if not resource.trees:  # a body of milestones only: nothing to cite
        assert not want
        return
    (tree,) = resource.trees
    assert _squeezed(leaves_text(resource, tree)) == want
    for first in range(0, len(tree.units), 3):  # ranges too: every one parses (inner_text parses)
        last = min(len(tree.units) - 1, first + 4)
        inner_text(resource.document.passage(tree.units[first].start, tree.units[last].stop))
