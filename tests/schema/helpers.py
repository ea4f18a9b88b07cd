"""What the schema tests share: where the ODD, the schemas and the fixtures are, and how a fixture marks the
lines where a rule must fire."""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from conftest import FIXTURES, ROOT

ODD = ROOT / "schema" / "teikit.odd"
SCHEMA_DIR = ROOT / "schema"
EDITION = ROOT / "tei" / "foundations-of-leninism-ch4.xml"
SVRL = "{http://purl.oclc.org/dsdl/svrl}"
VALID = sorted((FIXTURES / "valid").glob("*.xml"))
INVALID = sorted((FIXTURES / "invalid").glob("*.xml"))
RULE_FIXTURES = [p for p in INVALID if not p.stem.startswith("grammar-")]
GRAMMAR_FIXTURES = [p for p in INVALID if p.stem.startswith("grammar-")]
# A fixture marks each line where an error must be reported: `<!-- expect: RULE -->` at the end of the line.
EXPECT = re.compile(r"<!-- expect: ([\w-]+) -->")


def expected_lines(path: Path) -> dict[int, str]:
    return {n: m.group(1) for n, line in enumerate(path.read_text("utf-8").splitlines(), 1)
            if (m := EXPECT.search(line))}


def schematron_findings(sch, tree) -> list[tuple[str, int, str]]:
    """(rule id, line, message) of every failed assertion, the line found from the SVRL location."""
    sch.validate(tree)
    found = []
    for failed in sch.validation_report.iter(f"{SVRL}failed-assert", f"{SVRL}successful-report"):
        nodes = tree.xpath(failed.get("location"))
        assert nodes, f"SVRL location {failed.get('location')} selects nothing"
        node = nodes[0]
        element = node if isinstance(node, etree._Element) else node.getparent()
        found.append((failed.get("id"), element.sourceline, " ".join("".join(failed.itertext()).split())))
    return found
