"""The static DTS site (`teikit export --to dts`) under a path prefix, as a GitHub Pages project site serves it:
every URL it gives starts with the prefix, and a client that only follows those URLs (expanding their URI
templates) reaches every collection, navigation, passage and reading edition."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from urllib.parse import quote

import pytest

from conftest import run_cli
from teikit.errors import TeikitError
from teikit.serve.passages import inner_text
from teikit.serve.static import base_url

from .helpers import EDITION, check_schema, free_port, get, running


def expand(template: str, **values: str | int | None) -> str:
    """RFC 6570 expansion of what the static templates use: {/a,b} (path segments) and {;a,b} (matrix)."""

    def one(match: re.Match) -> str:
        given = [(name, values[name]) for name in match[2].split(",") if values.get(name) is not None]
        if match[1] == "/":
            return "".join(f"/{quote(str(v), safe='')}" for _, v in given)
        return "".join(f";{name}={quote(str(v), safe='')}" for name, v in given)

    return re.sub(r"\{([/;])([^}]*)\}", one, template)


def urls_in(body: object) -> list[str]:
    """Every string of a JSON answer that is a URL of the site."""
    if isinstance(body, dict):
        return [u for v in body.values() for u in urls_in(v)]
    if isinstance(body, list):
        return [u for v in body for u in urls_in(v)]
    return [body] if isinstance(body, str) and ("/api/dts/" in body or "/html/" in body) else []


@pytest.mark.slow
def test_static_site_under_a_path_prefix_is_reached_by_its_own_links(tmp_path: Path) -> None:
    www = tmp_path / "www"
    result = run_cli("export", "tei", "--to", "dts", "-o", str(www / "teikit"), "--base-url", "/teikit/")
    assert result.returncode == 0, result.stderr
    assert "its URLs start at /teikit/" in result.stderr
    assert (www / "teikit" / ".nojekyll").is_file()  # GitHub Pages serves the files as written
    port = free_port()
    host = f"http://127.0.0.1:{port}"
    seen: list[str] = []

    def fetch(url: str, kind: str = "json"):
        assert url.startswith("/teikit/"), url
        status, headers, body = get(host + url)
        assert status == 200, (url, status)
        seen.append(url)
        if kind != "json":
            return body
        answer = check_schema(json.loads(body))
        assert all(u.startswith("/teikit/") for u in urls_in(answer)), urls_in(answer)
        return answer

    command = [sys.executable, "-m", "http.server", "-b", "127.0.0.1", "-d", str(www), str(port)]
    with running(*command, ready=f"{host}/teikit/api/dts/index.json"):
        entry = fetch("/teikit/api/dts/index.json")
        assert entry["@id"] == "/teikit/api/dts/index.json"
        root = fetch(expand(entry["collection"]))
        assert [m["@id"] for m in root["member"]] == [EDITION]
        resource = root["member"][0]
        assert fetch(expand(resource["collection"]))["@id"] == EDITION
        assert fetch(expand(resource["collection"], nav="parents"))["member"][0]["@id"] == root["@id"]
        whole_document, html = (fetch(url, "bytes") for url in resource["download"])
        assert b"<TEI" in whole_document and b"<html" in html
        texts = {}
        for tree in resource["citationTrees"]:
            name = tree.get("identifier")
            units = fetch(expand(resource["navigation"], tree=name, down=-1))["member"]
            assert len(units) == {None: 67, "page": 14}[name]
            for unit in units:
                ref = unit["identifier"]
                assert fetch(expand(resource["navigation"], tree=name, ref=ref))["ref"]["identifier"] == ref
                passage = fetch(expand(resource["document"], tree=name, ref=ref), "bytes")
                texts[name, ref] = inner_text(passage)
        assert texts[None, "4.2.7"].startswith("Second conclusion")
        assert texts["page", "52"].lstrip().startswith("tates the practical application")
    assert len(seen) == len(set(seen)) == 6 + 2 + 2 * (67 + 14)  # every unit of both trees, by its own URLs


@pytest.mark.parametrize(("given", "base"), [
    (None, ""), ("/", ""), ("/teikit", "/teikit"), ("/teikit/", "/teikit"), ("/a/b%20c/", "/a/b%20c"),
    ("https://example.org/teikit/", "https://example.org/teikit"), ("http://localhost:8000", "http://localhost:8000"),
])
def test_base_url_is_a_path_or_an_address(given: str | None, base: str) -> None:
    assert base_url(given) == base


@pytest.mark.parametrize("given", ["teikit", "./teikit", "//example.org/teikit", "ftp://example.org/x",
                                   "/teikit?x=1", "/teikit#top", "/my site"])
def test_base_url_refuses_what_is_not_a_folder_url(given: str) -> None:
    with pytest.raises(TeikitError) as caught:
        base_url(given)
    assert caught.value.exit_code == 2 and repr(given) in str(caught.value)


def test_base_url_is_for_the_dts_export_only() -> None:
    result = run_cli("export", "tei", "--to", "html", "--base-url", "/teikit")
    assert result.returncode == 2 and "--base-url is for --to dts only" in result.stderr
