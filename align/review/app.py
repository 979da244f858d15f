"""The editor as a Starlette application, guarded for a server on the translator's machine.

Every request must carry the session's random token (query ``token`` or header
``X-Glossalign-Token``; state-changing requests the header only) and a ``Host`` of
``127.0.0.1:PORT`` or ``localhost:PORT`` (against DNS rebinding): otherwise 403. No CORS
headers are ever sent, so other origins cannot read answers, and a cross-site form cannot set
the header. Assets come from a fixed dict of names; no part of a request reaches the
filesystem. Answers are JSON, which the page renders with ``textContent``. A request body over
``MAX_BODY`` gets 413 before it is read further; JSON nested too deeply, 400.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Awaitable, Callable
from functools import cache
from importlib.resources import files
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from align.errors import InputError
from align.review.corpus import Corpus
from align.review.edits import EditError
from align.review.session import Session, Stale
from align.review.view import progress, snapshot

TOKEN_HEADER = "x-glossalign-token"
#: Asset name -> (file in align/review/static, media type): all the server ever serves.
ASSETS = {
    "editor.js": ("editor.js", "text/javascript; charset=utf-8"),
    "editor.css": ("editor.css", "text/css; charset=utf-8"),
    "corpus.js": ("corpus.js", "text/javascript; charset=utf-8"),
}
SECURITY_HEADERS = {
    "content-security-policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
        "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    ),
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
    "x-frame-options": "DENY",
}
_SAFE_METHODS = ("GET", "HEAD")
#: The largest request body read (an edited sentence, a reason, a term: a few KiB).
MAX_BODY = 256 * 1024


@cache
def _static(name: str) -> str:
    return files("align.review").joinpath("static", name).read_text(encoding="utf-8")


class Guard:
    """ASGI middleware: Host and token checks before anything else, security headers after."""

    def __init__(self, app: ASGIApp, token: str, port: int) -> None:
        self.app, self.token = app, token
        self.hosts = {f"127.0.0.1:{port}".encode(), f"localhost:{port}".encode()}

    def _allowed(self, scope: Scope) -> bool:
        headers = dict(scope["headers"])
        if headers.get(b"host", b"") not in self.hosts:
            return False
        given = headers.get(TOKEN_HEADER.encode(), b"").decode("latin-1")
        if not given and scope["method"] in _SAFE_METHODS:
            given = Request(scope).query_params.get("token", "")
        return secrets.compare_digest(given.encode(), self.token.encode())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                extra = [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        if not self._allowed(scope):
            forbidden = PlainTextResponse("forbidden: open the URL the review command printed", 403)
            return await forbidden(scope, receive, send_secured)
        body = await _capped_body(scope, receive)
        if body is None:
            error = {"error": f"request body over {MAX_BODY // 1024} KiB"}
            return await JSONResponse(error, 413)(scope, receive, send_secured)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()  # a disconnect, once the body is read
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send_secured)


async def _capped_body(scope: Scope, receive: Receive) -> bytes | None:
    """The whole request body, or None as soon as it is over ``MAX_BODY`` (by its
    Content-Length or as it arrives): nothing larger is ever held in memory."""
    length = dict(scope["headers"]).get(b"content-length", b"0")
    if not length.isdigit() or int(length) > MAX_BODY:
        return None
    chunks, size, more = [], 0, True
    while more:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY:
            return None
        chunks.append(chunk)
        more = message.get("more_body", False)
    return b"".join(chunks)


def page(token: str, name: str = "editor.html") -> str:
    """A page's HTML (the editor, or a corpus's list of pairs): its own script and style,
    the token for the API calls."""
    return _static(name).replace("{{token}}", token)


async def read_json(request: Request) -> Any:
    """The request's JSON body; ``BadBody`` (400) when it is not JSON or nests too deeply.
    The body's size is capped before this (``Guard``)."""
    body = await request.body()
    try:
        return json.loads(body)
    except RecursionError:
        raise BadBody("JSON nested too deeply") from None
    except ValueError:
        raise BadBody("send a JSON object") from None


class BadBody(Exception):
    """A request body that is not a JSON object the editor can use."""


class NoPair(Exception):
    """A corpus editor asked for the open pair before one was opened."""


Current = Callable[[], Session]


def changes(current: Current) -> dict[str, Callable[[dict[str, Any]], Any]]:
    """The POST endpoints by name: what each does with the request's JSON object to the
    session ``current()`` gives."""

    def save(body: dict[str, Any]) -> dict[str, Any]:
        return {"written": [str(p) for p in current().save()]}

    def ignore(body: dict[str, Any]) -> None:
        index, reason = body.get("finding"), body.get("reason")
        if not isinstance(index, int) or not isinstance(reason, str):
            raise EditError("ignore needs finding (a number) and reason (text)")
        current().ignore(index, reason)

    def term(body: dict[str, Any]) -> None:
        source, target = body.get("source"), body.get("target")
        if not isinstance(source, str) or not (target is None or isinstance(target, str)):
            raise EditError("term needs source (text) and target (text, or null to reject)")
        current().decide_term(source, target)

    def realign(body: dict[str, Any]) -> None:
        if current().realigner is None:
            raise EditError("no encoder: re-alignment is not available in this session")
        current().background.start()

    return {
        "edit": lambda b: current().edit(str(b.get("op")), b),
        "realign": realign,
        "ignore": ignore,
        "term": term,
        "save": save,
    }


def json_action(
    current: Current, work: Callable[[dict[str, Any]], Any]
) -> Callable[[Request], Awaitable[Response]]:
    """An endpoint that runs ``work`` on the request's JSON object as a change of the current
    session (``Session.submit``) and answers with the session as the page sees it."""

    async def endpoint(request: Request) -> Response:
        try:
            body = await read_json(request)
        except BadBody as exc:
            return JSONResponse({"error": str(exc)}, 400)
        if not isinstance(body, dict):
            return JSONResponse({"error": "send a JSON object"}, 400)
        try:
            session = current()
            extra = await run_in_threadpool(
                session.submit, body.get("version"), body.get("request"), lambda: work(body)
            )
            answer = await run_in_threadpool(snapshot, session)
        except NoPair:
            return JSONResponse({"error": "open a pair of the corpus first"}, 409)
        except Stale:
            return JSONResponse({"error": "the page was out of date; reloaded"}, 409)
        except (EditError, InputError) as exc:
            return JSONResponse({"error": str(exc)}, 400)
        return JSONResponse({**answer, **(extra or {})})

    return endpoint


def create_app(target: Session | Corpus, token: str, port: int) -> ASGIApp:
    """The editor for a session, or for a corpus and the pair open in it, answering only on
    ``127.0.0.1:port``/``localhost:port``."""
    corpus = target if isinstance(target, Corpus) else None

    def current() -> Session:
        if corpus is None:
            return target  # type: ignore[return-value]
        if corpus.current is None:
            raise NoPair
        return corpus.current

    def html(name: str) -> Callable[[Request], Awaitable[Response]]:
        async def serve(request: Request) -> Response:
            return Response(page(token, name), media_type="text/html; charset=utf-8")

        return serve

    async def asset(request: Request) -> Response:
        found = ASSETS.get(request.path_params["name"])
        if found is None:
            return PlainTextResponse("not found", 404)
        return Response(_static(found[0]), media_type=found[1])

    async def state(request: Request) -> Response:
        try:
            answer = await run_in_threadpool(snapshot, current())
        except NoPair:
            return JSONResponse({"error": "open a pair of the corpus first"}, 409)
        return JSONResponse({**answer, "pair": corpus.name if corpus else None})

    async def job(request: Request) -> Response:
        try:
            return JSONResponse(progress(current()))
        except NoPair:
            return JSONResponse({"error": "open a pair of the corpus first"}, 409)

    routes = [
        Route("/", html("corpus.html" if corpus else "editor.html"), methods=["GET"]),
        Route("/assets/{name}", asset, methods=["GET"]),
        Route("/api/state", state, methods=["GET"]),
        Route("/api/job", job, methods=["GET"]),
        *(
            Route(f"/api/{name}", json_action(current, do), methods=["POST"])
            for name, do in changes(current).items()
        ),
    ]
    if corpus is not None:
        routes += corpus_routes(corpus, html("editor.html"))
    return Guard(Starlette(routes=routes), token, port)


def corpus_routes(corpus: Corpus, editor: Callable[[Request], Awaitable[Response]]) -> list[Route]:
    """The corpus editor's own routes: the pairs, opening one, the editor page for it."""

    async def pairs(request: Request) -> Response:
        rows = await run_in_threadpool(corpus.rows)
        return JSONResponse(
            {"out": str(corpus.out), "pairs": [r.record() for r in rows], "current": corpus.name}
        )

    async def open_pair(request: Request) -> Response:
        try:
            body = await read_json(request)
        except BadBody as exc:
            return JSONResponse({"error": str(exc)}, 400)
        name = body.get("name") if isinstance(body, dict) else None
        if not isinstance(name, str):
            return JSONResponse({"error": "open needs name (a pair's name)"}, 400)
        try:
            await run_in_threadpool(corpus.open, name)
        except (EditError, InputError) as exc:
            return JSONResponse({"error": str(exc)}, 404 if isinstance(exc, EditError) else 400)
        return JSONResponse({"opened": name})

    return [
        Route("/edit", editor, methods=["GET"]),
        Route("/api/pairs", pairs, methods=["GET"]),
        Route("/api/open", open_pair, methods=["POST"]),
    ]
