"""tag_titles and tag_names alone: the forms the data lists become title and persName/placeName/orgName with @ref
to their entry."""

from __future__ import annotations

from teikit.convert.editorial import Editorial, NameEntry, Work
from teikit.convert.transforms.names import tag_names, tag_titles

from .helpers import context, markup

NAMES = (
    NameEntry(id="lenin", kind="person", name="V. I. Lenin", forms=("Lenin", "V. I. Lenin")),
    NameEntry(id="america", kind="place", name="America", forms=("America",)),
    NameEntry(id="ci", kind="org", name="Communist International", forms=("Communist International",)),
    NameEntry(id="scheidemann", kind="person", name="P. Scheidemann", forms=(), generic_forms=("Scheidemanns",)),
)


def test_each_form_of_a_name_is_tagged_with_ref_to_its_entry_and_the_longest_form_wins() -> None:
    ctx = context("<p>V. I. Lenin and Lenin in America, the Communist International, the Scheidemanns.</p>",
                  Editorial(names=NAMES))
    tag_names(ctx)
    assert markup(ctx.chapter) == (
        '<p><persName ref="#lenin">V. I. Lenin</persName> and <persName ref="#lenin">Lenin</persName> in '
        '<placeName ref="#america">America</placeName>, the <orgName ref="#ci">Communist International</orgName>, '
        'the <persName ref="#scheidemann" type="generic">Scheidemanns</persName>.</p>')


def test_a_name_inside_a_longer_word_is_not_tagged_and_a_corrected_name_is_found_by_its_reading() -> None:
    ctx = context("<p>Leninism in <choice><sic>Amcrica</sic><corr>America</corr></choice> too.</p>",
                  Editorial(names=NAMES))
    tag_names(ctx)
    assert markup(ctx.chapter) == ('<p>Leninism in <placeName ref="#america"><choice><sic>Amcrica</sic>'
                                   "<corr>America</corr></choice></placeName> too.</p>")


def test_a_title_in_the_text_is_tagged_with_ref_to_its_work_through_a_correction_too() -> None:
    works = (Work(id="me-manifesto", title="Manifesto of the Communist Party", forms=("The Communist Manifesto",)),)
    ctx = context("<p>in The Communist <choice><sic>Manitesto</sic><corr>Manifesto</corr></choice>, and "
                  "The Communist Manifesto</p>", Editorial(works=works))
    tag_titles(ctx)
    assert markup(ctx.chapter) == (
        '<p>in <title level="m" ref="#me-manifesto">The Communist <choice><sic>Manitesto</sic><corr>Manifesto</corr>'
        '</choice></title>, and <title level="m" ref="#me-manifesto">The Communist Manifesto</title></p>')


def test_names_already_tagged_or_in_a_folio_are_not_tagged_again() -> None:
    chapter = '<p><persName ref="#lenin">Lenin</persName> said<fw type="pageNum">Lenin page 7</fw></p>'
    ctx = context(chapter, Editorial(names=NAMES))
    tag_names(ctx)
    assert markup(ctx.chapter) == chapter
