"""The datatype patches: where libxml2 and jing read XML Schema datatypes differently, teikit follows jing.

jing is the TEI's reference validator; each difference has a fixture in tests/fixtures/teiall/.
"""

from __future__ import annotations

from lxml import etree

from teikit.xmlio import RNG_NS

_R = f"{{{RNG_NS}}}"

# Each entry: type -> (a pattern that the value must also match, a pattern of values jing accepts and libxml2
# refuses, or None). XSD regex, anchored at both ends.
# A month and a day that exists in it (29 February in any year: see the README for this one difference).
_MONTH_DAY = r"((0[13578]|1[02])-(0[1-9]|[12]\d|3[01])|(0[469]|11)-(0[1-9]|[12]\d|30)|02-(0[1-9]|[12]\d))"
_ZONE = r"(Z|[+\-]((0\d|1[0-3]):[0-5]\d|14:00))?"
_JING_DATATYPES = {
    # libxml2 takes hour 24 ("24:00:00", end of day in XSD 1.0 2nd edition); jing refuses it. jing takes a leap
    # second (":60") at any time of day; libxml2 refuses it.
    "dateTime": (
        r"-?\d{4,}-\d\d-\d\dT([01]\d|2[0-3]):.*",
        r"-?\d{4,}-" + _MONTH_DAY + r"T([01]\d|2[0-3]):[0-5]\d:60(\.\d+)?" + _ZONE,
    ),
    "time": (r"([01]\d|2[0-3]):.*", r"([01]\d|2[0-3]):[0-5]\d:60(\.\d+)?" + _ZONE),
    # libxml2 takes an exponent mark with no digits ("1E", "1e+"); jing, like XSD, refuses it.
    "double": (r"[+\-]?(\d+(\.\d*)?|\.\d+)([eE][+\-]?\d+)?|-?INF|NaN", None),
    "float": (r"[+\-]?(\d+(\.\d*)?|\.\d+)([eE][+\-]?\d+)?|-?INF|NaN", None),
}


def read_datatypes_as_jing(leaf: etree._Element) -> etree._Element:
    """Rewrite (in place) every <data> under `leaf` as jing reads it; returns the new top when `leaf` was one."""
    for data in list(leaf.iter(f"{_R}data")):
        parent = data.getparent()
        index = parent.index(data) if parent is not None else 0
        read = _as_jing_reads(data)  # may move `data` into a new <choice>
        if read is not data:
            if parent is None:
                leaf = read
            else:
                parent.insert(index, read)
    return leaf


def _as_jing_reads(data: etree._Element) -> etree._Element:
    """A <data> pattern restricted or widened where libxml2's reading of its type differs from jing's."""
    rule = _JING_DATATYPES.get(data.get("type", ""))
    if rule is None or data.find(f"{_R}param[@name='pattern']") is not None:
        return data  # (a second pattern param would be OR-ed with the first: leave those alone)
    also, extra = rule
    param = etree.Element(f"{_R}param", name="pattern")
    param.text = also
    data.insert(0, param)
    if extra is None:
        return data
    leap = etree.Element(f"{_R}data", type="token")
    etree.SubElement(leap, f"{_R}param", name="pattern").text = extra
    choice = etree.Element(f"{_R}choice")
    choice.extend([data, leap])
    return choice
