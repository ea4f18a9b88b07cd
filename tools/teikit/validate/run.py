"""Validate files: choose the checks, load each document, run every checker, gather findings per file.

`check_files(checks, paths)` is the unit of work for one batch of files and is picklable (with
`functools.partial`), so that `teikit.parallel.run_batches` can spread batches over processes; compiled schemas are
cached per process, and compiling them in the parent before the workers fork shares them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from teikit.errors import EXIT_INVALID, EXIT_OK, EXIT_USAGE, TeikitError
from teikit.findings import Finding
from teikit.parallel import Progress, collect_paths, file_size, release_later, run_batches
from teikit.validate.checkers import DEFAULT_XSD_ENGINE, XSD_ENGINES, checker_for
from teikit.validate.document import Document, load_document
from teikit.validate.schemas import default_schemas, find_tei_all, user_schemas


@dataclass(frozen=True)
class Check:
    """One check of a validation: a kind of checker ("rng", "xsd", "schematron", "tei-all") and its schema."""

    kind: str
    schema: Path
    engine: str | None = None  # for "xsd": "libxml2" or "xmlschema"

    def __str__(self) -> str:
        return f"{self.kind} {self.schema}"


@dataclass(frozen=True)
class FileResult:
    """What the checks found in one file. `by_check` has one entry per check, in the order the checks ran."""

    file: str
    # Empty, or the one finding that stopped its reading: `well-formed`, or `input`/`security` (see UNREADABLE).
    well_formed: tuple[Finding, ...]
    by_check: tuple[tuple[Finding, ...], ...]
    position: int | None = None  # in the whole run's files, when this run checked one shard of them (--shard)

    @property
    def findings(self) -> list[Finding]:
        return sorted([*self.well_formed, *(f for found in self.by_check for f in found)])

    def checks_of(self) -> list[int | None]:
        """For each of `findings`, the index of the check that made it (None for the well-formedness finding)."""
        made = {f: i for i, found in enumerate(self.by_check) for f in found}
        return [made.get(f) for f in self.findings]

    @property
    def parsed(self) -> bool:
        return not self.well_formed

    @property
    def valid(self) -> bool:
        return not any(f.severity == "error" for f in self.findings)

    @property
    def unreadable(self) -> bool:
        """Whether the file could not be read as a document at all (an input error, not an invalid document)."""
        return any(f.rule in UNREADABLE for f in self.well_formed)

    @property
    def exit_code(self) -> int:
        """0 valid, 1 invalid (well-formedness included), 2 unreadable."""
        return EXIT_USAGE if self.unreadable else EXIT_OK if self.valid else EXIT_INVALID


# The rules of the findings about a file that could not be read as a document at all (exit 2, not 1).
UNREADABLE = ("input", "security")


def plan_checks(
    schemas: Sequence[str | Path] = (), tei_all: str | Path | bool | None = None, xsd_engine: str | None = None
) -> tuple[Check, ...]:
    """The checks to run: the schemas named and TEI All if asked, or else the project's RNG, XSD and Schematron.

    `tei_all` is a path to tei_all.rng, or True to find it ($TEIKIT_TEI_ALL, then the cached copy).
    `xsd_engine` is "libxml2" (the default) or "xmlschema".
    """
    engine = xsd_engine or DEFAULT_XSD_ENGINE
    if engine not in XSD_ENGINES:
        raise TeikitError(f"unknown XML Schema engine {engine!r}: choose {' or '.join(XSD_ENGINES)}")
    chosen = user_schemas([str(s) for s in schemas])
    if tei_all:
        chosen.append(("tei-all", find_tei_all(None if tei_all is True else str(tei_all))))
    if not chosen:
        chosen = default_schemas()
    return tuple(Check(kind, path, engine if kind == "xsd" else None) for kind, path in chosen)


def check_files(checks: Sequence[Check], paths: Sequence[Path]) -> list[FileResult]:
    """Run every check over one batch of files; one result per path, in order."""
    checkers = [checker_for(check.kind, check.schema, check.engine) for check in checks]
    docs: list[Document] = []
    broken: dict[str, Finding] = {}
    digest = any(check.kind == "tei-all" for check in checks)  # (only TEI All caches by content)
    for path in paths:
        loaded = load_document(path, digest)
        if isinstance(loaded, Document):
            docs.append(loaded)
        else:
            broken[loaded.file] = loaded
    found: list[dict[str, list[Finding]]] = []
    for checker in checkers:
        per_file: dict[str, list[Finding]] = {}
        for finding in checker.check_batch(docs):
            per_file.setdefault(finding.file, []).append(finding)
        found.append(per_file)
    results = []
    for path in paths:
        name = str(path)
        if name in broken:
            results.append(FileResult(name, (broken[name],), tuple(() for _ in checks)))
        else:
            results.append(FileResult(name, (), _without_repeats(per_file.get(name, []) for per_file in found)))
    release_later(docs)
    return results


def _without_repeats(groups: Iterable[list[Finding]]) -> tuple[tuple[Finding, ...], ...]:
    """Drop a finding that an earlier check (or the same one) already made at the same line with the same words."""
    seen: set[tuple[int, str]] = set()
    kept = []
    for group in groups:
        mine = []
        for finding in sorted(group):
            key = (finding.line, finding.message)
            if key not in seen:
                seen.add(key)
                mine.append(finding)
        kept.append(tuple(mine))
    return tuple(kept)


def validate(
    paths: Sequence[str | Path], checks: Sequence[Check], jobs: int = 1, progress: Progress | None = None
) -> list[FileResult]:
    """Validate files and folders (recursively, *.xml; "-" reads paths from stdin) with `checks`.

    One result per file, in the order of `paths` (folders sorted), whatever the number of worker processes; a file
    that cannot be read (missing ones included) has the finding that says why.
    """
    files = collect_paths([str(p) for p in paths], keep_missing=True)
    if not files:
        raise TeikitError(f"no .xml files found in {', '.join(str(p) for p in paths) or 'the paths given'}")
    jobs = min(jobs, len(files))
    for check in checks:  # compile now, so that a broken schema is reported once, before any document
        checker = checker_for(check.kind, check.schema, check.engine)
        if jobs > 1:
            checker.prepare()  # what every worker would build for itself, built once before they fork
    return run_batches(partial(check_files, tuple(checks)), files, jobs, progress, weight=file_size)


def validate_paths(
    paths: Sequence[str | Path],
    schemas: Sequence[str | Path] = (),
    tei_all: str | Path | bool | None = None,
    xsd_engine: str | None = None,
) -> list[Finding]:
    """Every finding about the files and folders at `paths`, de-duplicated and sorted.

    By default the project's RELAX NG, XML Schema and Schematron; with `schemas` (any .rng, .xsd, .sch) or
    `tei_all` (a path to tei_all.rng, or True to find it), only those. The documents are valid when no finding
    has severity "error" (Schematron warnings and infos do not make a document invalid).
    Raises TeikitError on an input error (missing file, not XML, not TEI, missing or broken schema).
    """
    results = validate(paths, plan_checks(schemas, tei_all, xsd_engine))
    return sorted(f for result in results for f in result.findings)
