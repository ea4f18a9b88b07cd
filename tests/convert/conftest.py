"""Fixtures of the convert tests: the hand-made transcriptions converted, and the edition parsed, once per module."""

from __future__ import annotations

import pytest
from lxml import etree

from teikit.xmlio import parse_file

from .helpers import CONV, EDITION, tei


@pytest.fixture(scope="module")
def two_pages():
    return tei(CONV / "two-pages.txt")


@pytest.fixture(scope="module")
def rules_doc():
    return tei(CONV / "rules.txt")


@pytest.fixture(scope="module")
def edition() -> etree._Element:
    return parse_file(EDITION).getroot()
