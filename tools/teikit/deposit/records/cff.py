"""The CITATION.cff record (Citation File Format 1.2.0) of an edition, from its teiHeader."""

from __future__ import annotations

import json
from collections.abc import Iterable

from teikit.deposit.metadata import EditionMetadata, bare_doi


def _yaml_str(value: str) -> str:
    """A YAML double-quoted scalar (JSON string syntax is valid YAML and escapes everything that needs it)."""
    return json.dumps(value, ensure_ascii=False)


def citation_cff(meta: EditionMetadata) -> str:
    """A CITATION.cff (Citation File Format 1.2.0) for the edition."""
    lines = [
        "# Citation File Format 1.2.0, derived by teikit from the edition's teiHeader.",
        "cff-version: 1.2.0",
        f"message: {_yaml_str('If you use this edition, please cite it as below.')}",
        "type: dataset",
        f"title: {_yaml_str(meta.title)}",
        "authors:",
    ]
    for a in meta.authors:
        if a.given:
            lines += [f"  - family-names: {_yaml_str(a.family)}", f"    given-names: {_yaml_str(a.given)}"]
        else:
            lines += [f"  - name: {_yaml_str(a.name)}"]
    if len(meta.date) == 10:  # CFF wants a full date (YYYY-MM-DD)
        lines.append(f"date-released: {_yaml_str(meta.date)}")
    if meta.licence_spdx:
        lines.append(f"license: {meta.licence_spdx}")
    if meta.licence_url:
        lines.append(f"license-url: {_yaml_str(meta.licence_url)}")
    if meta.doi:
        lines.append(f"doi: {_yaml_str(meta.doi)}")
    if meta.identifiers:
        lines.append("identifiers:")
        for kind, value in meta.identifiers:
            cff_type = {"doi": "doi", "uri": "url", "url": "url"}.get(kind.lower(), "other")
            value = bare_doi(value) if cff_type == "doi" else value  # CFF's doi pattern refuses a resolver URL
            lines += [f"  - type: {cff_type}", f"    value: {_yaml_str(value)}"]
            if cff_type == "other":
                lines.append(f"    description: {_yaml_str(kind)}")
    abstract = f"TEI P5 edition published by {meta.publisher}. Source edition: {meta.source}"
    lines.append(f"abstract: {_yaml_str(abstract)}")
    return "\n".join(lines) + "\n"


def citation_cff_bytes(meta: EditionMetadata, formats: Iterable[str]) -> bytes:
    """The CITATION.cff file in UTF-8 (CFF lists no formats: `formats` is taken for the common record signature)."""
    return citation_cff(meta).encode("utf-8")
