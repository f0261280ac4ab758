"""One HTTP server on 127.0.0.1 that stands in for every network's API.

Each network registers its routes in its own module under ``tests/standin/``
(``tests/standin/<slug>.py`` with a ``register(server)`` function); clients are
pointed at ``server.base_url(slug)``, which is ``http://127.0.0.1:PORT/<slug>``.

Faults are scripted per test with :meth:`StandIn.fail_next`: a 429 with
Retry-After, a 500, malformed JSON, an expired token or a truncated body.
"""

from __future__ import annotations

import email.policy
import importlib
import json
import threading
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from email.parser import BytesParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

FIXTURES = Path(__file__).parent / "fixtures"


@dataclass
class Request:
    method: str
    path: str  # without the /<slug> prefix
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body or b"null")

    def form(self) -> dict[str, str]:
        return {k: v[-1] for k, v in parse_qs(self.body.decode()).items()}

    def multipart(self) -> dict[str, tuple[str, bytes, str]]:
        """A multipart/form-data body: {field: (file name or "", bytes,
        content type)}; empty when the body is not multipart."""
        kind = self.headers.get("content-type", "")
        if not kind.startswith("multipart/form-data"):
            return {}
        message = BytesParser(policy=email.policy.HTTP).parsebytes(
            f"Content-Type: {kind}\r\n\r\n".encode() + self.body)
        parts: dict[str, tuple[str, bytes, str]] = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition") or ""
            data = part.get_payload(decode=True) or b""
            parts[str(name)] = (part.get_filename() or "", data, part.get_content_type())
        return parts


@dataclass
class Response:
    status: int = 200
    body: bytes | str | Any = b""
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "application/json"

    def encoded(self) -> bytes:
        if isinstance(self.body, bytes):
            return self.body
        if isinstance(self.body, str):
            return self.body.encode()
        return json.dumps(self.body).encode()


Handler = Callable[[Request], Response]


def fixture(name: str) -> Any:
    """Load ``fixtures/<name>`` (JSON parsed, anything else as text)."""
    path = FIXTURES / name
    text = path.read_text(encoding="utf-8")
    return json.loads(text) if path.suffix == ".json" else text


class StandIn:
    def __init__(self) -> None:
        self.routes: dict[tuple[str, str], list[tuple[str, Handler]]] = defaultdict(list)
        self.faults: dict[str, deque[Response]] = defaultdict(deque)
        self.log: list[tuple[str, Request]] = []
        #: what each network accepted, by (slug, parent id): the routes that
        #: list a post's replies read it back from here
        self.posted: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- set-up --------------------------------------------------------------
    def route(self, slug: str, method: str, path_prefix: str, handler: Handler) -> None:
        """Answer ``method /<slug><path_prefix>...`` with ``handler``.

        The longest matching prefix wins, so ``/users/by/username/`` and
        ``/users/`` can both be registered.
        """
        self.routes[(slug, method.upper())].append((path_prefix, handler))
        self.routes[(slug, method.upper())].sort(key=lambda r: -len(r[0]))

    def fail_next(self, slug: str, response: Response, times: int = 1) -> None:
        for _ in range(times):
            self.faults[slug].append(response)

    def load(self, *slugs: str) -> StandIn:
        for slug in slugs:
            importlib.import_module(f"tests.standin.{slug}").register(self)
        return self

    def corrupt_once(
        self, slug: str, matches: Callable[[Request], bool], corrupt: Callable[[Any], Any]
    ) -> None:
        """Answer the first GET to ``slug`` that ``matches`` with what the
        routes answer, passed through ``corrupt`` (the body parsed when it is
        JSON, text otherwise; it returns the body to send): partners' pages
        with one record changed, served by the same stand-in as the rest."""
        routes = list(self.routes[(slug, "GET")])
        done: list[bool] = []

        def answer(request: Request) -> Response:
            response = next(h for prefix, h in routes if request.path.startswith(prefix))(request)
            if done or response.status != 200 or not matches(request):
                return response
            done.append(True)
            body = response.body.decode() if isinstance(response.body, bytes) else response.body
            if isinstance(body, str) and response.content_type == "application/json":
                body = json.loads(body)
            return Response(200, corrupt(body), response.headers, response.content_type)

        self.routes[(slug, "GET")] = [("", answer)]

    def base_url(self, slug: str) -> str:
        assert self._server is not None, "start() the stand-in first"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/{slug}"

    def requests_to(self, slug: str) -> list[Request]:
        return [r for s, r in self.log if s == slug]

    # -- running -------------------------------------------------------------
    def start(self) -> StandIn:
        standin = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:  # keep test output quiet
                pass

            def _serve(self) -> None:
                parts = urlsplit(self.path)
                _, slug, *rest = parts.path.split("/", 2)
                path = "/" + (rest[0] if rest else "")
                length = int(self.headers.get("content-length") or 0)
                request = Request(
                    method=self.command,
                    path=path,
                    query={k: v[-1] for k, v in parse_qs(parts.query).items()},
                    headers={k.lower(): v for k, v in self.headers.items()},
                    body=self.rfile.read(length) if length else b"",
                )
                standin.log.append((slug, request))
                response = standin._answer(slug, request)
                body = response.encoded()
                self.send_response(response.status)
                self.send_header("Content-Type", response.content_type)
                for name, value in response.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_DELETE = do_PUT = do_PATCH = _serve

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        # A short poll interval: shutdown() waits up to one interval, and every
        # test stops its own stand-in (the default 0.5 s added 0.5 s a test).
        server = self._server
        self._thread = threading.Thread(target=lambda: server.serve_forever(poll_interval=0.01), daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def _answer(self, slug: str, request: Request) -> Response:
        if self.faults[slug]:
            return self.faults[slug].popleft()
        for prefix, handler in self.routes.get((slug, request.method), []):
            if request.path.startswith(prefix):
                return handler(request)
        return Response(404, {"error": f"stand-in has no route for {request.method} {request.path}"})
