"""Archival deposit (`teikit deposit`): a BagIt bag (RFC 8493) of an edition, a reproducible zip of it, and Dublin
Core, DataCite and CITATION.cff records derived from the teiHeader; and the check of an existing bag.

The bag, its manifests and its validation are the `bagit` library's. One module per step: metadata (reading the
teiHeader), payload (which files), bag (bagit, made reproducible), archive (the zip), records/ (one per format),
place (moving the outputs into place), build (validate, then all of these for each edition), verify (checking a bag)
and command (what the CLI prints). The CLI calls `run_deposit` and `run_verify`.
"""

import logging

from teikit.deposit.bag import CHECKSUMS
from teikit.deposit.build import Deposit, InvalidDocument, build_deposit, deposit
from teikit.deposit.command import run_deposit, run_verify
from teikit.deposit.metadata import EditionMetadata, Person, read_metadata
from teikit.deposit.payload import PayloadFile, Sources, collect_payload
from teikit.deposit.reproducible import source_date_epoch
from teikit.deposit.verify import BagReport, verify

# bagit logs every step, and logs a traceback when make_bag fails; teikit reports errors itself, once.
logging.getLogger("bagit").addHandler(logging.NullHandler())

__all__ = [
    "CHECKSUMS", "BagReport", "Deposit", "EditionMetadata", "InvalidDocument", "PayloadFile", "Person", "Sources",
    "build_deposit", "collect_payload", "deposit", "read_metadata", "run_deposit", "run_verify", "source_date_epoch",
    "verify",
]
