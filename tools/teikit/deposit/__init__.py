"""Archival deposit (`teikit deposit`): a BagIt bag (RFC 8493) of an edition that meets a BagIt profile and carries
RO-Crate metadata, a reproducible zip of it, Dublin Core, DataCite and CITATION.cff records derived from the
teiHeader, and on request the next version of the edition's OCFL object; and the check of an existing bag or OCFL
object.

The bag, its manifests and its validation are the `bagit` library's; the profile check is `bagit-profile`'s, the
RO-Crate metadata `rocrate`'s, the OCFL object `ocfl-py`'s. One module per step: metadata (reading the teiHeader),
config (deposit.toml), payload (which files), profiles (BagIt profiles), bag (bagit, made reproducible), archive
(the zip), records/ (one per format, and the RO-Crate), ocfl (versions), build (validate, then all of these for
each edition, staged and moved into place by teikit.outputs), verify (checking a bag) and command (what the CLI
prints).
The CLI calls `run_deposit` and `run_verify`. Importing the package imports none of the libraries above (each is
imported where it is used): a deposit forks its validation first (build.deposit).
"""

import importlib

from teikit.deposit.build import Deposit, DepositOptions, InvalidDocument, OcflTarget, build_deposit, deposit
from teikit.deposit.command import deposit_options, run_deposit, run_verify
from teikit.deposit.config import Settings, bag_info_options
from teikit.deposit.metadata import EditionMetadata, Person, read_metadata
from teikit.deposit.payload import PayloadFile, Sources, collect_payload
from teikit.deposit.profiles import CHECKSUMS, BagProfile, load_profile
from teikit.deposit.reproducible import source_date_epoch


def __getattr__(name: str):
    """`verify` and `BagReport`, imported when first asked for: with bagit, which a deposit imports only once its
    validation is forked (build.deposit)."""
    if name in ("verify", "BagReport"):
        module = importlib.import_module("teikit.deposit.verify")  # (which sets the package's `verify` to itself)
        globals().update(verify=module.verify, BagReport=module.BagReport)
        return globals()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "CHECKSUMS", "BagProfile", "BagReport", "Deposit", "DepositOptions", "EditionMetadata", "InvalidDocument",
    "OcflTarget", "PayloadFile", "Person", "Settings", "Sources", "bag_info_options", "build_deposit",
    "collect_payload", "deposit", "deposit_options", "load_profile", "read_metadata", "run_deposit", "run_verify",
    "source_date_epoch", "verify",
]
