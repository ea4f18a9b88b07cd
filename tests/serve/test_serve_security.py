"""What a server must refuse, fast: paths for ids, symlinks out of the served folder, unbounded values, other
methods; and a failing request is a logged 500 with a JSON body, after which the server answers as before."""

from __future__ import annotations

import logging
import time

import pytest

from teikit.serve import build_index, create_app

from .helpers import EDITION, DtsClient, client, edition_index


@pytest.mark.parametrize("resource", ["../../etc/passwd", "/etc/passwd", "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
                                      "tei/foundations-of-leninism-ch4.xml", "..", EDITION + "/../x"])
def test_ids_are_keys_never_paths(resource: str) -> None:
    client().dts("/api/dts/document", 404, resource=resource)
    client().dts("/api/dts/collection", 404, id=resource)
    response = client().get(f"/html/{resource}")  # ("/html/.." is "/" once the client resolves the dots)
    assert response.status_code == 404 or "text/html" not in response.headers["content-type"]


def test_a_link_out_of_the_served_folder_is_not_served(tmp_path) -> None:
    outside = tmp_path / "outside.xml"
    outside.write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>secret</p></body></text></TEI>')
    served = tmp_path / "served"
    served.mkdir()
    (served / "inside.xml").write_text(outside.read_text().replace("secret", "public"))
    (served / "link.xml").symlink_to(outside)
    index = build_index([served])
    assert list(index.resources) == ["inside"]
    assert any("a link out of" in w for w in index.warnings)


@pytest.mark.parametrize("params", [
    {"resource": EDITION, "ref": "x" * 10_000},
    {"resource": EDITION, "down": "999999999"},
    {"resource": EDITION, "down": "1" * 5000},
    {"resource": EDITION, "down": "1", "page": "99999999999"},
    {"resource": [EDITION, EDITION], "down": "1"},
])
def test_unbounded_query_values_are_a_fast_400(params: dict) -> None:
    started = time.perf_counter()
    client().dts("/api/dts/navigation", 400, **params)
    assert time.perf_counter() - started < 1  # a bound, not a benchmark: a hang would take minutes


def test_a_range_of_too_many_units_is_a_400(monkeypatch) -> None:
    from teikit.serve import dts

    monkeypatch.setattr(dts, "MAX_RANGE", 10)
    client().dts("/api/dts/document", 400, resource=EDITION, start="4.1", end="4.3")


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"])
def test_only_get_and_head_are_answered(method: str) -> None:
    response = client().request(method, "/api/dts/collection")
    assert response.status_code == 405 and response.json()["status"] == 405
    assert client().head("/api/dts/collection").status_code == 200


def test_a_failing_request_is_a_logged_500_and_the_next_is_served(monkeypatch, caplog) -> None:
    from teikit.serve import dts

    app_client = DtsClient(create_app(edition_index()), raise_server_exceptions=False)

    def broken(*args, **kwargs):
        raise RuntimeError("a bug in the server")

    monkeypatch.setattr(dts, "navigation", broken)
    with caplog.at_level(logging.ERROR, logger="teikit.serve"):
        body = app_client.dts("/api/dts/navigation", 500, resource=EDITION, down="1")
    assert "Traceback" not in body["detail"] and "a bug" not in body["detail"]
    assert "RuntimeError: a bug in the server" in caplog.text
    monkeypatch.undo()
    assert app_client.dts("/api/dts/navigation", resource=EDITION, down="1")["member"]
