"""What the serve tests share: the edition's index and app, the JSON Schemas written from the DTS 1.0 spec, a
client that checks every JSON answer against them, and real server processes on free localhost ports."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str) -> tuple[int, dict, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


@contextlib.contextmanager
def running(*command: str, ready: str):
    """Start `command`, wait until `ready` answers, and stop it (its whole process group) afterwards."""
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(ready, timeout=1)
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(f"did not start: {process.communicate()[1].decode()[-2000:]}") from None
                time.sleep(0.2)
        yield process
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
