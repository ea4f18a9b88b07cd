"""A document's names, in one pass, cached by the SHA-256 of its bytes, and hashed only when TEI All runs."""

from __future__ import annotations

import hashlib

import pytest

from teikit.validate import names
from teikit.validate.names import cached_document_names, document_names, split_names
from teikit.xmlio import load_file

from .helpers import TEIALL_FIXTURES


def test_document_names_are_cached_by_content(tmp_path, monkeypatch):
    monkeypatch.setenv("TEIKIT_CACHE_DIR", str(tmp_path))
    path = TEIALL_FIXTURES / "valid-nested-structure.xml"
    tree, data = load_file(path)
    digest = hashlib.sha256(data).hexdigest()
    first = cached_document_names(tree, digest)
    assert first == document_names(tree)
    elements = {el.tag for el in tree.iter() if isinstance(el.tag, str)}
    attributes = {a for el in tree.iter() if isinstance(el.tag, str) for a in el.attrib}
    assert split_names(first) == (elements, attributes)  # what the Schematron runner is given
    entry = tmp_path / "names" / digest[:2] / digest[2:40]
    assert entry.read_text().splitlines()[0] == names.NAMES_HEADER
    # the same bytes again: the list is read back, the document is not walked
    monkeypatch.setattr(names, "document_names", lambda tree: pytest.fail("walked the document"))
    assert cached_document_names(tree, digest) == first
    # an entry cut short (a crash while writing) is not trusted
    entry.write_text(entry.read_text().rsplit("\n", 2)[0])
    monkeypatch.undo()
    monkeypatch.setenv("TEIKIT_CACHE_DIR", str(tmp_path))
    assert cached_document_names(tree, digest) == first
    assert entry.read_text().endswith("\nend")


def test_validate_caches_names_only_for_tei_all(tei_all_rng, tmp_path, monkeypatch):
    from teikit.validate.run import validate_paths

    monkeypatch.setenv("TEIKIT_CACHE_DIR", str(tmp_path))
    path = TEIALL_FIXTURES / "valid-nested-structure.xml"
    validate_paths([path])  # the project's schemas: nothing hashed, nothing cached by content
    assert not (tmp_path / "names").exists()
    assert validate_paths([path], tei_all=tei_all_rng) == []
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert (tmp_path / "names" / digest[:2] / digest[2:40]).is_file()
