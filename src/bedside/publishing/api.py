"""REST API for publishing: the same rules as the pages. Reading a post's
texts is audited exactly as opening its page is."""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.text import slugify
from ninja import Field, Query, Router, Schema, Status

from bedside.channels.models import Channel
from bedside.publishing import approval, compose, metrics, sending
from bedside.publishing.approval import Authorization, PostError, VariantInput
from bedside.publishing.models import Campaign, Post, Variant
from bedside.workspace import audit
from bedside.workspace.api import MAX_ID, MAX_OFFSET, FieldErrors, ObjectId, need
from bedside.workspace.permissions import user_can
from bedside.workspace.roles import Can

router = Router(tags=["publishing"])


class VariantIn(Schema):
    channel_id: int = Field(..., ge=1, le=MAX_ID)
    text: str = Field(..., max_length=compose.MAX_TEXT)
    scheduled_at: datetime | None = None


class PostIn(Schema):
    title: str = Field(..., max_length=200)
    link: str = Field("", max_length=1000)
    content_type: str = ""
    campaign_id: int | None = Field(None, ge=1, le=MAX_ID)
    variants: list[VariantIn] = Field(..., max_length=50)
    submit: bool = False
    # For a patient story: the patient's signed HIPAA authorization on file.
    authorization_form: str = Field("", max_length=100)
    authorization_signed: date | None = None
    authorization_expires: date | None = None
    authorization_networks: str = Field("", max_length=200, description="Networks it covers, comma-separated.")


class VariantOut(Schema):
    id: int
    channel_id: int
    network: str
    state: str
    verdict: str
    scheduled_at: datetime | None
    published_at: datetime | None
    external_id: str
    url: str
    error: str
    attempts: int


class VariantDetail(VariantOut):
    text: str
    findings: list[dict]
    likes: int | None = None
    comments: int | None = None
    shares: int | None = None
    views: int | None = None
    link_clicks: int | None = None


class PostOut(Schema):
    id: int
    title: str
    state: str
    verdict: str
    content_type: str
    suggested_type: str
    link: str
    campaign: str | None = Field(None, alias="campaign.slug")
    author: str | None = Field(None, alias="author.username")
    reviewer: str | None = Field(None, alias="reviewer.username")
    authorization_form: str
    authorization_signed: date | None
    authorization_expires: date | None
    authorization_networks: str


class PostDetail(PostOut):
    variants: list[VariantDetail] = Field(..., alias="variant_rows")


class PostReviewIn(Schema):
    note: str = Field("", max_length=2000)
    justification: str = Field("", max_length=4000)


class ScheduleIn(Schema):
    scheduled_at: datetime | None


class CampaignIn(Schema):
    name: str = Field(..., min_length=1, max_length=100)
    goal: str = Field("", max_length=300)


class CampaignOut(Schema):
    id: int
    name: str
    slug: str
    goal: str


class PreviewIn(Schema):
    network: str
    text: str = Field(..., max_length=compose.MAX_TEXT)
    link: str = Field("", max_length=1000)
    campaign: str = Field("", max_length=60)


class PreviewOut(Schema):
    text: str
    length: int
    max_length: int | None
    problems: list[str]
    hashtags: list[str]
    mentions: list[str]
    verdict: str
    findings: list[dict]


def _detail(post: Post, request: HttpRequest) -> Post:
    audit.record("post_read", post, request=request, actor=request.auth, detail={"via": "api"})
    variants = list(post.variants.select_related("post__campaign"))
    measured = metrics.for_variants(variants)
    rows = []
    for v in variants:
        m = measured.get(v.pk, metrics.Measured())
        rows.append({**{k: getattr(v, k) for k in VariantOut.model_fields}, "text": approval.published_text(v),
                     "findings": (v.guard_detail or {}).get("findings", []),
                     **{k: getattr(m, k) for k in metrics.FIELDS}})
    post.variant_rows = rows
    return post


@router.get("/publishing/posts", response=list[PostOut])
def list_posts(request: HttpRequest, state: str = "", limit: int = Query(50, ge=1, le=500),
               offset: int = Query(0, ge=0, le=MAX_OFFSET)) -> object:
    if not (user_can(request.auth, Can.PUBLISH) or user_can(request.auth, Can.APPROVE)):
        need(request, Can.PUBLISH)
    rows = Post.objects.select_related("campaign", "author", "reviewer").defer("review_note", "justification")
    if state:
        rows = rows.filter(state=state)
    return rows[offset : offset + limit]


@router.get("/publishing/posts/{post_id}", response=PostDetail)
def get_post(request: HttpRequest, post_id: ObjectId) -> object:
    if not user_can(request.auth, Can.APPROVE):
        need(request, Can.PUBLISH)
    return _detail(get_object_or_404(Post.objects.select_related("campaign", "author", "reviewer"), pk=post_id),
                   request)


@router.post("/publishing/posts", response={201: PostDetail})
def create_post(request: HttpRequest, payload: PostIn) -> object:
    """A post with a text per channel; ``submit`` runs the guard and asks for approval at once."""
    need(request, Can.PUBLISH)
    channels = {c.pk: c for c in Channel.objects.filter(pk__in=[v.channel_id for v in payload.variants])}
    missing = [v.channel_id for v in payload.variants if v.channel_id not in channels]
    if missing:
        raise FieldErrors({"variants": [f"No channel {pk}." for pk in missing]})
    campaign = None
    if payload.campaign_id is not None:
        campaign = Campaign.objects.filter(pk=payload.campaign_id).first()
        if campaign is None:
            raise FieldErrors({"campaign_id": [f"No campaign {payload.campaign_id}."]})
    try:
        post = approval.save(request.auth, title=payload.title, link=payload.link, content_type=payload.content_type,
                             campaign=campaign, request=request,
                             authorization=Authorization(payload.authorization_form, payload.authorization_signed,
                                                         payload.authorization_expires,
                                                         payload.authorization_networks),
                             variants=[VariantInput(channels[v.channel_id], v.text, v.scheduled_at)
                                       for v in payload.variants])
        if payload.submit:
            post = approval.submit(post, request.auth, request=request)
    except PostError as exc:
        raise FieldErrors(exc.errors) from None
    return Status(201, _detail(post, request))


def _act(request: HttpRequest, post_id: int, action: str, payload: PostReviewIn | None = None) -> object:
    post = get_object_or_404(Post, pk=post_id)
    try:
        if action == "submit":
            post = approval.submit(post, request.auth, request=request)
        elif action == "approve" and payload is not None:
            post = approval.approve(post, request.auth, payload.note, payload.justification, request=request)
        elif payload is not None:
            post = approval.reject(post, request.auth, payload.note, request=request)
    except PostError as exc:
        raise FieldErrors(exc.errors) from None
    return _detail(Post.objects.select_related("campaign", "author", "reviewer").get(pk=post.pk), request)


@router.post("/publishing/posts/{post_id}/submit", response=PostDetail)
def submit_post(request: HttpRequest, post_id: ObjectId) -> object:
    need(request, Can.PUBLISH)
    return _act(request, post_id, "submit")


@router.post("/publishing/posts/{post_id}/approve", response=PostDetail)
def approve_post(request: HttpRequest, post_id: ObjectId, payload: PostReviewIn) -> object:
    """Compliance approval; a post the guard blocked needs ``justification``."""
    need(request, Can.APPROVE)
    return _act(request, post_id, "approve", payload)


@router.post("/publishing/posts/{post_id}/reject", response=PostDetail)
def reject_post(request: HttpRequest, post_id: ObjectId, payload: PostReviewIn) -> object:
    need(request, Can.APPROVE)
    return _act(request, post_id, "reject", payload)


@router.post("/publishing/variants/{variant_id}/schedule", response=VariantOut)
def schedule_variant(request: HttpRequest, variant_id: ObjectId, payload: ScheduleIn) -> object:
    need(request, Can.PUBLISH)
    try:
        return approval.schedule(get_object_or_404(Variant, pk=variant_id), payload.scheduled_at, request.auth,
                                 request=request)
    except PostError as exc:
        raise FieldErrors({"scheduled_at": [str(exc)]}) from None


@router.post("/publishing/variants/{variant_id}/publish", response=VariantOut)
def publish_variant(request: HttpRequest, variant_id: ObjectId) -> object:
    """Publish now, or retry a failed variant; never twice (see the claim in sending.py)."""
    need(request, Can.PUBLISH)
    try:
        return sending.publish_now(get_object_or_404(Variant, pk=variant_id), request.auth, request=request)
    except sending.PublishError as exc:
        raise FieldErrors({"variant": [str(exc)]}) from None


@router.post("/publishing/preview", response=PreviewOut)
def preview(request: HttpRequest, payload: PreviewIn) -> object:
    """The text as it would go out on ``network``: counted as that network counts, and guarded."""
    need(request, Can.PUBLISH)
    shown = compose.preview(payload.network, payload.text, payload.link, payload.campaign)
    result = approval.check(shown.text) if shown.text.strip() else None
    return {**vars(shown), "verdict": result.verdict if result else "",
            "findings": [f.to_dict() for f in result.findings] if result else []}


@router.get("/publishing/campaigns", response=list[CampaignOut])
def list_campaigns(request: HttpRequest) -> object:
    need(request, Can.VIEW)
    return Campaign.objects.all()


@router.post("/publishing/campaigns", response={201: CampaignOut})
def create_campaign(request: HttpRequest, payload: CampaignIn) -> object:
    need(request, Can.PUBLISH)
    slug = slugify(payload.name)[:60]
    if not slug:
        raise FieldErrors({"name": ["A campaign name needs letters or digits (it becomes utm_campaign)."]})
    with transaction.atomic():
        if Campaign.objects.filter(slug=slug).exists() or Campaign.objects.filter(name=payload.name.strip()).exists():
            raise FieldErrors({"name": [f"A campaign named {payload.name!r} exists already."]})
        campaign = Campaign.objects.create(name=payload.name.strip(), slug=slug, goal=payload.goal)
        audit.record("campaign_created", campaign, request=request, actor=request.auth)
    return Status(201, campaign)
