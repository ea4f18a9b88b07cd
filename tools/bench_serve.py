"""`make bench`, the DTS part: start-up indexing of ../shared/corpora, then throughput and latency of navigation and
document requests on localhost against `teikit serve` and against dapytains (the DTS 1.0 reference server in
Python), both serving the edition. A fixed number of requests per run: it stops by itself.

dapytains dies of concurrent load (a Saxon StackOverflowError inside saxonche), so it is first tried at 32, 8, 4, 2
and 1 concurrent clients, a fresh server each time, down to the first it survives with no error; at that
concurrency the two servers are measured in turn, ROUNDS times each (so that load from elsewhere on the machine
falls on both), and teikit alone at 32 clients. Figures are medians of the rounds; the machine's load average is
printed before and after, since it moves every figure.

The load generator is this module's own HTTP/1.1 client (asyncio streams, one keep-alive connection per client):
a general client such as httpx costs about 600 microseconds of CPU per request here, several times what teikit's
server spends answering one (90-160), so with it the bench measured the client, on the same two cores.

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


async def _response(reader: asyncio.StreamReader) -> tuple[int, int, bool]:
    """One HTTP/1.1 response: (status, body length, whether the server closes the connection)."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split(None, 2)[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        headers[name.strip().lower()] = value.strip().lower()
    if b"content-length" in headers:
        size = len(await reader.readexactly(int(headers[b"content-length"])))
    elif headers.get(b"transfer-encoding") == b"chunked":
        size = 0
        while chunk := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16):
            size += len(await reader.readexactly(chunk + 2)) - 2
        await reader.readuntil(b"\r\n")
    else:
        size = len(await reader.read())
        headers[b"connection"] = b"close"
    return status, size, headers.get(b"connection") == b"close"


async def load(port: int, paths: dict[str, str], requests: int, clients: int) -> dict:
    """`requests` GETs from `clients` concurrent clients, cycling through QUERIES; latencies in ms. A request
    counts as an error unless it is answered 200 with a body (a refused or dropped connection is one too)."""
    targets = [f"GET {paths[endpoint]}?{query} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode()
               for endpoint, query in QUERIES]
    latencies: list[float] = []
    errors = 0
    counter = iter(range(requests))

    async def client() -> None:
        nonlocal errors
        reader = writer = None
        for n in counter:
            started = time.perf_counter()
            ok = False
            try:
                if writer is None:
                    reader, writer = await asyncio.open_connection("127.0.0.1", port)
                writer.write(targets[n % len(targets)])
                status, size, close = await asyncio.wait_for(_response(reader), 30)
                ok = status == 200 and size > 100
            except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError, ValueError):
                close = True
            if close and writer is not None:
                writer.close()
                writer = None
            latencies.append((time.perf_counter() - started) * 1000)
            errors += not ok
        if writer is not None:
            writer.close()

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


class Server:
    """A server process on a free port, warmed up, stopped on exit."""

    def __init__(self, name: str, start, paths: dict[str, str], entry: str):
        self.name, self.paths, self.port = name, paths, free_port()
        self.process = start(self.port)
        wait_for(f"http://127.0.0.1:{self.port}{entry}", self.process)

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc) -> None:
        stop(self.process)

    def measure(self, clients: int, requests: int) -> dict:
        asyncio.run(load(self.port, self.paths, clients, clients))  # warm up: one request per client
        result = asyncio.run(load(self.port, self.paths, requests, clients))
        result["alive"] = self.process.poll() is None
        print(f"  {self.name:9} {clients:3} clients {requests:5} requests: {result['rps']:7.1f} req/s, "
              f"p50 {result['p50']:6.1f} ms, p99 {result['p99']:6.1f} ms, {result['errors']} errors, "
              f"server {'alive' if result['alive'] else 'DIED'}")
        return result


TEIKIT = ("teikit", teikit_server, {"navigation": "/api/dts/navigation", "document": "/api/dts/document"}, "/api/dts")
DAPYTAINS = ("dapytains", dapytains_server, {"navigation": "/navigation/", "document": "/document/"}, "/")
CLIENTS = 32
PROBE = [(32, 400), (8, 300), (4, 200), (2, 200), (1, 200)]  # (clients, requests) tried on dapytains
ROUNDS = 5
REQUESTS = {"teikit": 3000, "dapytains": 300}  # per run at the compared concurrency


def survives() -> int | None:
    """The highest concurrency of PROBE at which dapytains answers every request and stays up."""
    print("dapytains: the highest concurrency it survives (a fresh server each)")
    for clients, requests in PROBE:
        try:
            with Server(*DAPYTAINS) as server:
                result = server.measure(clients, requests)
        except RuntimeError as err:
            print(f"  dapytains {clients:3} clients: {err}")
            continue
        if result["errors"] == 0 and result["alive"]:
            return clients
    return None


def summary(runs: list[dict]) -> dict:
    return {key: statistics.median(r[key] for r in runs) for key in ("rps", "p50", "p99")} | {
        "errors": sum(r["errors"] for r in runs), "alive": all(r["alive"] for r in runs),
        "requests": sum(r["requests"] for r in runs)}


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f} on {os.cpu_count()} cores"


def main() -> None:
    WORK.mkdir(parents=True, exist_ok=True)
    (WORK / "dapytains.log").unlink(missing_ok=True)
    print(f"serve bench: {load_average()}")
    bench_indexing()
    best = survives()
    if best is None:
        print("dapytains did not survive any of the concurrencies tried")
        return
    rows: list[tuple[str, int, dict]] = []
    print(f"teikit and dapytains in turn at {best} client{'s' if best > 1 else ''}, {ROUNDS} rounds")
    with Server(*TEIKIT) as ours, Server(*DAPYTAINS) as theirs:
        pairs = [(ours.measure(best, REQUESTS["teikit"]), theirs.measure(best, REQUESTS["dapytains"]))
                 for _ in range(ROUNDS)]
        rows += [("teikit", best, summary([a for a, _ in pairs])), ("dapytains", best, summary([b for _, b in pairs]))]
        print(f"teikit alone at {CLIENTS} clients, {ROUNDS} runs")
        rows.append(("teikit", CLIENTS, summary([ours.measure(CLIENTS, 4000) for _ in range(ROUNDS)])))
    print(f"\n| server | clients | requests | req/s | p50 ms | p99 ms | errors | server after |  ({load_average()})")
    print("|---|---|---|---|---|---|---|---|")
    for name, clients, r in rows:
        print(f"| {name} | {clients} | {r['requests']} | {r['rps']:.0f} | {r['p50']:.1f} | {r['p99']:.1f} | "
              f"{r['errors']} | {'alive' if r['alive'] else 'DIED'} |")
    (_, _, same), (_, _, reference), (_, _, full) = rows
    print(f"medians of {ROUNDS}: teikit / dapytains at {best} client{'s' if best > 1 else ''}: "
          f"{same['rps'] / reference['rps']:.1f}x the throughput (goal >= 5x); teikit at {CLIENTS} clients: "
          f"{full['rps'] / reference['rps']:.1f}x dapytains' throughput at {best}, p99 {full['p99']:.1f} ms "
          f"(goal <= 50 ms), {same['errors'] + full['errors']} errors (goal 0)")


if __name__ == "__main__":
    main()
