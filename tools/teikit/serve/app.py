"""The ASGI application (Starlette): the DTS endpoints under /api/dts, and the HTML reading editions under /html/.

Every answer comes from the index in memory (no request reads a file), so any number of processes can serve the
same index behind a proxy. Only GET and HEAD are allowed. Query values are bounded before anything is looked up.
Errors are JSON (RFC 9457 problem details): the spec's 400 and 404, 405 for other methods, and 500 for a failure
of the server itself, which is logged with its traceback while the client gets one line; the next request is
served as usual.
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Awaitable, Callable
from http import HTTPStatus

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from teikit.serve import dts
from teikit.serve.index import Index

LOG = logging.getLogger("teikit.serve")
INDEX_ENV = "TEIKIT_SERVE_INDEX"  # the pickled index a worker of `teikit serve --workers N` loads
MAX_VALUE = 1000  # characters in one query value
MAX_DOWN = 100  # levels of a citation tree below a unit (no TEI document has that many)
_INTEGER = re.compile(r"-?\d{1,9}")
JSON_LD = "application/ld+json"
PROBLEM = "application/problem+json"
PARAMETERS = {
    "collection": ("id", "page", "nav"),
    "navigation": ("resource", "ref", "start", "end", "down", "tree", "page"),
    "document": ("resource", "ref", "start", "end", "tree", "mediaType"),
}


def problem(status: int, detail: str, headers: dict | None = None) -> Response:
    body = {"type": "about:blank", "title": HTTPStatus(status).phrase, "status": status, "detail": detail}
    return Response(json.dumps(body, ensure_ascii=False), status, headers, media_type=PROBLEM)


def _query(request: Request, endpoint: str) -> dict[str, str]:
    """The endpoint's parameters, each given at most once and at most MAX_VALUE characters long."""
    params = request.query_params
    out = {}
    for name in PARAMETERS[endpoint]:
        values = params.getlist(name)
        if len(values) > 1:
            raise dts.DtsError(400, f"{name} is given {len(values)} times: give it once")
        if values:
            if len(values[0]) > MAX_VALUE:
                raise dts.DtsError(400, f"{name} is {len(values[0])} characters long: at most {MAX_VALUE}")
            out[name] = values[0]
    return out


def _integer(query: dict[str, str], name: str, low: int, high: int) -> int | None:
    text = query.get(name)
    if text is None:
        return None
    if not _INTEGER.fullmatch(text) or not low <= int(text) <= high:
        raise dts.DtsError(400, f"{name} is a whole number from {low} to {high}, not {text[:40]!r}")
    return int(text)


Endpoint = Callable[[Request], Awaitable[Response]]


def _answer(handler: Callable[[Request], Response]) -> Endpoint:
    """An endpoint: DtsError becomes its status with a JSON body, anything else a logged 500."""

    async def endpoint(request: Request) -> Response:
        try:
            return handler(request)
        except dts.DtsError as err:
            return problem(err.status, err.detail)
        except Exception:
            LOG.exception("500 on %s %s", request.method, request.url)
            return problem(500, "the server failed to answer this request (the failure is in its log); "
                           "other requests are not affected")

    return endpoint


def create_app(index: Index) -> Starlette:
    """The application serving `index`."""

    def urls(request: Request) -> dts.Urls:
        return dts.Urls(request.scope.get("root_path", "").rstrip("/"))

    def entry(request: Request) -> Response:
        return Response(json.dumps(dts.entry(urls(request))), media_type=JSON_LD)

    def collection(request: Request) -> Response:
        query = _query(request, "collection")
        page = _integer(query, "page", 1, 10**9)
        body = dts.collection(index, query.get("id"), query.get("nav"), page, urls(request))
        return Response(json.dumps(body, ensure_ascii=False), media_type=JSON_LD)

    def navigation(request: Request) -> Response:
        query = _query(request, "navigation")
        down = _integer(query, "down", -1, MAX_DOWN)
        page = _integer(query, "page", 1, 10**9)
        return Response(dts.navigation(index, query, down, page, urls(request), str(request.url)),
                        media_type=JSON_LD)

    def document(request: Request) -> Response:
        query = _query(request, "document")
        body, media_type = dts.document(index, query, query.get("mediaType"))
        link = urls(request).collection(query["resource"]).split("{")[0]
        return Response(body, media_type=media_type, headers={"Link": f'<{link}>; rel="collection"'})

    def html(request: Request) -> Response:
        resource = index.resources.get(request.path_params["id"])
        if resource is None or resource.html is None:
            raise dts.DtsError(404, f"no HTML reading edition has the id {request.path_params['id']!r}")
        return Response(resource.html, media_type=dts.HTML)

    def home(request: Request) -> Response:
        return RedirectResponse(f"{urls(request).api}", status_code=307)

    routes = [Route(path, _answer(handler), methods=["GET", "HEAD"]) for path, handler in (
        ("/", home), ("/api/dts", entry), ("/api/dts/", entry),
        ("/api/dts/collection", collection), ("/api/dts/collection/", collection),
        ("/api/dts/navigation", navigation), ("/api/dts/navigation/", navigation),
        ("/api/dts/document", document), ("/api/dts/document/", document),
        ("/html/{id}", html),
    )]

    async def http_error(request: Request, exc: HTTPException) -> Response:
        headers = dict(exc.headers or {})
        detail = {404: f"nothing is served at {request.url.path}: the API's entry point is /api/dts",
                  405: f"{request.method} is not allowed: this server answers GET and HEAD only"}
        return problem(exc.status_code, detail.get(exc.status_code, str(exc.detail)), headers)

    return Starlette(routes=routes, exception_handlers={HTTPException: http_error})


def app_from_environment() -> Starlette:
    """The application of a `--workers` process: the index written by `teikit serve` (see INDEX_ENV)."""
    return create_app(Index.load(os.environ[INDEX_ENV]))
