"""`make bench`, the DTS part: start-up indexing of ../shared/corpora, then throughput and latency of navigation and
document requests with concurrent clients on localhost, against `teikit serve` and against dapytains (the DTS 1.0
reference server in Python), both serving the edition. A fixed number of requests: it stops by itself.

dapytains is installed (pip, version 1.0.0rc4) into its own venv under build/bench/, never into the project's. It
cannot read the branches of the edition's citation tree (heads, notes and folios beside the paragraphs: it stops
with a TypeError), so it is given a copy of the edition whose refsDecl is chapter > section > paragraph only; the
requests are for units both trees have, so both serve the same passages of the same text.
"""

from __future__ import annotations

import asyncio
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("TEIKIT_SHARED", ROOT.parent / "shared"))
WORK = ROOT / "build" / "bench" / "dts"
EDITION = "foundations-of-leninism-ch4"
DAPYTAINS = "dapytains==1.0.0rc4"
QUERIES = [  # (endpoint, query) in turn: two navigation and two document requests
    ("navigation", f"resource={EDITION}&down=-1"),
    ("navigation", f"resource={EDITION}&ref=4.2&down=1"),
    ("document", f"resource={EDITION}&ref=4.2.7"),
    ("document", f"resource={EDITION}&ref=4.1"),
]
SIMPLE_TREE = """<refsDecl>
    <citeStructure unit="chapter" match="/TEI/text/body/div[@type='chapter']" use="@n">
     <citeStructure unit="section" match="div[@type='section']" use="@n" delim=".">
      <citeStructure unit="paragraph" match="*[self::p or self::list]" use="position()" delim="."/>
     </citeStructure>
    </citeStructure>
   </refsDecl>"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped (exit {process.returncode})")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer in {seconds} s")


async def load(base: str, paths: dict[str, str], requests: int, clients: int) -> dict:
    """`requests` GETs from `clients` concurrent clients, cycling through QUERIES; latencies in ms."""
    import httpx2

    latencies: list[float] = []
    errors = 0
    counter = iter(range(requests))
    limits = httpx2.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx2.AsyncClient(base_url=base, limits=limits, timeout=30) as http:
        async def client() -> None:
            nonlocal errors
            for n in counter:
                endpoint, query = QUERIES[n % len(QUERIES)]
                started = time.perf_counter()
                try:
                    response = await http.get(f"{paths[endpoint]}?{query}")
                    ok = response.status_code == 200 and len(response.content) > 100
                except Exception:
                    ok = False
                latencies.append((time.perf_counter() - started) * 1000)
                errors += not ok

        started = time.perf_counter()
        await asyncio.gather(*(client() for _ in range(clients)))
        seconds = time.perf_counter() - started
    latencies.sort()
    return {"rps": requests / seconds, "p50": latencies[len(latencies) // 2],
            "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))], "errors": errors,
            "requests": requests}


def bench_indexing() -> None:
    corpora = SHARED / "corpora"
    if not corpora.is_dir():
        print(f"indexing: skipped ({corpora} is absent)")
        return
    sys.path.insert(0, str(ROOT / "tools"))
    from teikit.parallel import default_jobs
    from teikit.serve import build_index

    runs = []
    for _ in range(3):
        index = build_index([corpora], jobs=default_jobs())
        runs.append(index.seconds)
    each = ", ".join(f"{r:.2f}" for r in runs)
    print(f"start-up indexing of {corpora.name}/ ({len(index.resources)} documents, {index.units} citable units, "
          f"{default_jobs()} jobs): median {statistics.median(runs):.2f} s of 3 ({each})")


def teikit_server(port: int) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "teikit", "serve", "tei", "--port", str(port), "-q"], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)


def dapytains_server(port: int) -> subprocess.Popen:
    venv = WORK / "dapytains-venv"
    python = venv / "bin" / "python"
    if not python.exists():
        print(f"installing {DAPYTAINS} into {venv.relative_to(ROOT)} (once)")
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", DAPYTAINS], check=True)
    edition = (ROOT / "tei" / f"{EDITION}.xml").read_text(encoding="utf-8")
    edition = re.sub(r"<refsDecl>.*?</refsDecl>\s*<refsDecl n=\"page\">.*?</refsDecl>", SIMPLE_TREE, edition,
                     count=1, flags=re.DOTALL)
    (WORK / f"{EDITION}.xml").write_text(edition, encoding="utf-8")
    (WORK / "catalog.xml").write_text(
        f'<collection identifier="tei"><title>tei</title><members><resource identifier="{EDITION}" '
        f'filepath="{WORK / (EDITION + ".xml")}"><title>{EDITION}</title></resource></members></collection>')
    env = {**os.environ, "DTSCATALOG": str(WORK / "catalog.xml"), "SERVER_HOST": "127.0.0.1",
           "SERVER_PORT": str(port), "DATABASE_URI": f"sqlite:///{WORK / 'dapytains.db'}", "SERVER_ENV": "prod"}
    log = open(WORK / "dapytains.log", "ab")  # (its warnings, one per request, would fill a pipe)
    return subprocess.Popen([str(python), "-m", "dapytains.app.app"], cwd=WORK, env=env,
                            stdout=log, stderr=log, start_new_session=True)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, 15)
        process.wait(timeout=30)


def run(name: str, start, paths: dict[str, str], entry: str, plan: list[tuple[int, int]]) -> dict[int, dict]:
    results = {}
    for clients, requests in plan:
        port = free_port()
        process = start(port)
        try:
            wait_for(f"http://127.0.0.1:{port}{entry}", process)
            asyncio.run(load(f"http://127.0.0.1:{port}", paths, clients, clients))  # warm up
            result = asyncio.run(load(f"http://127.0.0.1:{port}", paths, requests, clients))
            result["alive"] = process.poll() is None
            results[clients] = result
            print(f"{name:9} {clients:3} clients {requests:5} requests: {result['rps']:7.1f} req/s, "
                  f"p50 {result['p50']:6.1f} ms, p99 {result['p99']:6.1f} ms, {result['errors']} errors, "
                  f"server {'alive' if result['alive'] else 'DIED'}")
        except RuntimeError as err:
            print(f"{name:9} {clients:3} clients: {err}")
        finally:
            stop(process)
    return results


def main() -> None:
    WORK.mkdir(parents=True, exist_ok=True)
    bench_indexing()
    ours = run("teikit", teikit_server, {"navigation": "/api/dts/navigation", "document": "/api/dts/document"},
               "/api/dts", [(32, 4000), (8, 2000), (1, 1000)])
    theirs = run("dapytains", dapytains_server, {"navigation": "/navigation/", "document": "/document/"}, "/",
                 [(32, 400), (8, 300), (4, 200), (2, 200), (1, 200)])
    survived = [c for c, r in theirs.items() if r["errors"] == 0 and r["alive"]]
    if survived:
        best = max(survived)
        print(f"dapytains survives {best} client{'s' if best > 1 else ''} at most; there: "
              f"{theirs[best]['rps']:.1f} req/s, p99 {theirs[best]['p99']:.1f} ms; teikit at 32 clients: "
              f"{ours[32]['rps'] / theirs[best]['rps']:.1f}x that throughput, p99 {ours[32]['p99']:.1f} ms")
    else:
        print("dapytains did not survive any of the concurrencies tried")


if __name__ == "__main__":
    main()
