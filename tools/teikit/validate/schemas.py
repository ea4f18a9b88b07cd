"""Which schemas a validation uses: the project's own (package data), a user's, and where TEI All is found."""

from __future__ import annotations

from pathlib import Path

from teikit import xmlio
from teikit.cachedir import cache_dir, named_file
from teikit.errors import TeikitError
from teikit.validate.checkers import schema_kind

# The project's schemas, generated from schema/teikit.odd, in the order they run: the package's data/schema, a link
# to the repository's schema/ folder that a wheel carries as files. (A plain path, not importlib.resources: teikit
# is installed as files.)
PACKAGE_SCHEMAS = Path(__file__).resolve().parents[1] / "data" / "schema"
DEFAULT_SCHEMAS = (("rng", "teikit.rng"), ("xsd", "teikit.xsd"), ("schematron", "teikit.sch"))

TEI_ALL_ENV = "TEIKIT_TEI_ALL"
TEI_ALL_URL = "https://tei-c.org/release/xml/tei/custom/schema/relaxng/tei_all.rng"


def default_schemas() -> list[tuple[str, Path]]:
    """(kind, path) of the project's RELAX NG, XML Schema and Schematron; a missing one is an error."""
    folder = PACKAGE_SCHEMAS
    found = []
    for kind, name in DEFAULT_SCHEMAS:
        path = folder / name
        if not path.is_file():
            raise TeikitError(
                f"the project's schema {name} is missing from teikit's package data ({folder}): "
                "run 'make schema' in the teikit repository, or name schemas with --schema FILE",
            )
        found.append((kind, path))
    return found


def user_schemas(paths: list[str]) -> list[tuple[str, Path]]:
    """(kind, path) of each schema named with --schema, its kind chosen by suffix or root element."""
    chosen = []
    for text in paths:
        path = Path(text)
        if not path.is_file():
            raise TeikitError("no such schema file", path)
        chosen.append((schema_kind(path), path))
    return chosen


def find_tei_all(given: str | None = None) -> Path:
    """tei_all.rng: the path given, else $TEIKIT_TEI_ALL, else the copy cached the first time a path was given."""
    path = named_file(given, TEI_ALL_ENV, "no such TEI All schema file (give the path of tei_all.rng)")
    if path is not None:
        if given:
            _remember_tei_all(path)
        return path
    cached = cache_dir() / "tei_all.rng"
    if cached.is_file():
        return cached
    raise TeikitError(
        f"--tei-all needs tei_all.rng: download it from {TEI_ALL_URL} and give its path once "
        f"(--tei-all PATH; teikit keeps a copy in {cache_dir()}), or set ${TEI_ALL_ENV} to it"
    )


def _remember_tei_all(path: Path) -> None:
    """Keep a copy in the cache folder so that later runs find TEI All without being told where it is."""
    try:
        data = path.read_bytes()
    except OSError:
        return
    if b"<include" in data or b"externalRef" in data:
        return  # a schema that pulls in other files by relative path would break once copied alone
    xmlio.keep_copy(path, cache_dir() / "tei_all.rng", data=data)
