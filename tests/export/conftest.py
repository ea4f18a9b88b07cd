"""Fixtures of the export tests: the sample edition and the flagship edition, parsed and exported to HTML once."""

from __future__ import annotations

import pytest
from lxml import etree
from lxml import html as lxml_html

from conftest import ROOT
from teikit.xmlio import parse_file

from .helpers import EDITION, SAMPLE, html_of


@pytest.fixture(scope="module")
def sample_html() -> lxml_html.HtmlElement:
    return html_of(SAMPLE)


@pytest.fixture(scope="module")
def sample_tei() -> etree._ElementTree:
    return parse_file(SAMPLE)


@pytest.fixture(scope="module")
def edition() -> etree._ElementTree:
    if not EDITION.exists():
        pytest.skip(f"{EDITION.relative_to(ROOT)} is not built yet (the converter lands it on main)")
    return parse_file(EDITION)


@pytest.fixture(scope="module")
def edition_html(edition) -> lxml_html.HtmlElement:
    return html_of(EDITION)


@pytest.fixture(scope="session")
def epubcheck_books(tmp_path_factory) -> dict:
    """epubcheck's verdict on each book the EPUB tests check, all run once per session, in parallel."""
    from .epubcheck import check_books, epubcheck_books_to_check, epubcheck_command

    command = epubcheck_command()
    if command is None:
        pytest.skip("epubcheck is absent: apt-get install epubcheck (.ci/run does) to check the EPUBs")
    books = [p for p in epubcheck_books_to_check() if p.exists()]
    return check_books(books, tmp_path_factory.mktemp("epub"), command)
