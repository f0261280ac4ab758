"""How an alert travels: e-mail, a Slack-compatible webhook, a Microsoft
Teams incoming webhook, and a signed webhook for a paging system.

Each sender takes the alert's PHI-free text and link and raises
:class:`DeliveryError` with what the far end answered (a status code, the
transport's own words, never the alert's text) when it did not take it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx
from django.conf import settings
from django.core.mail import send_mail

WEBHOOK_TIMEOUT = 5.0
SIGNATURE_HEADER = "X-Bedside-Signature"
TIMESTAMP_HEADER = "X-Bedside-Timestamp"
DELIVERY_HEADER = "X-Bedside-Delivery"


class DeliveryError(Exception):
    """The transport did not take the alert; the text is safe to store."""


@dataclass(frozen=True)
class Outgoing:
    delivery_id: int
    event: str
    text: str
    link: str
    message_id: int | None


def host_of(url: str) -> str:
    """A webhook's host, to show and store: the full URL is a credential."""
    return urlsplit(url).netloc or url[:60]


def email(address: str, item: Outgoing) -> None:
    try:
        send_mail(item.text[:150], item.text, settings.DEFAULT_FROM_EMAIL, [address], fail_silently=False)
    except Exception as exc:  # noqa: BLE001 - any backend error is this delivery's failure
        raise DeliveryError(f"{type(exc).__name__}: {exc}"[:300]) from None


def _post(url: str, body: bytes, headers: dict[str, str]) -> httpx.Response:
    try:
        response = httpx.post(url, content=body, headers={"Content-Type": "application/json", **headers},
                              timeout=WEBHOOK_TIMEOUT)
    except (httpx.HTTPError, OSError) as exc:
        raise DeliveryError(f"{type(exc).__name__}: {exc}"[:300]) from None
    if not response.is_success:
        raise DeliveryError(f"HTTP {response.status_code} from {host_of(url)}: {response.text[:120]}"[:300])
    return response


def slack(url: str, item: Outgoing) -> None:
    _post(url, json.dumps({"text": item.text, "username": "Bedside"}).encode(), {})


def teams_card(item: Outgoing) -> dict[str, object]:
    """An Adaptive Card in the message envelope an incoming webhook takes:
    https://learn.microsoft.com/en-us/microsoftteams/platform/webhooks-and-connectors/how-to/connectors-using#send-adaptive-cards-using-an-incoming-webhook
    """
    return {
        "type": "message",
        "attachments": [{
            "contentType": "application/vnd.microsoft.card.adaptive",
            "contentUrl": None,
            "content": {
                "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                "type": "AdaptiveCard",
                "version": "1.4",
                "body": [
                    {"type": "TextBlock", "text": item.text.split(":", 1)[0], "weight": "Bolder", "size": "Medium",
                     "wrap": True},
                    {"type": "TextBlock", "text": item.text, "wrap": True},
                ],
                "actions": [{"type": "Action.OpenUrl", "title": "Open in Bedside", "url": item.link}],
            },
        }],
    }


def teams(url: str, item: Outgoing) -> None:
    response = _post(url, json.dumps(teams_card(item)).encode(), {})
    # A connector answers 200 with its own error text when it throttles or
    # refuses the card (Microsoft's "Rate limiting for connectors"); "1" is
    # its success, a Workflows webhook answers 202 with no body.
    answer = response.text.strip()
    if answer and answer != "1" and "error" in answer.lower():
        raise DeliveryError(f"Teams refused the card: {answer[:200]}")


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """``sha256=`` and the hex HMAC-SHA256 of ``timestamp.body``: the
    timestamp is signed too, so a captured request cannot be replayed later."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def signed(url: str, secret: str, item: Outgoing) -> None:
    if not secret:
        raise DeliveryError("the signed webhook has no signing secret")
    body = json.dumps({
        "delivery": item.delivery_id,  # the same on every retry: the pager drops repeats by it
        "event": item.event,
        "summary": item.text,
        "url": item.link,
        "message": item.message_id,
    }).encode()
    timestamp = str(int(time.time()))
    _post(url, body, {TIMESTAMP_HEADER: timestamp, SIGNATURE_HEADER: signature(secret, timestamp, body),
                      DELIVERY_HEADER: str(item.delivery_id)})
