"""The composer: one post, a text per channel, counted and checked as it is
typed (htmx), saved as a draft or submitted for approval."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.contrib import messages as flash
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods, require_POST

from bedside.channels.models import Channel
from bedside.inbox.highlight import pieces
from bedside.networks.registry import NETWORKS
from bedside.publishing import approval, compose
from bedside.publishing.approval import Authorization, PostError, VariantInput
from bedside.publishing.models import CONTENT_TYPES, Campaign, Post
from bedside.workspace import audit
from bedside.workspace.permissions import requires
from bedside.workspace.roles import Can


def publishable_channels() -> list[Channel]:
    return [c for c in Channel.objects.filter(organization__is_ours=True).select_related("organization")
            if compose.can_publish(c.network)]


@dataclass
class Row:
    """One channel's part of the form."""

    channel: Channel
    picked: bool
    body: str
    when: str  # as the datetime-local input shows it

    @property
    def label(self) -> str:
        return f"{NETWORKS.get(self.channel.network, self.channel.network)} {self.channel.handle}"


def _local(value: datetime | None) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M") if value else ""


def parse_when(raw: str, where: str) -> datetime | None:
    """A datetime-local value, read in the workspace's time zone."""
    raw = raw.strip()
    if not raw:
        return None
    try:
        naive = datetime.fromisoformat(raw)
    except ValueError:
        raise PostError({where: [f"{raw[:40]!r} is not a date and time (YYYY-MM-DD HH:MM)."]}) from None
    return timezone.make_aware(naive.replace(tzinfo=None), timezone.get_current_timezone())


def _rows(request: HttpRequest, channels: list[Channel], post: Post | None) -> list[Row]:
    if request.method == "POST":
        picked = set(request.POST.getlist("channel"))
        return [Row(c, str(c.pk) in picked, request.POST.get(f"body_{c.pk}", ""), request.POST.get(f"when_{c.pk}", ""))
                for c in channels]
    variants = {v.channel_id: v for v in post.variants.all()} if post else {}
    return [Row(c, c.pk in variants, variants[c.pk].body if c.pk in variants else "",
                _local(variants[c.pk].scheduled_at) if c.pk in variants else "") for c in channels]


def _campaign(request: HttpRequest) -> Campaign | None:
    name = request.POST.get("new_campaign", "").strip()[:100]
    if name:
        campaign, _ = Campaign.objects.get_or_create(slug=slugify(name)[:60] or "campaign", defaults={"name": name})
        return campaign
    pk = request.POST.get("campaign", "")
    return Campaign.objects.filter(pk=int(pk)).first() if pk.isdigit() else None


def _date(raw: str, where: str) -> date | None:
    raw = raw.strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise PostError({where: [f"{raw[:40]!r} is not a date (YYYY-MM-DD)."]}) from None


def _authorization(request: HttpRequest) -> Authorization:
    return Authorization(request.POST.get("authorization_form", ""),
                         _date(request.POST.get("authorization_signed", ""), "authorization"),
                         _date(request.POST.get("authorization_expires", ""), "authorization"),
                         ",".join(request.POST.getlist("authorization_networks")))


def _inputs(request: HttpRequest, rows: list[Row]) -> list[VariantInput]:
    shared = request.POST.get("body", "")
    errors: dict[str, list[str]] = {}
    out = []
    for row in rows:
        if not row.picked:
            continue
        try:
            when = parse_when(row.when, f"variant_{row.channel.pk}")
        except PostError as exc:
            errors.update(exc.errors)
            continue
        out.append(VariantInput(row.channel, row.body if row.body.strip() else shared, when))
    if errors:
        raise PostError(errors)
    return out


@requires(Can.PUBLISH)
@require_http_methods(["GET", "POST"])
def compose_page(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    post = get_object_or_404(Post, pk=pk) if pk else None
    channels = publishable_channels()
    rows = _rows(request, channels, post)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        try:
            with transaction.atomic():  # a new campaign is kept only with the post that names it
                saved = approval.save(request.user, title=request.POST.get("title", ""),
                                      variants=_inputs(request, rows), link=request.POST.get("link", ""),
                                      content_type=request.POST.get("content_type", ""),
                                      campaign=_campaign(request), post=post, request=request,
                                      authorization=_authorization(request))
            if request.POST.get("action") == "submit":
                saved = approval.submit(saved, request.user, request=request)
                flash.success(request, "Submitted: " + ("approved by the guard." if saved.state == "approved" else
                                                        "a compliance reviewer must approve it."))
            else:
                flash.success(request, "Saved as a draft.")
            return redirect("publishing_post", saved.pk)
        except PostError as exc:
            errors = exc.errors
    elif post is not None:
        audit.record("post_read", post, request=request, detail={"via": "composer"})
    values = request.POST if request.method == "POST" else {
        "title": post.title if post else "", "link": post.link if post else "",
        "content_type": post.content_type if post else "", "campaign": str(post.campaign_id or "") if post else "",
        "body": "", "authorization_form": post.authorization_form if post else "",
        "authorization_signed": post.authorization_signed.isoformat() if post and post.authorization_signed else "",
        "authorization_expires": post.authorization_expires.isoformat() if post and post.authorization_expires else ""}
    covered = (set(request.POST.getlist("authorization_networks")) if request.method == "POST" else
               {n.strip() for n in (post.authorization_networks if post else "").split(",") if n.strip()})
    return render(request, "publishing/compose.html", {
        "post": post, "rows": rows, "errors": errors, "values": values, "campaigns": Campaign.objects.all(),
        "content_types": CONTENT_TYPES, "time_zone": timezone.get_current_timezone_name(),
        "error_list": [m for ms in errors.values() for m in ms], "covered": covered,
        "networks": sorted({(r.channel.network, NETWORKS.get(r.channel.network, r.channel.network)) for r in rows})})


@requires(Can.PUBLISH)
@require_POST
def preview_fragment(request: HttpRequest) -> HttpResponse:
    """htmx: every picked channel's text as it will go out, its length as
    that network counts it, hashtags, mentions, and the guard's findings."""
    channels = publishable_channels()
    rows = _rows(request, channels, None)
    shared = request.POST.get("body", "")[: compose.MAX_TEXT]
    link = request.POST.get("link", "")
    campaign = _campaign_slug(request)
    cards: list[dict[str, Any]] = []
    texts = []
    for row in rows:
        if not row.picked:
            continue
        shown = compose.preview(row.channel.network, (row.body or shared)[: compose.MAX_TEXT], link, campaign)
        result = approval.check(shown.text) if shown.text.strip() else None
        findings = [f.to_dict() for f in result.findings] if result else []
        cards.append({"row": row, "preview": shown, "result": result, "pieces": pieces(shown.text, findings),
                      "findings": findings, "guard_id": f"guard-{row.channel.pk}"})
        texts.append(shown.text)
    suggested = compose.suggest_type("\n\n".join(texts), link, approval.our_website()) if texts else ""
    return render(request, "publishing/_preview.html", {"cards": cards, "suggested": suggested,
                                                          "suggested_label": dict(CONTENT_TYPES).get(suggested, "")})


def _campaign_slug(request: HttpRequest) -> str:
    name = request.POST.get("new_campaign", "").strip()
    if name:
        return slugify(name)[:60]
    pk = request.POST.get("campaign", "")
    found = Campaign.objects.filter(pk=int(pk)).first() if pk.isdigit() else None
    return found.slug if found else ""
