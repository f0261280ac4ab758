"""Microsoft Teams incoming webhook stand-in.

What Microsoft documents for an incoming webhook
(https://learn.microsoft.com/en-us/microsoftteams/platform/webhooks-and-connectors/how-to/connectors-using#send-adaptive-cards-using-an-incoming-webhook):
the POST body is a ``{"type": "message", "attachments": [...]}`` envelope
whose attachment has ``contentType`` ``application/vnd.microsoft.card.adaptive``
and an Adaptive Card (``"type": "AdaptiveCard"``, a ``body`` of elements) as
``content``; a connector answers ``200`` with the text ``1`` when it posted
the card. Throttled connectors answer 429 ("Rate limiting for connectors" on
the same page). A card of the wrong shape is refused with 400 here.
"""

from __future__ import annotations

from typing import Any

from tests.standin.server import Request, Response, StandIn, fixture


def card_problem(body: Any) -> str:
    if not isinstance(body, dict) or body.get("type") != "message":
        return "the body is not a message envelope"
    attachments = body.get("attachments")
    if not isinstance(attachments, list) or not attachments:
        return "no attachments"
    first = attachments[0]
    if first.get("contentType") != "application/vnd.microsoft.card.adaptive":
        return "the attachment is not an Adaptive Card"
    content = first.get("content") or {}
    if content.get("type") != "AdaptiveCard" or not content.get("body"):
        return "the card has no body"
    # Action.OpenUrl's url is required (https://adaptivecards.io/explorer/Action.OpenUrl.html).
    if any(a.get("type") == "Action.OpenUrl" and not a.get("url") for a in content.get("actions", [])):
        return "an Action.OpenUrl has no url"
    return ""


def register(server: StandIn) -> None:
    example = fixture("teams/adaptive_card_message.json")
    assert card_problem(example) == "", "the documented example must pass the stand-in's own check"
    server.teams_cards = []  # type: ignore[attr-defined]

    def post(request: Request) -> Response:
        try:
            body = request.json()
        except ValueError:
            return Response(400, "Invalid JSON payload", content_type="text/plain")
        problem = card_problem(body)
        if problem:
            return Response(400, f"Bad payload: {problem}", content_type="text/plain")
        server.teams_cards.append(body)  # type: ignore[attr-defined]
        return Response(200, "1", content_type="text/plain")

    server.route("teams", "POST", "/webhookb2/", post)
