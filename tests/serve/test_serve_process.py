"""A real `teikit serve` process on a free localhost port, with one worker and with --workers 2, and the static
export (`teikit export --to dts`) served by Python's http.server, the way the README shows them."""

from __future__ import annotations

import json
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from conftest import run_cli
from teikit.serve.passages import inner_text

from .helpers import EDITION, check_schema, free_port, get, running


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found.extend(int(c) for c in (task / "children").read_text().split())
    return found


@pytest.mark.slow
@pytest.mark.parametrize("workers", [1, 2])
def test_teikit_serve_answers_every_endpoint_over_http(workers: int) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "teikit", "serve", "tei", "--port", str(port), "-q", "--workers", str(workers)]
    with running(*command, ready=f"{base}/api/dts") as process:
        status, headers, body = get(f"{base}/api/dts")
        assert status == 200 and check_schema(json.loads(body))["@type"] == "EntryPoint"
        urls = [f"{base}/api/dts/navigation?resource={EDITION}&ref=4.{n % 3 + 1}&down=1" for n in range(60)]
        with ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(get, urls))
        assert {status for status, _, _ in answers} == {200}
        for _, _, body in answers[:3]:
            check_schema(json.loads(body))
        status, headers, body = get(f"{base}/api/dts/document?resource={EDITION}&ref=4.2.7")
        assert status == 200 and inner_text(body).lstrip().startswith("Second conclusion :")
        assert headers["link"] == f'</api/dts/collection?id={EDITION}>; rel="collection"'
        status, headers, body = get(f"{base}/api/dts/navigation?resource={EDITION}&ref=4.9")
        assert status == 404 and json.loads(body)["status"] == 404
        if workers == 2:
            assert len(_children(process.pid)) >= 2  # uvicorn's workers, each with the index


def test_serve_binds_to_localhost_by_default_and_refuses_a_missing_path() -> None:
    from teikit.cli import build_parser

    assert build_parser(["serve", "tei"]).parse_args(["serve", "tei"]).host == "127.0.0.1"
    result = run_cli("serve", "no/such/folder")
    assert result.returncode == 2 and "no such file or folder" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.slow
def test_static_export_is_served_by_http_server(tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = run_cli("export", "tei", "--to", "dts", "-o", str(site))
    assert result.returncode == 0, result.stderr
    assert "files of the static DTS API" in result.stderr
    again = run_cli("export", "tei", "--to", "dts", "-o", str(site))  # teikit's own site: replaced
    assert again.returncode == 0, again.stderr
    (site / "notes.txt").write_text("the user's\n")  # changed since: the user's now
    refused = run_cli("export", "tei", "--to", "dts", "-o", str(site))
    assert refused.returncode == 2 and "--force" in refused.stderr and (site / "notes.txt").exists()
    (site / "notes.txt").unlink()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "http.server", "-b", "127.0.0.1", "-d", str(site), str(port)]
    with running(*command, ready=f"{base}/api/dts/index.json"):
        entry = check_schema(json.loads(get(f"{base}/api/dts/index.json")[2]))
        assert entry["collection"] == "/api/dts/collection{/id}{/nav}.json"
        root = check_schema(json.loads(get(f"{base}/api/dts/collection.json")[2]))
        assert [m["@id"] for m in root["member"]] == [EDITION]
        whole = check_schema(json.loads(get(f"{base}/api/dts/navigation/{EDITION};down=-1.json")[2]))
        assert len(whole["member"]) == 67
        siblings = check_schema(json.loads(get(f"{base}/api/dts/navigation/{EDITION};down=0/4.2.json")[2]))
        assert [u["identifier"] for u in siblings["member"]][-3:] == ["4.1", "4.2", "4.3"]
        page = get(f"{base}/api/dts/document/{EDITION};tree=page/52.xml")[2]
        assert inner_text(page).lstrip().startswith("tates the practical application")
        assert get(f"{base}/html/{EDITION}.html")[0] == 200
