"""Graph API plumbing Facebook Pages and Instagram share: calls, errors, paging
and Facebook Login.

Followed:
- https://developers.facebook.com/docs/graph-api/results (cursor paging)
- https://developers.facebook.com/docs/graph-api/guides/error-handling (codes 190, 4, 17, 32, 613)
- https://developers.facebook.com/docs/facebook-login/guides/advanced/manual-flow
- https://developers.facebook.com/docs/facebook-login/guides/access-tokens/get-long-lived
- https://developers.facebook.com/documentation/business-messaging/messenger-platform/discovery/private-replies
  and https://developers.facebook.com/documentation/instagram-platform/private-replies (one
  private reply per comment, within 7 days, recipient {"comment_id": ...})
- https://developers.facebook.com/docs/messenger-platform/reference/send-api/error-codes
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

from .. import parsing as p
from ..base import Credentials, NetworkClient
from ..errors import AuthError, NotFound, PermanentError, TransientError
from ..oauth import build_authorize_url, request_token
from ..records import Sent

GRAPH_VERSION = "v25.0"
_RATE_LIMIT_CODES = ("(#4)", "(#17)", "(#32)", "(#613)", "(#80001)", "(#80002)")
DEFAULT_SCOPES = (
    "pages_show_list",
    "pages_read_engagement",
    "pages_read_user_content",
    "pages_manage_posts",
    "pages_manage_engagement",
    "pages_messaging",
)


class GraphClient(NetworkClient):
    """What Facebook and Instagram share: Graph calls, errors and Facebook Login."""

    default_base_url: ClassVar[str] = f"https://graph.facebook.com/{GRAPH_VERSION}"

    def _call(self, method: str, path: str, params: Mapping[str, str] | None = None, **kwargs: Any) -> Any:
        if not self.credentials.token:
            raise AuthError(self.slug, f"no access token: connect the account (or set BEDSIDE_{self.slug.upper()}_TOKEN)")
        headers = {"Authorization": f"Bearer {self.credentials.token}"}
        try:
            response = self.http.request(method, self.url(path), params=params, headers=headers, **kwargs)
        except PermanentError as exc:
            raise _graph_error(self.slug, exc) from exc
        return self.http.parse_json(response)

    def _get(self, path: str, params: Mapping[str, str]) -> Mapping[str, Any]:
        return p.obj(self.slug, self._call("GET", path, params), "response")

    def _next(self, answer: Mapping[str, Any], where: str = "paging") -> str | None:
        # Graph keeps "cursors" on the last page too; only "next" says there is more.
        paging = answer.get("paging")
        if not isinstance(paging, Mapping) or not paging.get("next"):
            return None
        cursors = p.obj(self.slug, paging.get("cursors"), f"{where}.cursors")
        after = cursors.get("after")
        return str(after) if after else None

    def _private_reply(self, sender_id: str, comment_id: str, text: str) -> Sent:
        """Meta's Private Replies: one message, in the person's inbox, to the
        author of a comment, sent by ``sender_id`` (the Page, or the Instagram
        account) with the comment itself as the recipient."""
        body = {"recipient": {"comment_id": comment_id}, "message": {"text": text}}
        try:
            # Never retried after a 5xx: a second try would be refused as "already replied".
            answer = self._call("POST", f"/{sender_id}/messages", json_body=body, idempotent=False)
        except PermanentError as exc:
            raise _private_reply_error(self.slug, self.label, exc) from exc
        answer = p.obj(self.slug, answer, "response")
        return Sent(self.slug, p.text(self.slug, answer, "message_id", "response", required=True))

    # -- Facebook Login ------------------------------------------------------
    def authorize_url(
        self, client_id: str, redirect_uri: str, state: str, scopes: Iterable[str] = DEFAULT_SCOPES
    ) -> str:
        return build_authorize_url(
            f"https://www.facebook.com/{GRAPH_VERSION}/dialog/oauth",
            client_id=client_id, redirect_uri=redirect_uri, state=state, scopes=scopes, scope_separator=",",
        )

    def exchange_code(self, code: str, redirect_uri: str) -> Credentials:
        form = {
            "client_id": self.credentials.client_id,
            "client_secret": self.credentials.client_secret,
            "redirect_uri": redirect_uri,
            "code": code,
        }
        return request_token(self.http, self.url("/oauth/access_token"), form, base=self.credentials, method="GET")

    def long_lived(self, credentials: Credentials) -> Credentials:
        """Trade a short-lived user token for a 60-day one. Facebook has no
        refresh tokens; Page tokens fetched with a long-lived user token do not expire."""
        form = {
            "grant_type": "fb_exchange_token",
            "client_id": credentials.client_id,
            "client_secret": credentials.client_secret,
            "fb_exchange_token": credentials.token,
        }
        return request_token(self.http, self.url("/oauth/access_token"), form, base=credentials, method="GET")

    def pages(self) -> list[dict[str, str]]:
        """The Pages the connected user manages, each with its own Page access
        token and linked Instagram professional account id (if any)."""
        answer = self._get("/me/accounts", {"fields": "id,name,access_token,instagram_business_account"})
        found = []
        for i, raw in enumerate(p.items(self.slug, answer.get("data", []), "data")):
            page = p.obj(self.slug, raw, f"data[{i}]")
            ig = page.get("instagram_business_account")
            found.append({
                "id": p.text(self.slug, page, "id", f"data[{i}]", required=True),
                "name": p.text(self.slug, page, "name", f"data[{i}]"),
                "access_token": p.text(self.slug, page, "access_token", f"data[{i}]"),
                "instagram_user_id": p.text(self.slug, ig, "id", f"data[{i}].instagram_business_account")
                if isinstance(ig, Mapping) else "",
            })
        return found


def _graph_error(network: str, exc: PermanentError) -> PermanentError | TransientError:
    """Graph answers most failures with HTTP 400 and an error code in the body."""
    text = exc.message
    lowered = text.lower()
    if isinstance(exc, AuthError | NotFound):
        return exc
    if any(code in text for code in _RATE_LIMIT_CODES) or "request limit reached" in lowered:
        return TransientError(network, text, status=exc.status)
    # Code 190 (bad or expired token). Only the first 200 characters of the body
    # reach us, and the token message comes first: "Error validating access token".
    if "access token" in lowered or "session has expired" in lowered or re.search(r'"code":\s*190\b', text):
        return AuthError(network, text, status=exc.status)
    # 2207013: business discovery found no professional account by that name.
    if "does not exist" in lowered or "(#803)" in text or "2207013" in text:
        return NotFound(network, text, status=exc.status)
    return exc


def _private_reply_error(network: str, label: str, exc: PermanentError) -> PermanentError:
    """Say in a person's words which of the documented private-reply limits was hit."""
    if isinstance(exc, AuthError | NotFound):
        return exc
    text = exc.message
    lowered = text.lower()
    if "(#10900)" in text or "already replied" in lowered:
        return PermanentError(network, f"{label} allows one private reply per comment and this comment already "
                              f"has one; write to the person by hand if more must be said ({text})", status=exc.status)
    if ("(#10903)" in text or "(#10902)" in text or "allowed window" in lowered or "2018278" in text
            or "can't be replied to" in lowered):
        return PermanentError(network, f"{label} allows a private reply only within 7 days of the comment; "
                              f"this one is older or cannot be answered privately: send the notice by hand ({text})",
                              status=exc.status)
    return exc
