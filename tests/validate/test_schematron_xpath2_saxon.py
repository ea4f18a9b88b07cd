"""The XPath 2 runner against Saxon HE running the same constraints (compiled by lxml's ISO skeleton), file by file."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from conftest import SHARED, shared_path
from teikit.errors import TeikitError
from teikit.validate.document import Document
from teikit.validate.locate import resolve_xpath
from teikit.xmlio import SCH_NS, parse_file

from .helpers import FIXTURES

SAXON_JAR = Path("/usr/share/java/Saxon-HE.jar")  # Debian's libsaxonhe-java, installed with jing


SVRL = "{http://purl.oclc.org/dsdl/svrl}"


def saxon(*args: str) -> None:
    subprocess.run(["java", "-cp", str(SAXON_JAR), "net.sf.saxon.Transform", *args], check=True, capture_output=True)


@pytest.mark.slow
def test_same_findings_as_saxon_on_every_fixture_and_corpus_file(constraints, tmp_path):
    """TEI's constraints compiled by lxml's ISO Schematron skeleton and run by Saxon HE (XPath 2): the same
    (constraint, line) pairs as teikit's runner, file by file."""
    if shutil.which("java") is None or not SAXON_JAR.is_file():
        pytest.skip(f"java or {SAXON_JAR} is absent (apt-get install jing brings both)")
    from lxml import isoschematron

    skeleton = Path(isoschematron.__file__).parent / "resources" / "xsl" / "iso-schematron-xslt1"
    schema = parse_file(shared_path("tei", "tei_all.isosch"))
    root = schema.getroot()
    root.set("queryBinding", "xslt")  # the XSLT 1 skeleton only accepts this; Saxon still reads XPath 2
    for ns in root.findall(f"{{{SCH_NS}}}ns[@prefix='sch']"):
        root.remove(ns)  # the skeleton binds sch itself; no rule that a TEI document can match uses it
    (tmp_path / "tei.sch").write_bytes(etree.tostring(schema))
    saxon(f"-s:{tmp_path / 'tei.sch'}", f"-xsl:{skeleton / 'iso_svrl_for_xslt1.xsl'}", f"-o:{tmp_path / 'v.xsl'}")
    docs = {}
    (tmp_path / "in").mkdir()
    for number, path in enumerate(sorted(FIXTURES.rglob("*.xml")) + sorted((SHARED / "corpora").glob("*/*.xml"))):
        try:
            tree = parse_file(path)
        except TeikitError:
            continue  # refused before validation (malformed, unsafe)
        name = f"{number:03d}.xml"
        (tmp_path / "in" / name).symlink_to(path.resolve())
        docs[name] = tree
    (tmp_path / "out").mkdir()
    saxon(f"-s:{tmp_path / 'in'}", f"-xsl:{tmp_path / 'v.xsl'}", f"-o:{tmp_path / 'out'}")  # one JVM for all
    mismatches, fired = [], 0
    for name, tree in docs.items():
        theirs, pattern = set(), None
        for el in etree.parse(str(tmp_path / "out" / name)).getroot():
            if el.tag == f"{SVRL}active-pattern":
                pattern = el.get("id")
            elif el.tag in (f"{SVRL}failed-assert", f"{SVRL}successful-report"):
                node = resolve_xpath(tree, el.get("location"))
                theirs.add((pattern, node.sourceline if node is not None else None))
        mine = {(f.rule, f.line) for f in constraints.check(Document(name, tree))}
        fired += len(mine)
        if mine != theirs:
            only = f"Saxon only {sorted(theirs - mine)}, teikit only {sorted(mine - theirs)}"
            mismatches.append(f"{tree.docinfo.URL}: {only}")
    assert not mismatches, "\n".join(mismatches)
    assert len(docs) > 60 and fired >= 4
