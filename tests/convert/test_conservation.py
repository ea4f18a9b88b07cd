"""The conservation check: a conversion that loses text is an error."""

from __future__ import annotations

import pytest

from teikit.convert import convert
from teikit.errors import TeikitError
from teikit.xmlio import parse_bytes

from .helpers import CONV, xp


def test_conservation_check_fires_when_text_is_lost() -> None:
    from teikit.convert.conservation import check_conservation
    from teikit.convert.messages import Messages
    from teikit.convert.profile import load_profile

    text = (CONV / "two-pages.txt").read_text(encoding="utf-8")
    root = parse_bytes(convert(CONV / "two-pages.txt").data).getroot()
    check_conservation(root, text, load_profile(), Messages("x"))  # the document as converted keeps everything
    item = xp(root, "//t:body//t:item")[0]
    item.text = item.text.replace("first", "")
    with pytest.raises(TeikitError, match="text lost"):
        check_conservation(root, text, load_profile(), Messages("x"))
