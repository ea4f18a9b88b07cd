"""Fixtures of the export tests: the sample edition and the flagship edition, parsed and exported to HTML once."""

from __future__ import annotations

import io
import zipfile

import pytest
from lxml import etree
from lxml import html as lxml_html

from conftest import ROOT
from teikit.export import ExportOptions, export_file
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
    """epubcheck's verdict on each book the EPUB tests check (and on BROKEN_BOOK, a book it must reject), all
    checked once per session, in one JVM."""
    from .epubcheck import BROKEN_BOOK, check_books, epubcheck_books_to_check, epubcheck_command

    command = epubcheck_command()
    if command is None:
        pytest.skip("epubcheck is absent: apt-get install epubcheck (.ci/run does) to check the EPUBs")
    folder = tmp_path_factory.mktemp("epub")
    broken = folder / BROKEN_BOOK
    with zipfile.ZipFile(io.BytesIO(export_file(SAMPLE, ExportOptions(target="epub")))) as good, \
            zipfile.ZipFile(broken, "w") as bad:
        for info in good.infolist():
            if info.filename != "EPUB/nav.xhtml":  # the package names it: epubcheck must miss it
                bad.writestr(info, good.read(info))
    books = [p for p in epubcheck_books_to_check() if p.exists()]
    return check_books([*books, broken], folder, command)

