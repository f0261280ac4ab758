"""HTTP for network clients: httpx with retries that honour Retry-After.

Every response is turned into either parsed data or one of the errors in
:mod:`bedside.networks.errors`, so clients never see a raw status code.
"""

from __future__ import annotations

import email.utils
import json
import ssl
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from functools import cache
from typing import Any

import httpx

from .errors import AuthError, NotFound, PayloadError, PermanentError, TransientError

USER_AGENT = "Bedside/0.1 (+self-hosted; health system social media)"

# Rate-limit headers each network documents for "when may I call again".
_RESET_HEADERS = ("x-rate-limit-reset", "x-ratelimit-reset", "ratelimit-reset")


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
    ) -> None:
        self.network = network
        self.max_retries = max_retries
        self.backoff = backoff
        self.max_wait = max_wait
        self.sleep = sleep
        self.client = client or httpx.Client(
            timeout=timeout, headers={"User-Agent": USER_AGENT}, follow_redirects=True, verify=tls_context()
        )

    def request(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        json_body: Any = None,
        data: Mapping[str, Any] | None = None,
        idempotent: bool = True,
    ) -> httpx.Response:
        """``idempotent=False`` for writes that must not happen twice (a post, a
        reply): only a 429, which the network refused before doing anything,
        is retried; after a 5xx or a timeout the post may already be live."""
        attempt = 0
        while True:
            try:
                response = self.client.request(
                    method, url, params=params, headers=headers, json=json_body, data=data
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
    text = response.text[:200].strip().replace("\n", " ")
    return f": {text}" if text else ""


def _looks_like_token_problem(response: httpx.Response) -> bool:
    body = response.text[:2000].lower()
    return any(word in body for word in ("token", "oauth", "expired", "unauthori", "credential"))
