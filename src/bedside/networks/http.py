"""HTTP for network clients: httpx with retries that honour Retry-After.

Every response is turned into either parsed data or one of the errors in
:mod:`bedside.networks.errors`, so clients never see a raw status code.
"""

from __future__ import annotations

import email.utils
import ipaddress
import json
import socket
import ssl
import time
from collections.abc import Callable, Collection, Mapping
from datetime import UTC, datetime
from functools import cache
from typing import Any

import httpx

from .errors import AuthError, NotFound, PayloadError, PermanentError, TransientError

USER_AGENT = "Bedside/0.1 (+self-hosted; health system social media)"

# Rate-limit headers each network documents for "when may I call again".
_RESET_HEADERS = ("x-rate-limit-reset", "x-ratelimit-reset", "ratelimit-reset")


# -- where Bedside may fetch -------------------------------------------------
#: hosts an admin allowed although they are (or resolve to) loopback, private,
#: link-local or reserved addresses; set once per process by :func:`allow_hosts`
_allowed_hosts: frozenset[str] = frozenset()


class BlockedAddress(PermanentError):
    """A URL that points inside the hospital's network (SSRF): never fetched."""


def allow_hosts(hosts: Collection[str]) -> None:
    """Allow these host names or IP literals although they are not public
    (the Django app passes ``BEDSIDE_ALLOWED_FETCH_HOSTS`` here at start-up)."""
    global _allowed_hosts
    _allowed_hosts = frozenset(h.strip().lower().strip("[]") for h in hosts if h.strip())


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def check_destination(network: str, host: str, port: int | None, allowed: Collection[str] | None = None) -> None:
    """Refuse a host that is, or resolves to, anything but a public address,
    unless it is allowed. Every address a name resolves to must be public: a
    name with one public and one private address could be steered to either."""
    host = host.lower().strip("[]")
    if host in (_allowed_hosts if allowed is None else allowed):
        return
    try:
        addresses = [ipaddress.ip_address(host).compressed]
    except ValueError:
        try:
            found = socket.getaddrinfo(host, port or 443, proto=socket.IPPROTO_TCP)
        except (socket.gaierror, UnicodeError) as exc:
            raise TransientError(network, f"cannot resolve {host}: {exc}") from None
        addresses = sorted({str(info[4][0]) for info in found})
    for address in addresses:
        if not _public(address):
            raise BlockedAddress(
                network, f"refused to fetch from {host}: it is a loopback, private, link-local or reserved "
                         f"address ({address}); an admin can allow it with BEDSIDE_ALLOWED_FETCH_HOSTS")


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    current = now if now is not None else time.time()
    return max(0.0, when.timestamp() - current)


def _reset_wait(headers: Mapping[str, str], now: float) -> float | None:
    """Seconds until a rate-limit window resets, from epoch or delta headers."""
    for name in _RESET_HEADERS:
        raw = headers.get(name)
        if raw is None:
            continue
        try:
            number = float(raw)
        except ValueError:
            continue
        # Epoch timestamps (X) are large; deltas (Reddit, Mastodon draft) small.
        return max(0.0, number - now) if number > 1e9 else number
    return None


@cache
def tls_context() -> ssl.SSLContext:
    """httpx's default certificate verification (its CA bundle, or
    SSL_CERT_FILE / SSL_CERT_DIR), built once a process and shared by every
    client: httpx builds it anew for each Client otherwise, ~30 ms of CPU
    loading the CA bundle, and a sync makes a client per channel (1.5 s of
    a 50-channel sync). An SSLContext is safe to share between clients and
    threads."""
    return httpx.create_ssl_context()


class HttpTransport:
    """A shared httpx client with bounded retries for one network."""

    def __init__(
        self,
        network: str,
        *,
        timeout: float = 20.0,
        max_retries: int = 4,
        backoff: float = 0.5,
        max_wait: float = 60.0,
        sleep: Callable[[float], None] = time.sleep,
        client: httpx.Client | None = None,
        allowed_hosts: Collection[str] | None = None,
    ) -> None:
        """``allowed_hosts``: the non-public hosts this transport may reach
        (default: those given to :func:`allow_hosts`). Every request, and every
        redirect it follows, is checked before it is sent."""
        self.network = network
        self.allowed_hosts = None if allowed_hosts is None else frozenset(h.lower() for h in allowed_hosts)
        self.max_retries = max_retries
        self.backoff = backoff
        self.max_wait = max_wait
        self.sleep = sleep
        self.client = client or httpx.Client(
            timeout=timeout, headers={"User-Agent": USER_AGENT}, follow_redirects=True, verify=tls_context(),
        )
        # httpx calls request hooks for the first request and for each redirect.
        self.client.event_hooks["request"] = [*self.client.event_hooks["request"], self._check_destination]

    def _check_destination(self, request: httpx.Request) -> None:
        check_destination(self.network, request.url.host, request.url.port, self.allowed_hosts)

    def request(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        json_body: Any = None,
        data: Mapping[str, Any] | None = None,
        content: bytes | None = None,
        files: Mapping[str, tuple[str, bytes, str]] | None = None,
        idempotent: bool = True,
    ) -> httpx.Response:
        """``idempotent=False`` for writes that must not happen twice (a post, a
        reply): only a 429, which the network refused before doing anything,
        is retried; after a 5xx or a timeout the post may already be live.
        ``content`` is a raw body (an image upload), ``files`` a multipart
        upload: {field: (file name, bytes, content type)}."""
        attempt = 0
        while True:
            try:
                response = self.client.request(
                    method, url, params=params, headers=headers, json=json_body, data=data, content=content,
                    files=files,
                )
            except httpx.TimeoutException as exc:
                error: TransientError = TransientError(self.network, f"timed out: {exc}")
            except httpx.TransportError as exc:
                error = TransientError(self.network, f"connection failed: {exc}")
            else:
                failure = self._classify(response)
                if failure is None:
                    return response
                if isinstance(failure, PermanentError):
                    raise failure
                error = failure
            attempt += 1
            if attempt > self.max_retries or (not idempotent and error.status != 429):
                raise error
            wait = error.retry_after
            if wait is None:
                wait = self.backoff * (2 ** (attempt - 1))
            if wait > self.max_wait:
                # Waiting that long inside one sync would stall the worker:
                # give up now and let the scheduler try after the window.
                raise error
            self.sleep(wait)

    def get_json(self, url: str, **kwargs: Any) -> Any:
        return self.parse_json(self.request("GET", url, **kwargs))

    def post_json(self, url: str, **kwargs: Any) -> Any:
        return self.parse_json(self.request("POST", url, **kwargs))

    def get_text(self, url: str, **kwargs: Any) -> str:
        return self.request("GET", url, **kwargs).text

    def parse_json(self, response: httpx.Response) -> Any:
        if not response.content:
            return {}
        try:
            return json.loads(response.content)
        except ValueError as exc:
            raise PayloadError(self.network, str(response.url), f"malformed JSON: {exc}") from exc

    def _classify(self, response: httpx.Response) -> TransientError | PermanentError | None:
        status = response.status_code
        if status < 400:
            return None
        summary = _error_summary(response)
        if status == 429 or status == 503 or (status == 420):
            wait = parse_retry_after(response.headers.get("retry-after"))
            if wait is None:
                wait = _reset_wait(response.headers, datetime.now(UTC).timestamp())
            return TransientError(
                self.network, f"rate limited (HTTP {status}){summary}", status=status, retry_after=wait
            )
        if status >= 500 or status == 408:
            return TransientError(
                self.network,
                f"server error (HTTP {status}){summary}",
                status=status,
                retry_after=parse_retry_after(response.headers.get("retry-after")),
            )
        if status == 401 or (status == 403 and _looks_like_token_problem(response)):
            return AuthError(self.network, f"token rejected (HTTP {status}){summary}", status=status)
        if status in (404, 410):
            return NotFound(self.network, f"not found (HTTP {status}){summary}", status=status)
        return PermanentError(self.network, f"request refused (HTTP {status}){summary}", status=status)

    def close(self) -> None:
        self.client.close()


def _error_summary(response: httpx.Response) -> str:
    """A short reason, never the body: a body can be anything the other end
    chose (an internal page, a secret) and errors are shown to every role.
    From a JSON error the networks document (``{"error": {"message", "code",
    …}}``, OAuth's ``{"error", "error_description"}``) only its short scalar
    fields are kept, which the clients also read to sort the failure; from
    anything else, only the HTTP reason phrase."""
    fields: dict[str, object] = {}
    content = response.content
    if content[:1] in (b"{", b"[") and len(content) <= 65536:
        try:
            fields = _error_fields(json.loads(content))
        except ValueError:
            fields = {}
    if fields:
        return ": " + json.dumps(fields, ensure_ascii=False)[:300]
    reason = response.reason_phrase.strip()[:60]
    return f": {reason}" if reason else ""


_ERROR_FIELDS = ("message", "error", "error_description", "code", "error_subcode", "type", "status", "detail",
                 "description", "title", "reason", "error_user_msg")


def _error_fields(payload: Any) -> dict[str, object]:
    if isinstance(payload, list) and payload:
        payload = payload[0]
    if not isinstance(payload, dict):
        return {}
    if isinstance(payload.get("error"), dict):
        payload = payload["error"]
    elif isinstance(payload.get("errors"), list) and payload["errors"] and isinstance(payload["errors"][0], dict):
        payload = payload["errors"][0]
    return {key: (value[:200] if isinstance(value, str) else value) for key in _ERROR_FIELDS
            if isinstance(value := payload.get(key), str | int | float) and not isinstance(value, bool)}


def _looks_like_token_problem(response: httpx.Response) -> bool:
    body = response.text[:2000].lower()
    return any(word in body for word in ("token", "oauth", "expired", "unauthori", "credential"))
