"""Pruned TEI All grammars kept on disk, in `cachedir()/tei-all/`, each beside the name set it was pruned for;
and the Schematron constraints extracted from tei_all.rng (parsing its 1 MB again costs 30 ms)."""

from __future__ import annotations

import copy
import hashlib
import tempfile
from pathlib import Path

from lxml import etree

from teikit import __version__
from teikit.cachedir import cache_dir
from teikit.outputs import atomic_write, write_cache
from teikit.validate.checkers.tei_all.grammar import covers
from teikit.xmlio import SCH_NS, parse_bytes

# What a grammar pruned for given names holds: bump it when the pruning or the datatype patches change, so that
# grammars cached by an earlier version of the code are not reused (a new teikit version is a new key too).
GRAMMAR_FORMAT = 1


class GrammarCache:
    """The cached grammars pruned from one tei_all.rng (`rng_digest`: the SHA-256 of its bytes)."""

    def __init__(self, rng_digest: str) -> None:
        self.folder = cache_dir() / "tei-all"
        self.stamp = f"teikit {__version__} grammar {GRAMMAR_FORMAT} tei_all {rng_digest}"

    def path(self, names: frozenset[str]) -> Path:
        """Where the grammar pruned for exactly `names` is kept."""
        key = hashlib.sha256("\n".join([self.stamp, *sorted(names)]).encode("utf-8")).hexdigest()
        return self.folder / f"{key[:40]}.rng"

    def find(self, wanted: frozenset[str]) -> tuple[Path, frozenset[str]] | None:
        """The grammar pruned for `wanted`, else the smallest one pruned for a superset of it (batches split
        differently from one run to the next, so their exact name sets rarely repeat), with its names."""
        exact = self.path(wanted)
        if exact.is_file():
            return exact, wanted
        best = None
        for names_file in self.folder.glob("*.names") if self.folder.is_dir() else ():
            try:
                stamp, *names = names_file.read_text(encoding="utf-8").splitlines()
            except (OSError, ValueError, UnicodeDecodeError):
                continue
            rng = names_file.with_suffix(".rng")
            if stamp == self.stamp and covers(set(names), wanted) and rng.is_file():
                if best is None or len(names) < len(best[1]):
                    best = (rng, frozenset(names))
        return best

    def store(self, names: frozenset[str], grammar: bytes) -> None:
        """Keep `grammar`, pruned for `names`; a cache that cannot be written only costs speed."""
        path = self.path(names)
        try:
            write_cache(path, grammar)
            write_cache(path.with_suffix(".names"), "\n".join([self.stamp, *sorted(names)]) + "\n")
        except OSError:
            pass


def constraints_file(rng_data: bytes, rng_digest: str, name: str) -> Path:
    """A Schematron file of the constraints embedded in tei_all.rng, extracted once into the cache (or, when the
    cache cannot be written, into a temporary folder)."""
    path = cache_dir() / "tei-all" / f"{rng_digest[:40]}-constraints.sch"
    if not path.is_file():
        data = extract_schematron(rng_data, name)
        try:
            write_cache(path, data)
        except OSError:
            path = Path(tempfile.mkdtemp(prefix="teikit-")) / "constraints.sch"
            atomic_write(path, data, record=False)
    return path


def extract_schematron(data: bytes, name: str) -> bytes:
    """The Schematron embedded in a RELAX NG schema (its sch:ns and sch:pattern), as one ISO Schematron schema."""
    root = parse_bytes(data, name).getroot()
    schema = etree.Element(f"{{{SCH_NS}}}schema", queryBinding="xslt2", nsmap={"sch": SCH_NS})
    for child in root.iter(f"{{{SCH_NS}}}ns", f"{{{SCH_NS}}}pattern"):
        schema.append(copy.deepcopy(child))
    return etree.tostring(schema, encoding="utf-8", xml_declaration=True)
