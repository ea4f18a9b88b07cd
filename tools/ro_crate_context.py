"""roc-validator offline: put the RO-Crate 1.1 JSON-LD context, as the rocrate package ships it, into an HTTP cache
that `rocrate-validator validate --offline --cache-path CACHE` (and its Python API) reads.

roc-validator fetches the crate's @context (https://w3id.org/ro/crate/1.1/context) to read the crate as JSON-LD;
offline, it serves that request from its requests-cache database only. No network is needed or used: the document
comes from rocrate/data/ro-crate.jsonld. Used by `make check-deposit` and by tests/deposit/test_ro_crate.py.

    python tools/ro_crate_context.py CACHE    # prints CACHE once it holds the context
"""

from __future__ import annotations

import io
import json
import sys
from importlib import resources
from pathlib import Path

import urllib3
from requests.adapters import BaseAdapter, HTTPAdapter
from requests_cache import CachedSession

CONTEXT_URL = "https://w3id.org/ro/crate/1.1/context"


class _PackagedContext(BaseAdapter):
    """Answers every request with the context document the rocrate package ships (never the network)."""

    def __init__(self, document: bytes) -> None:
        super().__init__()
        self.document = document

    def send(self, request, **kwargs):
        raw = urllib3.HTTPResponse(body=io.BytesIO(self.document), headers={"Content-Type": "application/ld+json"},
                                   status=200, preload_content=False, request_url=request.url)
        return HTTPAdapter().build_response(request, raw)

    def close(self) -> None:
        pass


def populate(cache: Path) -> Path:
    """Store the RO-Crate 1.1 context in the requests-cache database `cache` (roc-validator's --cache-path)."""
    document = resources.files("rocrate").joinpath("data/ro-crate.jsonld").read_bytes()
    shipped = json.loads(document)["@id"]
    if shipped != CONTEXT_URL:
        raise SystemExit(f"the installed rocrate ships the context {shipped}, not {CONTEXT_URL}: see pyproject.toml")
    session = CachedSession(str(cache), backend="sqlite", expire_after=-1, allowable_codes=(200,))
    session.mount("https://", _PackagedContext(document))
    session.mount("http://", _PackagedContext(document))
    response = session.get(CONTEXT_URL, headers={"Accept": "application/ld+json, application/json"})
    session.close()
    if response.status_code != 200:
        raise SystemExit(f"could not cache {CONTEXT_URL}")
    return cache


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    print(populate(Path(sys.argv[1])))
