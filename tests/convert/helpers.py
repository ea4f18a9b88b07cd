"""What the convert tests share: the fixtures' folder, the edition, and shortcuts to convert and query."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from conftest import FIXTURES, ROOT
from teikit.convert import convert
from teikit.xmlio import parse_bytes

NS = {"t": "http://www.tei-c.org/ns/1.0"}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
CONV = FIXTURES / "convert"
SOURCE = ROOT / "tei" / "src" / "foundations-of-leninism-ch4.txt"
EDITION = ROOT / "tei" / "foundations-of-leninism-ch4.xml"
MARKDOWN_HEADER = (CONV / "markdown.header.toml").read_text(encoding="utf-8")


def tei(path: Path) -> tuple[etree._Element, list]:
    result = convert(path)
    return parse_bytes(result.data, str(path)).getroot(), list(result.findings)


def xp(root: etree._Element, query: str) -> list:
    return root.xpath(query, namespaces=NS)


def rules(findings: list, severity: str = "warning") -> list[str]:
    return [f.rule for f in findings if f.severity == severity]


def copy_alone(name: str, tmp_path: Path, transform=None) -> Path:
    """The fixture transcription without its editorial data, optionally rewritten."""
    target = tmp_path / name
    data = (CONV / name).read_bytes()
    target.write_bytes(transform(data) if transform else data)
    return target
