"""Publishing: for now, the guard on a draft post or reply written anywhere,
before anyone pastes it into a network. Scheduling and publishing come later;
the page says so. Drafts here are not stored, so nothing is audited or logged."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_POST

from bedside.guard import Context, Result, scan
from bedside.inbox.highlight import pieces
from bedside.workspace.identifiers import our_public_identifiers
from bedside.workspace.permissions import requires
from bedside.workspace.roles import Can

MAX_DRAFT = 20_000  # characters
KINDS = (
    ("post", "A post on our own channels"),
    ("reply", "A public reply to a comment or mention"),
    ("review_reply", "A reply to a review"),
    ("message", "A private message"),
)


def _check(request: HttpRequest) -> tuple[dict[str, object], list[str]]:
    text = request.POST.get("body", "")
    kind = request.POST.get("kind", "post")
    replying_to = request.POST.get("replying_to", "").strip()
    errors = []
    if kind not in dict(KINDS):
        errors.append(f"Pick what the draft is: {kind!r} is not one of the choices.")
        kind = "post"
    if len(text) > MAX_DRAFT or len(replying_to) > MAX_DRAFT:
        errors.append(f"A draft and the text it answers can each be at most {MAX_DRAFT:,} characters.")
        text, replying_to = text[:MAX_DRAFT], replying_to[:MAX_DRAFT]
    result: Result | None = None
    if text.strip():
        ctx = Context(direction="outbound", kind=kind, replying_to=(replying_to or None) if kind != "post" else None,
                      **our_public_identifiers())
        result = scan(text, ctx)
    findings = [f.to_dict() for f in result.findings] if result else []
    state = {"result": result, "pieces": pieces(text, findings), "findings": findings, "subject": "draft",
             "body": text, "kind": kind, "replying_to": replying_to, "kinds": KINDS}
    return state, errors


@requires(Can.REPLY, Can.APPROVE)
@require_http_methods(["GET", "POST"])
def check_page(request: HttpRequest) -> HttpResponse:
    """The page; a POST (without JavaScript) shows the same findings on the page."""
    if request.method == "POST":
        state, errors = _check(request)
    else:
        state, errors = {"result": None, "subject": "draft", "kind": "post", "kinds": KINDS}, []
    return render(request, "publishing/check.html", {**state, "errors": errors})


@requires(Can.REPLY, Can.APPROVE)
@require_POST
def check_fragment(request: HttpRequest) -> HttpResponse:
    """htmx: the guard's findings as the draft is typed (the page's textareas
    keep a draft within bounds; the page itself shows any error)."""
    state, _errors = _check(request)
    return render(request, "inbox/_guard.html", state)
