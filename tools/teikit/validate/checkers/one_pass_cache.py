"""The one-pass stylesheets of Schematron schemas, kept in teikit's cache (`cache_dir()/schematron/`) between runs.

Generating a stylesheet takes about 20 ms for the project's schema (a sixth of validating the edition), compiling
it with libxslt 4-6 ms; a run that finds the stylesheet kept pays only the second. An entry is keyed by the expanded
schema and by the compiler's own source, so that a changed schema or a changed teikit never finds a stale one. It
holds JSON, not pickles: the stylesheet, and what its findings refer to.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

from lxml import etree

from teikit import outputs
from teikit.cachedir import cache_dir
from teikit.validate.checkers import schematron_one_pass, xpath_rewrite
from teikit.validate.checkers.schematron_one_pass import Check, Compiled, OnePass, Unsupported
from teikit.validate.checkers.schematron_xpath2 import queries, sieve

FOLDER = "schematron"


def cached_one_pass(expanded: etree._ElementTree) -> OnePass:
    """The one pass of an expanded schema (schematron_one_pass.expand): kept, or compiled and kept; raises
    Unsupported for a schema the compiler does not know."""
    key = hashlib.sha256(_compiler() + etree.tostring(expanded)).hexdigest()
    entry = cache_dir() / FOLDER / f"{key[:32]}.json"
    kept = _read(entry)
    if kept is not None:
        try:
            return schematron_one_pass.load_one_pass(kept)
        except Unsupported:
            pass  # a damaged entry: compiled again, and replaced
    compiled = schematron_one_pass.generate_one_pass(expanded)
    one_pass = schematron_one_pass.load_one_pass(compiled)
    _write(entry, compiled)
    return one_pass


@cache
def _compiler() -> bytes:
    """A digest of the modules whose code decides what a stylesheet holds, and of lxml's version."""
    digest = hashlib.sha256(repr(etree.LXML_VERSION + etree.LIBXSLT_VERSION).encode())
    for module in (schematron_one_pass, xpath_rewrite, queries, sieve):
        digest.update(Path(module.__file__).read_bytes())
    return digest.digest()


def _read(entry: Path) -> Compiled | None:
    try:
        data = json.loads(entry.read_bytes())
        return Compiled(data["stylesheet"].encode("utf-8"), tuple(Check(rule, severity) for rule, severity in
                        data["checks"]), dict(data["namespaces"]), dict(data["sets"]), tuple(data["scans"]))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # absent, unreadable or damaged: compiled again


def _write(entry: Path, compiled: Compiled) -> None:
    data = {"stylesheet": compiled.stylesheet.decode("utf-8"),
            "checks": [[check.rule, check.severity] for check in compiled.checks],
            "namespaces": compiled.namespaces, "sets": compiled.sets, "scans": list(compiled.scans)}
    try:
        outputs.write_cache(entry, json.dumps(data, ensure_ascii=False))  # (which makes the folder)
    except OSError:
        pass  # the cache only saves time: a read-only home must not stop validation
