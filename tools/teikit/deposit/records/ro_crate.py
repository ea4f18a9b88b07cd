"""The RO-Crate metadata inside every bag (data/ro-crate-metadata.json, RO-Crate 1.1, made with the rocrate library).

It describes the payload as a dataset: each file with its role, encoding format, size and SHA-256; the author, the
publisher, the licence and the source edition from the teiHeader; teikit (with its version) as the software; and
one CreateAction for each step that derived files: convert (transcription and editorial data to the edition),
schema (the ODD to the schemas), export (the edition to each export) and deposit (the edition to the README).
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from teikit import __version__
from teikit.deposit.deferred import URLOPEN, imported_when_called, when_used, while_importing
from teikit.deposit.metadata import EditionMetadata
from teikit.deposit.reproducible import timestamp

CRATE_FILE = "ro-crate-metadata.json"
RO_CRATE_VERSION = "1.1"

# The RO-Crate 1.1 context has no term for a checksum: schema.org's sha256 (the term RO-Crate 1.3's context maps)
# is declared in a local context, as RO-Crate 1.1 allows ("Extending RO-Crate").
_EXTRA_TERMS = {"sha256": "http://schema.org/sha256"}


@dataclass(frozen=True)
class CrateFile:
    """One payload file as the crate lists it: its path under data/, what it is and its fixity."""

    name: str
    role: str  # a key of ROLES
    description: str
    media_type: str
    size: int
    sha256: str


# Each role a payload file can have: the name and definition of its DefinedTerm (linked by additionalType).
ROLES = {
    "edition": ("edition", "the TEI P5 edition, the authoritative file the others are derived from"),
    "transcription": ("source transcription", "the plain-text transcription the edition was converted from"),
    "editorial-data": ("editorial data", "editorial decisions read by the converter (corrections, names, works)"),
    "odd": ("TEI customization (ODD)", "the project's ODD, the source of its schemas"),
    "schema": ("schema", "a schema generated from the ODD"),
    "supporting-schema": ("supporting schema", "a schema the generated schemas import"),
    "export": ("export", "a reading format exported from the edition"),
    "readme": ("readme", "what the deposit is and what each file is"),
    "included": ("included file", "a file included on request"),
}

# A name as a fragment identifier, e.g. "J. V. Stalin" -> "j-v-stalin".
_NOT_ID = re.compile(r"[^a-z0-9]+")


def _one_or_list(values: list):
    """A single value where there is one (RO-Crate 1.1 recommends it over a list of one), else the list."""
    return values[0] if len(values) == 1 else values


def _slug(text: str) -> str:
    return _NOT_ID.sub("-", text.lower()).strip("-") or "x"


def _import_rocrate() -> None:
    """rocrate, without requests, urllib.request, jinja2, dateutil's parser and schema.org's vocabulary
    (teikit.deposit.deferred); nothing once it is imported (the next crate's)."""
    if "rocrate.rocrate" in sys.modules:
        return
    when_used("requests")
    when_used("urllib.request", urlopen=URLOPEN)
    if (context := _ro_crate_context()) is not None:
        when_used("rocrate.vocabs", RO_CRATE=context)
    with (while_importing("jinja2", Template=imported_when_called("jinja2", "Template")),
          while_importing("dateutil.parser", isoparse=imported_when_called("dateutil.parser", "isoparse"))):
        import rocrate.rocrate  # noqa: F401  (and with it every module of rocrate.model)


def _ro_crate_context() -> dict | None:
    """What rocrate.vocabs.RO_CRATE holds, read as rocrate.vocabs reads it (its data/ro-crate.jsonld: the RO-Crate
    JSON-LD context); None where rocrate keeps it elsewhere."""
    spec = importlib.util.find_spec("rocrate")
    try:
        return json.loads((Path(spec.origin).parent / "data" / "ro-crate.jsonld").read_text("utf8"))
    except (AttributeError, TypeError, OSError, ValueError):
        return None


def ro_crate_metadata(meta: EditionMetadata, files: Sequence[CrateFile], epoch: int | None) -> bytes:
    """The bytes of data/ro-crate-metadata.json for a payload (`files`: every payload file but the crate's own);
    the same metadata, files and epoch give the same bytes."""
    # Imported here: rocrate costs about 0.025 s of start-up (with the stand-ins) that only a deposit needs.
    _import_rocrate()
    from rocrate.model.contextentity import ContextEntity
    from rocrate.model.person import Person
    from rocrate.model.softwareapplication import SoftwareApplication
    from rocrate.rocrate import ROCrate

    crate = ROCrate(version=RO_CRATE_VERSION)
    crate.metadata.extra_terms.update(_EXTRA_TERMS)

    def add(cls, identifier: str, properties: dict):
        return crate.add(cls(crate, identifier, properties=properties))

    authors = [
        add(Person, f"#person-{_slug(a.name)}",
            {"name": a.name, **({"givenName": a.given} if a.given else {}), "familyName": a.family})
        for a in meta.authors
    ]
    publisher = add(ContextEntity, f"#organization-{_slug(meta.publisher)}",
                    {"@type": "Organization", "name": meta.publisher})
    licence = add(ContextEntity, meta.licence_url or "#licence", {
        "@type": "CreativeWork", "name": meta.licence_text or meta.licence_url,
        **({"identifier": meta.licence_spdx} if meta.licence_spdx else {}),
    })
    sources = [add(ContextEntity, "#source-edition", {"@type": "CreativeWork", "name": meta.source})]
    if meta.source_url:
        sources.append(add(ContextEntity, meta.source_url, {
            "@type": "WebPage", "name": "the digital copy the text was captured from", "url": meta.source_url,
        }))
    teikit = add(SoftwareApplication, "#teikit", {
        "name": "teikit", "version": __version__,
        "description": "Python toolkit for TEI P5 editions: convert, schema, validate, export, deposit",
    })
    roles = {
        role: add(ContextEntity, f"#role-{role}", {"@type": "DefinedTerm", "name": name, "description": definition})
        for role, (name, definition) in ROLES.items() if any(f.role == role for f in files)
    }

    root = crate.root_dataset
    root["name"] = meta.title
    root["description"] = f"TEI P5 edition published by {meta.publisher}. Source edition: {meta.source}"
    root["datePublished"] = meta.date
    root["author"] = _one_or_list(authors)
    root["publisher"] = publisher
    root["license"] = licence
    root["isBasedOn"] = _one_or_list(sources)
    if meta.identifiers:
        root["identifier"] = [value for _, value in meta.identifiers]
    if meta.language:
        root["inLanguage"] = meta.language

    by_role: dict[str, list] = {}
    for f in files:
        by_role.setdefault(f.role, []).append(crate.add_file(dest_path=f.name, properties={
            "name": f.name.rsplit("/", 1)[-1], "description": f.description, "additionalType": roles[f.role],
            "encodingFormat": f.media_type, "contentSize": str(f.size), "sha256": f.sha256,
        }))
    editions = by_role.get("edition", [])
    if editions:
        root["mainEntity"] = editions[0]

    # The steps that derived files: (id, command, the files it read, the files it made).
    steps = [
        ("#convert", "teikit convert", by_role.get("transcription", []) + by_role.get("editorial-data", []), editions),
        ("#schema", "teikit schema", by_role.get("odd", []), by_role.get("schema", [])),
        *((f"#export-{_slug(e['name'])}", "teikit export", editions, [e]) for e in by_role.get("export", [])),
        ("#deposit", "teikit deposit", editions, by_role.get("readme", [])),
    ]
    for identifier, command, read, made in steps:
        if read and made:
            action = crate.add_action(teikit, identifier, object=_one_or_list(read), result=_one_or_list(made),
                                      properties={"name": command, "agent": publisher})
            if identifier == "#deposit":
                action["endTime"] = timestamp(epoch)  # SOURCE_DATE_EPOCH, like the bag's Bagging-Date

    return (json.dumps(crate.metadata.generate(), indent=2, ensure_ascii=False) + "\n").encode("utf-8")
