"""Reading the teiHeader: a missing essential is refused at its place."""

from __future__ import annotations

import pytest

from teikit import deposit
from teikit.errors import TeikitError
from teikit.xmlio import parse_file

from .helpers import FIX


def test_header_without_licence_is_refused_at_the_publication_statement():
    tei = FIX / "header-without-licence.xml"
    with pytest.raises(TeikitError) as caught:
        deposit.read_metadata(parse_file(tei), tei)
    assert caught.value.line == 10  # <publicationStmt>
    assert "licence" in caught.value.message
