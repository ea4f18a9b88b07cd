"""The customisation is a subset of TEI: what teikit allows, TEI All allows (grammar and constraints)."""

from __future__ import annotations

import pytest
from lxml import etree

from conftest import ROOT, run_cli, shared_path
from teikit.xmlio import parse_file

from .helpers import EDITION, ODD, VALID


@pytest.mark.slow
@pytest.mark.parametrize("path", [ODD, EDITION, *VALID], ids=lambda p: p.name)
def test_documents_valid_against_teikit_are_valid_tei_all(path, tei_all, rng):
    if not path.exists():
        pytest.skip(f"{path.relative_to(ROOT)} is not built yet (the converter lands it on main)")
    tree = parse_file(path)
    if path != ODD:
        assert rng.validate(tree)
    assert tei_all.validate(tree), str(tei_all.error_log)


def test_documents_valid_against_teikit_meet_tei_alls_own_schematron_constraints(tmp_path):
    # TEI All is its grammar and the Schematron constraints of its specifications (att.datable.w3c, ...):
    # `teikit validate --tei-all` runs both.
    documents = [str(p) for p in (EDITION, *VALID) if p.exists()]
    result = run_cli(
        "validate", "--tei-all", str(shared_path("tei", "tei_all.rng")), *documents,
        env={"TEIKIT_CACHE_DIR": str(tmp_path)},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{len(documents)} files checked" in result.stdout and f"{len(documents)} valid" in result.stdout


@pytest.mark.slow
def test_odd_allows_only_children_and_attributes_that_tei_all_allows(odd, tei_all_tree):
    from teikit.schema.manual import _refs

    rng_ns = "{http://relaxng.org/ns/structure/1.0}"
    defines: dict[str, list] = {}
    for d in tei_all_tree.getroot().iter(f"{rng_ns}define"):
        defines.setdefault(d.get("name"), []).append(d)

    def reachable(node, want: str, seen: set) -> set[str]:
        out: set[str] = set()
        for child in node.iterchildren(f"{rng_ns}*"):
            tag = etree.QName(child).localname
            if tag == "ref" and child.get("name") not in seen:
                seen.add(child.get("name"))
                for d in defines.get(child.get("name"), []):
                    el = d.find(f"{rng_ns}element")
                    if el is None:
                        out |= reachable(d, want, seen)
                    elif want == "element":
                        out.add(el.get("name"))
            elif tag in ("element", "attribute"):
                if tag == want:
                    out.add(child.get("name"))
            else:
                out |= reachable(child, want, seen)
        return out

    problems = []
    for el in odd.elements:
        tei = next((d.find(f"{rng_ns}element") for d in defines.get(el.ident, [])
                    if d.find(f"{rng_ns}element") is not None), None)
        if tei is None:
            problems.append(f"<{el.ident}> is not a TEI element")
            continue
        extra = _refs(el.content, odd) - reachable(tei, "element", set())
        extra_atts = {a.ident for a in el.attributes} - reachable(tei, "attribute", set())
        if extra or extra_atts:
            problems.append(f"<{el.ident}>: {sorted(extra)} {sorted(extra_atts)}")
    assert problems == []
