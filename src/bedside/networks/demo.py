"""The demo network: a sandbox served by `bedside demo` itself on 127.0.0.1.

In the demo no real network has a token, so every reply, takedown and hide
ended in a red "no access token" and a newcomer never saw the main flow
finish. The demo's sample channel is on this network instead: the same
client interface, the same exactly-once sending (it takes an idempotency key
and lists our replies back), and a page that shows where each reply went.
Nothing here leaves the machine, and it is refused outside the demo: the
base URL (``BEDSIDE_API_BASE_DEMO``) is set only by `bedside demo`, to its
own address.

The API it speaks (served by :mod:`bedside.workspace.demo_network`):
``POST /items/{id}/replies`` (``Idempotency-Key`` header) and ``GET`` the same
to list them; ``POST /items/{id}/private``; ``POST /items/{id}/hide``;
``DELETE /items/{id}``; ``GET /me``. Bearer token auth.
"""

from __future__ import annotations

import uuid
from typing import Any, ClassVar
from urllib.parse import urlsplit

from . import parsing as p
from .base import Credentials, NetworkClient
from .errors import AuthError, NotSupported
from .http import HttpTransport
from .records import PostedReply, Sent

LABEL = "Demo network"


class DemoClient(NetworkClient):
    slug: ClassVar[str] = "demo"
    label: ClassVar[str] = LABEL
    default_base_url: ClassVar[str] = ""  # set by `bedside demo` only
    capabilities: ClassVar[frozenset[str]] = frozenset({"reply", "hide", "delete", "private"})
    takes_idempotency_key: ClassVar[bool] = True
    reads_back_replies: ClassVar[bool] = True

    def __init__(self, credentials: Credentials | None = None, *, base_url: str | None = None,
                 transport: HttpTransport | None = None) -> None:
        # The sandbox is the demo's own server (the address `bedside demo`
        # set): allowed past the private-address guard for this client only.
        # Sync's factory hands every client a shared transport, so the
        # allowance is added to whichever transport this client got.
        super().__init__(credentials, base_url=base_url, transport=transport)
        own = {"127.0.0.1", "localhost", urlsplit(base_url or "").hostname or "127.0.0.1"}
        self.http.allowed_hosts = frozenset(own | (self.http.allowed_hosts or frozenset()))

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        if not self.base_url:
            raise NotSupported(self.slug, "the demo network runs only inside `bedside demo`")
        if not self.credentials.token:
            raise AuthError(self.slug, "no access token for the demo network's channel")
        headers = {"Authorization": f"Bearer {self.credentials.token}", **kwargs.pop("headers", {})}
        return self.http.parse_json(self.http.request(method, self.url(path), headers=headers, **kwargs))

    def whoami(self, handle: str) -> str:
        me = p.obj(self.slug, self._call("GET", "/me"), "me")
        return p.text(self.slug, me, "handle", "me", required=True)

    def reply(self, handle: str, in_reply_to: str, text: str, *, idempotency_key: str = "") -> Sent:
        answer = p.obj(self.slug, self._call(
            "POST", f"/items/{in_reply_to}/replies", json_body={"text": text, "as": handle},
            headers={"Idempotency-Key": idempotency_key or uuid.uuid4().hex}, idempotent=False), "reply")
        return Sent(self.slug, p.text(self.slug, answer, "id", "reply", required=True),
                    p.text(self.slug, answer, "url", "reply"))

    def our_replies(self, handle: str, in_reply_to: str) -> list[PostedReply]:
        answer = p.obj(self.slug, self._call("GET", f"/items/{in_reply_to}/replies"), "replies")
        found = []
        for i, raw in enumerate(p.items(self.slug, answer.get("data", []), "data")):
            item = p.obj(self.slug, raw, f"data[{i}]")
            if p.text(self.slug, item, "as", f"data[{i}]") != handle:
                continue
            found.append(PostedReply(self.slug, p.text(self.slug, item, "id", f"data[{i}]", required=True),
                                     p.text(self.slug, item, "text", f"data[{i}]"),
                                     p.text(self.slug, item, "url", f"data[{i}]")))
        return found

    def send_private(self, handle: str, author_handle: str, in_reply_to: str, text: str) -> Sent:
        answer = p.obj(self.slug, self._call(
            "POST", f"/items/{in_reply_to}/private", json_body={"text": text, "as": handle, "to": author_handle},
            idempotent=False), "private")
        return Sent(self.slug, p.text(self.slug, answer, "id", "private", required=True),
                    p.text(self.slug, answer, "url", "private"))

    def hide(self, handle: str, external_id: str) -> None:
        self._call("POST", f"/items/{external_id}/hide", json_body={"as": handle})

    def delete(self, handle: str, external_id: str) -> None:
        self._call("DELETE", f"/items/{external_id}")
