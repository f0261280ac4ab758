"""A post's page: each variant with the guard's findings marked, its time,
outcome and tries; the reviewer's approve/reject; publish now, retry and
reschedule. Opening it is a read of the post's texts, so it is audited."""

from __future__ import annotations

from typing import Any

from django.contrib import messages as flash
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from bedside.inbox.highlight import pieces
from bedside.networks.registry import NETWORKS
from bedside.publishing import approval, history, metrics, sending
from bedside.publishing.approval import PostError
from bedside.publishing.models import Post, Variant, Video
from bedside.publishing.views.compose import parse_when
from bedside.workspace import audit
from bedside.workspace.permissions import requires, user_can
from bedside.workspace.roles import Can


@requires(Can.PUBLISH, Can.APPROVE)
def post_page(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_object_or_404(Post.objects.select_related("campaign", "author", "reviewer"), pk=pk)
    audit.record("post_read", post, request=request, detail={"via": "post page"})
    variants = []
    measured = metrics.for_variants(list(post.variants.all()))
    for variant in post.variants.select_related("channel", "post__campaign").prefetch_related("tries"):
        text = approval.published_text(variant)
        findings = (variant.guard_detail or {}).get("findings", [])
        variants.append({"variant": variant, "network": NETWORKS.get(variant.network, variant.network),
                         "pieces": pieces(text, findings), "findings": findings,
                         "reasons": (variant.guard_detail or {}).get("reasons", []),
                         "metrics": measured.get(variant.pk)})
    own = post.author_id == request.user.pk
    return render(request, "publishing/post.html", {
        "post": post, "variants": variants, "own": own, "images": list(post.images.all()),
        "video": Video.objects.filter(post=post).first(),
        "may_review": approval.may_review(post, request.user),
        "step": approval.current_step(post),
        "may_publish": user_can(request.user, Can.PUBLISH),
        "published_any": post.variants.exclude(state__in=approval.NOT_YET_SENT).exists(),
        "totals": metrics.total(measured.values()), "history": history.for_post(post)})


@requires(Can.PUBLISH)
@require_POST
def submit_post(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_object_or_404(Post, pk=pk)
    try:
        post = approval.submit(post, request.user, request=request)
        flash.success(request, "Approved by the guard." if post.state == Post.State.APPROVED else
                      "Submitted: a compliance reviewer must approve it.")
    except PostError as exc:
        flash.error(request, str(exc))
    return redirect("publishing_post", pk)


@requires(Can.PUBLISH, Can.APPROVE)  # which step a person decides is the chain's rule (workspace.approvals)
@require_POST
def review_post(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_object_or_404(Post, pk=pk)
    note = request.POST.get("note", "")
    try:
        if request.POST.get("decision") == "approve":
            post = approval.approve(post, request.user, note, request.POST.get("justification", ""), request=request)
            if post.state == Post.State.APPROVED:
                flash.success(request, "Approved; its channels publish at their scheduled times.")
            else:
                flash.success(request, f"Step approved; it now waits for: {post.waiting_for}.")
        elif request.POST.get("decision") == "reject":
            approval.reject(post, request.user, note, request=request)
            flash.success(request, "Rejected; the author sees your note.")
        else:
            flash.error(request, "Choose approve or reject.")
    except PostError as exc:
        flash.error(request, str(exc))
    return redirect("publishing_post", pk)


@requires(Can.PUBLISH)
@require_POST
def publish_variant(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish now, or retry a failed one (after reading back where the last outcome is unknown)."""
    variant = get_object_or_404(Variant, pk=pk)
    try:
        variant = sending.publish_now(variant, request.user, request=request)
        if variant.state == Variant.State.PUBLISHED:
            flash.success(request, f"Published on {NETWORKS.get(variant.network, variant.network)}.")
        else:
            flash.error(request, f"Not published: {variant.error}")
    except sending.PublishError as exc:
        flash.error(request, str(exc))
    return redirect("publishing_post", variant.post_id)


@requires(Can.PUBLISH)
@require_POST
def schedule_variant(request: HttpRequest, pk: int) -> HttpResponse:
    variant = get_object_or_404(Variant, pk=pk)
    try:
        approval.schedule(variant, parse_when(request.POST.get("when", ""), "when"), request.user, request=request)
        flash.success(request, "Rescheduled.")
    except PostError as exc:
        flash.error(request, str(exc))
    return redirect("publishing_post", variant.post_id)


@requires(Can.PUBLISH, Can.APPROVE)
def approvals_page(request: HttpRequest) -> HttpResponse:
    """Posts awaiting approval, oldest first, those whose current step this
    person decides first; each opens on its own page."""
    waiting: list[Any] = list(Post.objects.filter(state=Post.State.AWAITING_APPROVAL)
                              .select_related("author", "campaign").order_by("updated_at"))
    for post in waiting:
        post.yours = approval.may_review(post, request.user)
    waiting.sort(key=lambda p: not p.yours)
    return render(request, "publishing/approvals.html", {"posts": waiting,
                                                         "yours": sum(1 for p in waiting if p.yours)})
