"""What the deposit tests share: the sample project's names, making a deposit of it, and reading what was written."""

from __future__ import annotations

from pathlib import Path

from conftest import FIXTURES, run_cli
from teikit import deposit
from teikit.xmlio import parse_file

FIX = FIXTURES / "deposit"
STEM = "sample-edition"
EPOCH = "1700000000"  # 2023-11-14T22:13:20Z
DC = "{http://purl.org/dc/elements/1.1/}"
TITLE = "The Dictatorship of the Proletariat (The Foundations of Leninism, ch. IV): TEI edition"
LICENCE = "https://creativecommons.org/licenses/by/4.0/"
PAYLOAD = [
    "data/README.txt",
    "data/exports/sample-edition.html",
    "data/exports/sample-edition.txt",
    "data/ro-crate-metadata.json",
    "data/schema/teikit.odd",
    "data/schema/teikit.rng",
    "data/schema/teikit.sch",
    "data/schema/teikit.xsd",
    "data/schema/xml.xsd",
    "data/tei/sample-edition.xml",
    "data/tei/src/corrections.toml",
    "data/tei/src/sample-edition.txt",
]


def make(project: Path, out: Path, *args: str, epoch: str | None = EPOCH):
    env = {"SOURCE_DATE_EPOCH": epoch} if epoch is not None else {}
    return run_cli("deposit", str(project / "tei" / f"{STEM}.xml"), "-o", str(out), *args, cwd=project, env=env)


def tree_bytes(folder: Path) -> dict[str, tuple[bytes, int, int]]:
    """Every file and folder under `folder`: content, permission bits and modification time."""
    found = {}
    for path in sorted(folder.rglob("*")):
        stat = path.stat()
        content = path.read_bytes() if path.is_file() else b"<dir>"
        found[path.relative_to(folder).as_posix()] = (content, stat.st_mode, int(stat.st_mtime))
    return found


def payload_of(bag: Path) -> list[str]:
    return sorted(p.relative_to(bag).as_posix() for p in (bag / "data").rglob("*") if p.is_file())


def build_sample(project: Path, out: Path, force: bool = False) -> deposit.Deposit:
    tei = project / "tei" / f"{STEM}.xml"
    meta = deposit.read_metadata(parse_file(tei), tei)
    payload = deposit.collect_payload(tei, deposit.Sources())
    return deposit.build_deposit(tei, out, meta, payload, force=force, epoch=int(EPOCH))
