"""The XPath 1 rewrites of the one-pass Schematron keep every expression's value (generated strings), and what
they touch."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from teikit.validate.checkers.xpath_rewrite import among, document_strings, from_root, prefiltered, scanned

EXAMPLES = settings(max_examples=300, deadline=None, derandomize=True, database=None)
# Few characters, so that generated strings often contain, or nearly contain, what is looked for.
ALPHABET = "ab[]0 1\t-éA"
text = st.text(ALPHABET, max_size=12)
literal = st.text(ALPHABET.replace("\t", ""), max_size=4)


def _value(expr: str, content: str) -> bool:
    element = etree.Element("e")
    element.text = content
    return etree.XPath(expr)(element)


@EXAMPLES
@given(content=text, source=literal, target=literal, wanted=literal.filter(bool),
       function=st.sampled_from(["contains", "starts-with"]), subject=st.sampled_from([".", "normalize-space(.)"]))
def test_a_prefiltered_string_test_has_the_same_value(content, source, target, wanted, function, subject):
    expr = f"{function}(translate({subject}, '{source}', '{target}'), '{wanted}')"
    assert _value(prefiltered(expr), content) == _value(expr, content)


def test_what_is_prefiltered():
    label = "contains(translate(., '0123456789', '0000000000'), '[0]')"
    expected = f"not(text()[((contains(., '[')) and (contains(., ']')) and {label})])"
    assert prefiltered(f"not(text()[{label}])") == expected
    page = "starts-with(translate(normalize-space(.), 'PAGE', 'page'), 'page ')"
    assert prefiltered(page) == (
        f"((starts-with(normalize-space(.), 'P') or starts-with(normalize-space(.), 'p')) and {page})"
    )
    # Nothing cheaper to test first: every letter becomes x; a literal inside a string is left alone.
    spaced = f"contains(concat(' ', translate(., 'abcdefghijklmnopqrstuvwxyz', '{'x' * 26}'), ' '), ' x ')"
    assert prefiltered(spaced) == spaced
    quoted = "'contains(translate(., \"a\", \"b\"), \"[\")'"
    assert prefiltered(quoted) == quoted


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("not($ids = substring(., 2))", "not(teikit:among('ids', substring(., 2)))"),
        ("$ids = 'a' and $ids=@n", "teikit:among('ids', 'a') and teikit:among('ids', @n)"),
        ("$ids = .", "teikit:among('ids', .)"),
        ("$ids != 'a'", "$ids != 'a'"),  # not the same as not(=)
        ("$ids = 3", "$ids = 3"),  # numbers compare as numbers
        ("$ids = ../@n", "$ids = ../@n"),  # (a path that the rewrite does not read)
        ("$ids = substring(., 2) + 1", "$ids = substring(., 2) + 1"),
        ("$other = 'a'", "$other = 'a'"),
        ("'$ids = 1'", "'$ids = 1'"),
    ],
)
def test_what_is_compared_through_a_set(expr, expected):
    assert among(expr, {"ids"}) == expected


def test_which_lets_are_paths_from_the_root():
    assert from_root("//@xml:id") and from_root("//tei:person/@xml:id | //tei:personGrp/@xml:id")
    assert from_root("//tei:note[@place = 'end']/@xml:id")
    assert not from_root("//tei:pb[1]/@n") and not from_root("$x//@n") and not from_root("tei:p/@n")
    assert not from_root("count(//tei:p)") and not from_root("")


@EXAMPLES
@given(texts=st.lists(text, min_size=1, max_size=3), value=text, source=literal, target=literal,
       wanted=literal.filter(bool), before=st.sampled_from(["", " ", "a"]), after=st.sampled_from(["", " ", "]"]))
def test_a_scanned_string_test_has_the_same_value(texts, value, source, target, wanted, before, after):
    """Over an element's string value, each of its text nodes and its attribute, in a document whose other strings
    are elsewhere: the rewritten test, with its parameter found by searching the document's strings, has the same
    value as the original on every node."""
    haystack = f"translate(., '{source}', '{target}')"
    if before or after:
        haystack = f"concat('{before}', {haystack}, '{after}')"
    expr = f"contains({haystack}, '{wanted}')"
    scans: list[str] = []
    rewritten = scanned(expr, scans)
    root = etree.Element("r")
    element = etree.SubElement(root, "e", n=value)
    element.text = texts[0]
    for more in texts[1:]:  # text nodes of their own, between children
        etree.SubElement(element, "c").tail = more
    etree.SubElement(root, "x").text = "b 1 [0]"  # another element's text, in the document's strings too
    strings = document_strings(etree.ElementTree(root))
    found = {f"teikit-scan-{i}": bool(re.search(p, strings)) for i, p in enumerate(scans)}
    selects = ["self::node()", "@n", *(f"text()[{i}]" for i in range(1, len(element.xpath("text()")) + 1))]
    for select in selects:
        original = element.xpath(f"boolean({select}[{expr}])")
        assert element.xpath(f"boolean({select}[{rewritten}])", **found) == original, select


def test_what_is_scanned():
    spaced = f"contains(concat(' ', translate(., 'abcdefghijklmnopqrstuvwxyz', '{'x' * 26}'), ' '), ' x x ')"
    scans: list[str] = []
    assert scanned(f"not(text()[{spaced}])", scans) == f"not(text()[($teikit-scan-0 and {spaced})])"
    letter = "[" + "abcdefghijklmnopqrstuvwxyz" + "]"
    assert scans == [f"{letter}\\ {letter}"]
    # What prefiltered rewrites, a string that may come from elsewhere than the document, a removed character:
    # left alone.
    for alone in ("contains(translate(., '0123456789', '0000000000'), '[0]')",
                  "str:tokenize(@n)[contains(translate(., 'ab', 'xx'), 'x')]",
                  "contains(translate(., 'abc', 'x'), 'x')",
                  "contains(translate(@n, 'ab', 'xx'), 'x')"):
        assert scanned(alone, scans) == alone
    assert len(scans) == 1
    # The strings searched: the text, attribute values, comments and processing instructions, also around the root.
    prolog = etree.ElementTree(etree.fromstring("<!-- a b --><?pi c d?><r n='e f'><!-- g h -->i j</r>"))
    assert sorted(document_strings(prolog).split("\x00")) == sorted(["i j", "e f", " g h ", " a b ", "c d"])
