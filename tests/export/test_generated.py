"""Every word kept, over generated documents (hypothesis): in the plain text, in the page as a reader sees it and in
the EPUB, in both views. The example count is fixed (the "teikit" settings profile in tests/conftest.py)."""

from __future__ import annotations

from hypothesis import given

from teikit import export
from teikit.export import ExportOptions
from teikit.xmlio import parse_bytes

from .generated import document
from .helpers import (
    epub_text,
    expected_words,
    html_view_text,
    missing_words,
    note_labels,
    page_problems,
    plain_text_words,
)


@given(document())
def test_generated_documents_keep_every_word_in_text_page_and_epub(source):
    tree = parse_bytes(source, "generated.xml")
    page = export.export_tree(tree, ExportOptions(target="html"))
    assert not page_problems(page)
    labels = note_labels(tree)
    for view in ("reading", "diplomatic"):
        text = export.export_tree(tree, ExportOptions(target="text", view=view))
        missing = missing_words(expected_words(tree, view, labels=labels), plain_text_words(text, labels))
        assert not missing, f"{view} text lacks {dict(missing)}"
        missing = missing_words(expected_words(tree, view), html_view_text(page, view))
        assert not missing, f"{view} page lacks {dict(missing)}"
        book = export.export_tree(tree, ExportOptions(target="epub", view=view))
        missing = missing_words(expected_words(tree, view, labels=labels), plain_text_words(epub_text(book), labels))
        assert not missing, f"{view} EPUB lacks {dict(missing)}"
