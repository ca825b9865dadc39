"""The receiving service: a Starlette application that stores each message, then answers.

POST /messages takes the form (application/x-www-form-urlencoded). A browser without
JavaScript gets a 303 to the site's thank-you page in the form's language (or an error page);
the page's script asks for JSON (Accept: application/json) and shows the answer without
reloading. Answers are in the form's language (field `langue`) once the form is read; what
is refused before (origin, rate limit, format) is answered in French.
Order of checks: origin, rate limit, format and size, fields; then the message is stored
(committed to disk) and only then is the answer sent and the delivery thread woken.
The rate limit counts visitors by the address proxies.py gives (X-Forwarded-For only from
trusted proxies). What Starlette or uvicorn would answer in English (404, 405, 500, a request
HTTP cannot parse) is answered in French too: pages.py, protocol.py.
"""

from __future__ import annotations

import asyncio
import html
import logging
import math
import time
from collections import OrderedDict, deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import parse_qs, urlsplit

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from . import form, pages
from .delivery import Worker
from .form import Refused
from .proxies import TrustedProxies
from .settings import Settings
from .store import Record

log = logging.getLogger("cpts.contact")

THANKS = ("Merci, votre demande a bien été reçue. La CPTS vous répondra par téléphone ou par "
          "e-mail.")


class RateLimiter:
    """At most `limit` submissions per client in any `window` seconds (sliding window).

    Clients are kept in memory only, for the window's duration: addresses are never stored.
    """

    def __init__(self, limit: int, window: float, max_clients: int = 50_000):
        self.limit = limit
        self.window = window
        self.max_clients = max_clients
        self._hits: OrderedDict[str, deque[float]] = OrderedDict()

    def check(self, client: str, now: float | None = None) -> float:
        """0 if allowed (and counted), else the seconds to wait."""
        now = time.monotonic() if now is None else now
        hits = self._hits.pop(client, None) or deque()
        while hits and hits[0] <= now - self.window:
            hits.popleft()
        self._hits[client] = hits  # most recently seen last
        while len(self._hits) > self.max_clients:
            self._hits.popitem(last=False)
        if len(hits) >= self.limit:
            return hits[0] + self.window - now
        hits.append(now)
        return 0.0


def create_app(settings: Settings, worker: Worker | None = None) -> Starlette:
    """The application; it opens the queue and starts the delivery thread at startup."""
    worker = worker or Worker(settings)
    limiter = RateLimiter(settings.rate_limit, settings.rate_window)
    proxies = TrustedProxies.parse(settings.trusted_proxies)
    warned = asyncio.Event()  # set once the setup warning below is logged

    def visitor(request: Request) -> str:
        """The rate-limit key: see proxies.py (uvicorn's own proxy handling is off)."""
        peer = request.client.host if request.client else None
        forwarded = request.headers.getlist("x-forwarded-for")
        if forwarded and not warned.is_set() and not proxies.trusts(peer):
            warned.set()  # once: a setup error to fix, not something to log per visitor
            log.warning("X-Forwarded-For ignoré : il vient de %s, qui n'est pas dans "
                        "CPTS_CONTACT_TRUSTED_PROXIES (%s). Si c'est le serveur web, ajoutez "
                        "son adresse : sinon tous les visiteurs partagent la même limite "
                        "d'envois.", peer, settings.trusted_proxies)
        return proxies.visitor(peer, forwarded)

    store_lock = asyncio.Lock()

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        worker.open()
        worker.start()
        log.info("service de contact prêt : file %s, messages pour %s", settings.database,
                 settings.recipient)
        try:
            yield
        finally:
            worker.stop()

    def store(fields: dict[str, str | list[str]]) -> Record | None:
        """In a thread: the commit waits for the disk. None when the queue is full."""
        assert worker.store is not None
        if worker.store.pending() >= settings.max_pending:
            return None
        return worker.store.add(fields)

    async def submit(request: Request) -> Response:
        origin = _origin(request)
        wants_json = "application/json" in request.headers.get("accept", "")
        try:
            if origin not in settings.allowed_origins:
                raise Refused("Ce formulaire n'accepte que les envois depuis le site de la CPTS "
                              f"({settings.form_url}).", status=403)
            wait = limiter.check(visitor(request))
            if wait:
                minutes = max(1, math.ceil(wait / 60))
                raise Refused("Trop d'envois depuis votre connexion : attendez "
                              f"{minutes} minute{'s' if minutes > 1 else ''} avant de réessayer, "
                              "ou appelez la CPTS.", status=429)
            fields = await _read_form(request)
            submission = form.validate(fields)
            async with store_lock:  # one writer at a time; SQLite serialises anyway
                record = await asyncio.to_thread(store, submission.fields)
            if record is None:
                raise Refused("Le service de messages est saturé pour le moment : appelez la "
                              "CPTS ou réessayez plus tard.", status=503)
        except Refused as refused:
            headers = {"Retry-After": "60"} if refused.status in (429, 503) else {}
            return _refusal(refused, wants_json, origin, settings, headers)
        worker.wake.set()
        log.info("message n° %s enregistré (%s)", record.id, record.reason)
        language = submission.language
        if wants_json:
            return JSONResponse({"ok": True, "message": language.gettext(THANKS)},
                                headers=_cors(origin, settings))
        return RedirectResponse(settings.in_language(settings.thanks_url, language),
                                status_code=303)

    async def preflight(request: Request) -> Response:
        origin = _origin(request)
        if origin not in settings.allowed_origins:
            return Response(status_code=403)
        headers = _cors(origin, settings)
        headers.update({"Access-Control-Allow-Methods": "POST",
                        "Access-Control-Allow-Headers": "Content-Type, Accept",
                        "Access-Control-Max-Age": "86400"})
        return Response(status_code=204, headers=headers)

    async def status(request: Request) -> Response:
        assert worker.store is not None
        pending = await asyncio.to_thread(worker.store.pending)
        return JSONResponse({"ok": True, "en_attente": pending})

    async def messages(request: Request) -> Response:
        """One route, so that a 405 lists both methods in its Allow header."""
        return await (preflight(request) if request.method == "OPTIONS" else submit(request))

    routes = [
        Route("/messages", messages, methods=["POST", "OPTIONS"]),
        Route("/etat", status, methods=["GET"]),
    ]
    app = Starlette(routes=routes, lifespan=lifespan,
                    exception_handlers=_error_handlers(settings))
    app.state.worker = worker
    return app


async def _read_form(request: Request) -> dict[str, list[str]]:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "application/x-www-form-urlencoded":
        raise Refused("Format d'envoi non reconnu : envoyez le formulaire depuis la page "
                      "Contact du site.", status=415)
    too_big = Refused(f"Votre message est trop long (plus de {form.MAX_BODY // 1024} Ko) : "
                      "raccourcissez-le.", status=413)
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > form.MAX_BODY:
        raise too_big
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > form.MAX_BODY:
            raise too_big
    try:
        text = body.decode("utf-8")
        return parse_qs(text, keep_blank_values=True, strict_parsing=bool(text),
                        encoding="utf-8", errors="strict", max_num_fields=60)
    except (UnicodeDecodeError, ValueError) as exc:
        raise Refused("Le formulaire reçu est illisible : envoyez-le depuis la page Contact du "
                      "site.") from exc


def _origin(request: Request) -> str:
    """The page's origin: the Origin header, else the Referer's (some privacy tools drop one)."""
    origin = request.headers.get("origin")
    if origin and origin != "null":
        return origin.rstrip("/")
    referer = urlsplit(request.headers.get("referer", ""))
    return f"{referer.scheme}://{referer.netloc}" if referer.netloc else ""


def _cors(origin: str, settings: Settings) -> dict[str, str]:
    if origin in settings.allowed_origins:
        return {"Access-Control-Allow-Origin": origin, "Vary": "Origin"}
    return {"Vary": "Origin"}


def _refusal(refused: Refused, wants_json: bool, origin: str, settings: Settings,
             headers: dict[str, str]) -> Response:
    if wants_json:
        body: dict[str, Any] = {"ok": False, "message": refused.message, "erreurs": refused.errors}
        return JSONResponse(body, status_code=refused.status,
                            headers={**headers, **_cors(origin, settings)})
    t = refused.language.gettext
    items = "".join(f"<li>{html.escape(m)}</li>" for m in refused.errors.values())
    intro = t("Corrigez ces points, puis renvoyez le formulaire :") if items else refused.message
    return pages.render_page(
        title=t("Message non envoyé"), heading=t("Votre message n'a pas été envoyé"),
        body=f"<p>{html.escape(intro)}</p>" + (f"<ul>{items}</ul>" if items else ""),
        form_url=settings.in_language(settings.form_url, refused.language),
        status=refused.status, language=refused.language, headers=headers)


def _error_handlers(settings: Settings) -> dict[Any, Any]:
    """French answers for what Starlette itself would answer in English (404, 405, 500…).

    JSON for the page's script (with the CORS header, so that it can read it), a page for a
    browser; a 500 is logged with its traceback by the server, the visitor reads no detail."""

    def answer(request: Request, status: int, headers: dict[str, str]) -> Response:
        title, text = pages.http_error_text(status)
        origin = _origin(request)
        if "application/json" in request.headers.get("accept", ""):
            return JSONResponse({"ok": False, "message": text, "erreurs": {}},
                                status_code=status, headers={**headers,
                                                             **_cors(origin, settings)})
        return pages.render_page(title=title, heading=title, body=f"<p>{html.escape(text)}</p>",
                                 form_url=settings.form_url, status=status, headers=headers)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        return answer(request, exc.status_code, dict(exc.headers or {}))

    async def server_error(request: Request, exc: Exception) -> Response:
        return answer(request, 500, {})

    return {HTTPException: http_error, Exception: server_error}
