"""The metadata records written beside the bag, one module each; adding a record is one module and one line below.

Every record is derived from the EditionMetadata and is deterministic: same header, same bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from teikit.deposit.metadata import EditionMetadata
from teikit.deposit.records.cff import citation_cff_bytes
from teikit.deposit.records.datacite import datacite_json
from teikit.deposit.records.dublin_core import dublin_core


@dataclass(frozen=True)
class Record:
    """One kind of record: its label in the command's output, its file's name after the stem, and its writer."""

    label: str
    suffix: str  # the record of <stem>.xml is written to <stem>.<suffix>
    render: Callable[[EditionMetadata, Iterable[str]], bytes]  # (metadata, the payload's media types) -> bytes


RECORDS = (
    Record("DC", "oai_dc.xml", dublin_core),
    Record("DataCite", "datacite.json", datacite_json),
    Record("CFF", "CITATION.cff", citation_cff_bytes),
)
