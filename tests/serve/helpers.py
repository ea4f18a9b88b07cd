"""What the serve tests share: the edition's index and app, the JSON Schemas written from the DTS 1.0 spec, and a
client that checks every JSON answer against them."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from starlette.testclient import TestClient

from conftest import ROOT
from teikit.serve import build_index, create_app

EDITION = "foundations-of-leninism-ch4"
SCHEMAS = Path(__file__).resolve().parent / "schemas"
ENDPOINT_SCHEMA = {"EntryPoint": "entry.json", "Collection": "collection.json", "Resource": "collection.json",
                   "Navigation": "navigation.json"}


@cache
def edition_index():
    return build_index([ROOT / "tei"])


@cache
def validators() -> dict:
    import jsonschema

    schemas = {p.name: json.loads(p.read_text()) for p in SCHEMAS.glob("*.json")}
    resolver = jsonschema.RefResolver("", {}, store=schemas)
    return {name: jsonschema.Draft7Validator(schema, resolver=resolver) for name, schema in schemas.items()}


def check_schema(body: dict) -> dict:
    """`body`, after checking it against the JSON Schema of its @type (raises on any violation)."""
    validators()[ENDPOINT_SCHEMA[body["@type"]]].validate(body)
    return body


class DtsClient(TestClient):
    def dts(self, path: str, status: int = 200, **params) -> dict:
        response = self.get(path, params=params)
        assert response.status_code == status, (response.status_code, response.text[:500])
        body = response.json()
        if status == 200:
            assert response.headers["content-type"] == "application/ld+json"
            return check_schema(body)
        assert response.headers["content-type"] == "application/problem+json"
        assert body["status"] == status and body["detail"]
        return body


@cache
def client() -> DtsClient:
    return DtsClient(create_app(edition_index()), raise_server_exceptions=False)
