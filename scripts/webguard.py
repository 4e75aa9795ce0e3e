"""The gate in front of Streamlit's web server: who may talk to Tverrkart, and how.

Streamlit 1.67 checks ``server.allowedHosts`` and the ``Origin`` only on the WebSocket,
and its origin check asks an outside service for the machine's IP address when the
``Origin`` is foreign. :class:`WebGuard` is an ASGI middleware that ``scripts/serve.py``
wraps around Streamlit's whole application, so every request (pages, ``/_stcore/*``,
``/media``, ``/app/static`` and the WebSocket) passes these checks first:

* the ``Host`` must be one of the allowed host names (DNS rebinding: a page whose name
  was made to point at 127.0.0.1 is refused);
* an ``Origin``, when the browser sends one, must be the app's own origin (the same
  name *and* port), so no other web page, nor another program on another localhost
  port, can open the app's WebSocket or post to it; Streamlit's own origin check, and
  its outside lookup, is never reached by a foreign origin. One exception: the map's
  scripts (:data:`MAP_SCRIPT_FOLDERS`) may be read by ``Origin: null``, the editable
  map's sandboxed frame;
* ``/_stcore/metrics`` does not exist (404);
* a file under ``/media/`` is served only while ``media_available`` says so (see
  ``scripts/media_owners.py``);
* an upload to ``/_stcore/upload_file/<session>/…`` is refused while ``upload_allowed``
  says the session already holds its limit in the upload store (see
  ``scripts/upload_quota.py``);
* every HTTP answer says the app may not be framed by any page (``X-Frame-Options:
  DENY`` and CSP ``frame-ancestors 'none'``). The map's ``srcdoc`` iframe is not
  affected: it is a frame *inside* the app, not a page framing it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any
from urllib.parse import urlsplit

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"x-frame-options", b"DENY"),
    (b"content-security-policy", b"frame-ancestors 'none'"),
)
"""Added to every HTTP answer: no other page may show the app in a frame."""

UPLOADS = "/_stcore/upload_file/"
"""Where the browser sends an uploaded file: ``UPLOADS + <session id>/<file id>``."""
PAGE_LANGUAGE = (b'<html lang="en">', b'<html lang="nb">')
"""Streamlit's page says it is English; Tverrkart's pages are Norwegian Bokmål (same length,
so ``Content-Length`` stays right)."""
MAP_SCRIPT_FOLDERS = ("/app/static/map/", "/app/static/vendor/")
"""The map's scripts. The editable map's frame is sandboxed (an opaque origin), so the
browser asks for them with ``Origin: null``; they hold nothing of any case, so that
origin may read them (GET only). Nothing else is served to it."""

REFUSED_HOST = "Tverrkart svarer ikke på denne adressen."
REFUSED_ORIGIN = "Forespørselen kom fra en annen nettside enn Tverrkart og ble avvist."
NOT_FOUND = "Finnes ikke."
UPLOAD_FULL = (
    "Denne fanen har lastet opp så mye at Tverrkart ikke tar imot flere filer nå. "
    "Lukk fanen og åpne Tverrkart på nytt."
)


def host_name(host: str | None) -> str | None:
    """The host name of a ``Host`` header (port and brackets dropped, lower case).

    ``None`` when the header is missing or not a plain ``name[:port]``.

    Examples
    --------
    >>> host_name("LocalHost:8501"), host_name("[::1]:8501"), host_name("127.0.0.1")
    ('localhost', '::1', '127.0.0.1')
    >>> host_name("user@evil.example"), host_name("a:b"), host_name(None)
    (None, None, None)
    """
    if not host:
        return None
    try:
        parts = urlsplit(f"//{host}")
        parts.port  # noqa: B018  (raises ValueError for a port that is not a number)
    except ValueError:
        return None
    if parts.username is not None or parts.path or parts.query or parts.fragment:
        return None
    return (parts.hostname or "").rstrip(".") or None


def is_own_origin(origin: str, host: str) -> bool:
    """True if ``origin`` is the app's own origin, the one in the ``Host`` header.

    Name and port must both match; the scheme may be ``http`` or ``https`` (behind a
    TLS proxy the server itself sees plain HTTP).

    Examples
    --------
    >>> is_own_origin("http://127.0.0.1:8501", "127.0.0.1:8501")
    True
    >>> is_own_origin("http://127.0.0.1:9999", "127.0.0.1:8501")
    False
    >>> is_own_origin("http://localhost:8501", "127.0.0.1:8501")
    False
    >>> is_own_origin("null", "127.0.0.1:8501")
    False
    """
    origin = origin.strip().lower()
    host = host.strip().lower()
    return origin in (f"http://{host}", f"https://{host}")


def _is_map_script_request(route: str, origin: str, method: str) -> bool:
    """True for a GET of a map script from the sandboxed map frame (``Origin: null``).

    Examples
    --------
    >>> _is_map_script_request("/app/static/vendor/vis-network.min.js", "null", "GET")
    True
    >>> _is_map_script_request("/app/static/map/map.js", "null", "POST")
    False
    >>> _is_map_script_request("/app/static/map/map.js", "http://evil.example", "GET")
    False
    >>> _is_map_script_request("/app/static/favicon.png", "null", "GET")
    False
    """
    return (
        origin.strip().lower() == "null"
        and method in ("GET", "HEAD")
        and route.startswith(MAP_SCRIPT_FOLDERS)
        and ".." not in route
    )


def _route(path: str, base_path: str) -> str:
    """``path`` without the base URL path, with repeated and trailing slashes removed."""
    clean = "/" + "/".join(part for part in path.split("/") if part)
    if base_path and (clean == base_path or clean.startswith(base_path + "/")):
        clean = clean[len(base_path) :] or "/"
    return clean


class WebGuard:
    """ASGI middleware that checks every request before Streamlit sees it.

    Parameters
    ----------
    app
        Streamlit's ASGI application.
    allowed_hosts
        Host names the app answers to (no ports; ``::1`` without brackets).
    base_path
        Streamlit's ``server.baseUrlPath`` (``""`` when the app is at ``/``).
    media_available
        Called with the name of a ``/media/`` file (``<id>.<ext>``); the file is served
        only when it returns True. ``None`` serves every file Streamlit has.
    upload_allowed
        Called with the session id of an upload; the upload is refused (413) when it
        returns False. ``None`` lets Streamlit's own per-file limit decide alone.
    """

    def __init__(
        self,
        app: ASGIApp,
        allowed_hosts: Iterable[str],
        base_path: str = "",
        media_available: Callable[[str], bool] | None = None,
        upload_allowed: Callable[[str], bool] | None = None,
    ) -> None:
        self.app = app
        self.allowed_hosts = frozenset(h.strip().lower().strip("[]") for h in allowed_hosts)
        if not self.allowed_hosts:
            raise ValueError("WebGuard trenger minst ett tillatt vertsnavn")
        self.base_path = "/" + base_path.strip("/") if base_path.strip("/") else ""
        self.media_available = media_available
        self.upload_allowed = upload_allowed

    def refusal(
        self, path: str, host: str | None, origin: str | None, method: str = "GET"
    ) -> tuple[int, str] | None:
        """Why a request is refused, as (HTTP status, Norwegian text), or None to let it in.

        Examples
        --------
        >>> guard = WebGuard(None, ["localhost", "127.0.0.1"])
        >>> guard.refusal("/", "127.0.0.1:8501", None) is None
        True
        >>> guard.refusal("/", "rebind.example:8501", None)[0]
        403
        >>> guard.refusal("/_stcore/stream", "localhost:8501", "http://localhost:3000")[0]
        403
        >>> guard.refusal("/_stcore//metrics/", "localhost:8501", None)[0]
        404
        >>> guard.refusal("/app/static/map/map.js", "localhost:8501", "null") is None
        True
        >>> guard.refusal("/_stcore/stream", "localhost:8501", "null")[0]
        403
        >>> full = WebGuard(None, ["localhost"], upload_allowed=lambda session: session != "s1")
        >>> full.refusal("/_stcore/upload_file/s1/f", "localhost:8501", None, "PUT")[0]
        413
        >>> full.refusal("/_stcore/upload_file/s2/f", "localhost:8501", None, "PUT") is None
        True
        """
        if host_name(host) not in self.allowed_hosts:
            return 403, REFUSED_HOST
        route = _route(path, self.base_path)
        foreign = origin is not None and not is_own_origin(origin, host or "")
        if foreign and not _is_map_script_request(route, origin or "", method):
            return 403, REFUSED_ORIGIN
        if route == "/_stcore/metrics":
            return 404, NOT_FOUND
        if (
            self.media_available is not None
            and route.startswith("/media/")
            and not self.media_available(route.removeprefix("/media/"))
        ):
            return 404, NOT_FOUND
        if self.upload_allowed is not None and method == "PUT" and route.startswith(UPLOADS):
            session_id = route.removeprefix(UPLOADS).split("/", 1)[0]
            if not self.upload_allowed(session_id):
                return 413, UPLOAD_FULL
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check an HTTP or WebSocket request; pass everything else (lifespan) through."""
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = _headers(scope)
        refused = self.refusal(
            scope.get("path", "/"),
            headers.get("host"),
            headers.get("origin"),
            scope.get("method", "GET"),
        )
        if refused is not None:
            await _refuse(scope, receive, send, *refused)
            return
        if scope["type"] == "websocket":
            await self.app(scope, receive, send)
            return

        html = {"page": False}

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
                html["page"] = _is_plain_html(message["headers"])
            elif message["type"] == "http.response.body" and html["page"]:
                message["body"] = message.get("body", b"").replace(*PAGE_LANGUAGE, 1)
            await send(message)

        if not _route(scope.get("path", "/"), self.base_path).startswith(("/_stcore", "/media")):
            scope = _without_compression(scope)  # the page's language is set in plain HTML
        await self.app(scope, receive, send_with_headers)


def _is_plain_html(headers: Iterable[tuple[bytes, bytes]]) -> bool:
    """Whether a response is an uncompressed HTML page (the only kind whose language is set)."""
    found = {name.decode("latin-1").lower(): value for name, value in headers}
    return found.get("content-type", b"").startswith(b"text/html") and (
        "content-encoding" not in found
    )


def _without_compression(scope: Scope) -> Scope:
    """The request without ``Accept-Encoding``, so its HTML answer comes uncompressed."""
    headers = [(k, v) for k, v in scope.get("headers", []) if k.lower() != b"accept-encoding"]
    return {**scope, "headers": headers}


def _headers(scope: Scope) -> dict[str, str]:
    """The request's ``Host`` and ``Origin`` (the first of each), decoded as Latin-1."""
    found: dict[str, str] = {}
    for name, value in scope.get("headers", []):
        key = name.decode("latin-1").lower()
        if key in ("host", "origin") and key not in found:
            found[key] = value.decode("latin-1")
    return found


async def _refuse(scope: Scope, receive: Receive, send: Send, status: int, text: str) -> None:
    """Answer a refused request: a plain-text HTTP answer, or a WebSocket closed unopened.

    A WebSocket closed before it is accepted gets ``403`` from the server.
    """
    if scope["type"] == "websocket":
        await receive()  # the "websocket.connect" event
        await send({"type": "websocket.close", "code": 1008})
        return
    body = f"{text}\n".encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                (b"cache-control", b"no-store"),
                *SECURITY_HEADERS,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
