"""A post's way to the networks, before any of it is sent: saved by its
author, checked by the guard (every variant's text and every image's text),
approved through the workspace's approval chain, scheduled.

draft -> (no chain step applies) approved
draft -> awaiting_approval -> (each step approved in turn) approved | rejected -> (edited) draft
An edit to an approved or waiting post sends it back to draft and clears its
approvals: what was approved is exactly what goes out. The state table is the
one replies use (bedside.workspace.approvals, extended here with "an approved
post can be edited"); nobody approves their own words, each step is decided
by its role, every step is in the audit log; and one more for posts: a post
the guard blocked is approved only with a written reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from bedside.benchmark.contentmix import PATIENT_STORY
from bedside.channels.models import Channel
from bedside.guard import Context, Result, scan
from bedside.publishing import compose, outbound
from bedside.publishing.authorization import problems as authorization_problems
from bedside.publishing.models import Campaign, Post, Variant, Video
from bedside.workspace import approvals, audit, gates
from bedside.workspace.identifiers import our_public_identifiers

SEVERITY = {"": 0, "allow": 0, "review": 1, "block": 2}
#: a post's states: the shared approval table, and an approved post's edit
TABLE = approvals.extended({Post.State.APPROVED: {Post.State.DRAFT: "its author edited it: sent back for approval"}})
EDITABLE = (Post.State.DRAFT, Post.State.REJECTED, Post.State.AWAITING_APPROVAL, Post.State.APPROVED)
NOT_YET_SENT = (Variant.State.DRAFT, Variant.State.SCHEDULED, Variant.State.FAILED)
MIN_JUSTIFICATION = 20  # characters: a sentence, not "ok"


class PostError(Exception):
    """An action not allowed in the post's state or for this person, or input
    refused: ``errors`` maps where (a form field, or "post") to what."""

    def __init__(self, problem: str | dict[str, list[str]]) -> None:
        self.errors = problem if isinstance(problem, dict) else {"post": [problem]}
        super().__init__(" ".join(m for ms in self.errors.values() for m in ms))


@dataclass
class VariantInput:
    channel: Channel
    body: str
    scheduled_at: datetime | None = None


@dataclass
class Authorization:
    """The reference to a patient's signed HIPAA authorization (patient stories)."""

    form: str = ""
    signed: date | None = None
    expires: date | None = None
    networks: str = ""


def guard_context() -> Context:
    return Context(direction="outbound", kind="post", **our_public_identifiers())


def check(text: str) -> Result:
    return scan(text, guard_context())


def worst(verdicts: Iterable[str]) -> str:
    return max(verdicts, key=lambda v: SEVERITY.get(v, 0), default="allow") or "allow"


def published_text(variant: Variant) -> str:
    post = variant.post
    return compose.final_text(variant.body, post.link, variant.network, post.campaign.slug if post.campaign else "")


def _validate(title: str, link: str, variants: Sequence[VariantInput], campaign: Campaign | None) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors.setdefault("title", []).append("Give the post a title (for the team; it is not published).")
    if len(title) > 200:
        errors.setdefault("title", []).append("A title can be at most 200 characters.")
    try:
        compose.tracked_link(link, "x")
    except compose.ComposeError as exc:
        errors.setdefault("link", []).append(str(exc))
        link = ""  # said once, not once per channel
    if not variants:
        errors.setdefault("channels", []).append("Pick at least one channel to post to.")
    seen: set[int] = set()
    for v in variants:
        where = f"variant_{v.channel.pk}"
        if v.scheduled_at is not None and timezone.is_naive(v.scheduled_at):
            errors.setdefault(where, []).append(f"The time for {v.channel} needs its time zone (e.g. Z or +01:00).")
        if v.channel.pk in seen:
            errors.setdefault(where, []).append(f"{v.channel} is picked twice.")
        seen.add(v.channel.pk)
        if not compose.can_publish(v.channel.network):
            errors.setdefault(where, []).append(f"{v.channel} cannot be published to through its network's API.")
            continue
        if len(v.body) > compose.MAX_TEXT:
            errors.setdefault(where, []).append(f"The text for {v.channel} is longer than any network takes.")
            continue
        found = compose.preview(v.channel.network, v.body, link, campaign.slug if campaign else "").problems
        errors.setdefault(where, []).extend(f"{v.channel}: {p}" for p in found)
    return {k: v for k, v in errors.items() if v}


@transaction.atomic
def save(author: Any, *, title: str, variants: Sequence[VariantInput], link: str = "", content_type: str = "",
         campaign: Campaign | None = None, post: Post | None = None, authorization: Authorization | None = None,
         request: Any = None, template: bool = False) -> Post:
    """Create a post, or replace an editable one's content (which sends it
    back to draft). Raises :class:`PostError` with every problem at once.
    A ``template`` (a series' or evergreen queue's content) has no time of
    its own: its occurrences are scheduled (bedside.publishing.recurring)."""
    errors = _validate(title, link, variants, campaign)
    if content_type and content_type not in dict(compose_types()):
        errors.setdefault("content_type", []).append(f"{content_type!r} is not a content type.")
    authorization = authorization or Authorization()
    if len(authorization.form) > 100 or len(authorization.networks) > 200:
        errors.setdefault("authorization", []).append("The authorization's form id or networks are too long.")
    if errors:
        raise PostError(errors)
    text = "\n\n".join(v.body for v in variants)
    signed = {"authorization_form": authorization.form.strip(), "authorization_signed": authorization.signed,
              "authorization_expires": authorization.expires,
              "authorization_networks": authorization.networks.strip().lower()}
    suggested = compose.suggest_type(text, link, our_website())
    if post is None:
        post = Post.objects.create(title=title.strip(), author=author, campaign=campaign, link=link.strip(),
                                   content_type=content_type or suggested, suggested_type=suggested,
                                   is_template=template, **signed)
        action = "post_drafted"
    else:
        post = Post.objects.select_for_update().get(pk=post.pk)
        _may_edit(post, author)
        post.title, post.campaign, post.link = title.strip(), campaign, link.strip()
        post.content_type, post.suggested_type = content_type or suggested, suggested
        was = post.state
        post.state, post.verdict, post.reviewer, post.reviewed_at = Post.State.DRAFT, "", None, None
        post.justification = ""
        approvals.check(TABLE, "post", was, Post.State.DRAFT)
        post.approvals, post.waiting_for = [], ""
        for name, value in signed.items():
            setattr(post, name, value)
        post.save()
        post.variants.exclude(channel__in=[v.channel for v in variants]).filter(state__in=NOT_YET_SENT).delete()
        action = "post_edited" if was != Post.State.APPROVED else "post_edited_after_approval"
        if post.is_template:  # what was made from the old content and is still to come goes
            from bedside.publishing import recurring

            recurring.template_edited(post)
    for v in variants:
        fields = {"network": v.channel.network, "body": v.body.strip(),
                  "scheduled_at": None if post.is_template else v.scheduled_at,
                  "state": Variant.State.DRAFT, "verdict": "", "guard_detail": {}, "error": "", "retry_at": None}
        existing = Variant.objects.filter(post=post, channel=v.channel)
        if not existing.exists():
            Variant.objects.create(post=post, channel=v.channel, **fields)
        # Conditional: a worker that claimed it since _may_edit looked keeps it.
        elif not existing.filter(state__in=NOT_YET_SENT).update(**fields):
            raise PostError("Part of this post is being published right now; write a new post instead.")
    audit.record(action, post, request=request, actor=author,
                 detail={"channels": [v.channel.pk for v in variants], "campaign": getattr(campaign, "pk", None)})
    return post


def compose_types() -> list[tuple[str, str]]:
    from bedside.publishing.models import CONTENT_TYPES

    return CONTENT_TYPES


def our_website() -> str:
    from bedside.workspace.models import Organization

    ours = Organization.objects.filter(is_ours=True).order_by("pk").first()
    return ours.website if ours else ""


def _may_edit(post: Post, actor: Any) -> None:
    if post.state not in EDITABLE:
        raise PostError(f"A post that is {post.get_state_display().lower()} cannot be edited.")
    if post.author_id is not None and post.author_id != getattr(actor, "pk", None):
        raise PostError("Only the post's author edits it; a reviewer rejects it with a note instead.")
    if post.variants.exclude(state__in=NOT_YET_SENT).exists():
        raise PostError("Part of this post is published or being published; write a new post instead.")


def _cleared(person: Any) -> None:
    """The employee policy accepted (and training current, where required)
    before a person sends a post on its way: governance's checks."""
    refused = gates.refusal(person, "publish")
    if refused is not None:
        raise PostError(str(refused))


def submit(post: Post, actor: Any, *, request: Any = None) -> Post:
    """Run the guard on every variant and image; approve at once what it
    allows, send the rest to a compliance reviewer."""
    post = Post.objects.get(pk=post.pk)
    if post.state not in (Post.State.DRAFT, Post.State.REJECTED):
        raise PostError(f"This post is {post.get_state_display().lower()}; only a draft is submitted.")
    if post.author_id is not None and post.author_id != getattr(actor, "pk", None):
        raise PostError("Only the post's author submits it.")
    _cleared(actor)
    verdicts: list[str] = []
    checked: list[tuple[Variant, Result]] = []
    for variant in post.variants.select_related("post__campaign"):
        result = check(published_text(variant))
        checked.append((variant, result))
        verdicts.append(result.verdict)
    images = list(post.images.all())
    missing_alt = [i for i in images if not i.alt_text.strip()]
    if missing_alt:
        raise PostError("Every image needs alt text (what it shows, for people who cannot see it).")
    # Said now, before anything is scheduled, not by the worker at send time.
    cannot = outbound.post_problems(post)
    if cannot:
        raise PostError({"images": cannot})
    verdicts += [i.verdict for i in images if i.verdict]
    video = Video.objects.filter(post_id=post.pk).first()
    if video is not None:
        if not video.description.strip():
            raise PostError("The video needs a description (what it shows and says, for people who cannot see or "
                            "hear it).")
        if video.verdict:
            verdicts.append(video.verdict)
    verdict = worst(verdicts)
    # The chain's steps that apply: by default compliance sees what the guard
    # flagged and every patient story, whatever the guard says of its words.
    steps = _steps(verdict, post.content_type)
    needs = bool(steps)
    wanted = Post.State.AWAITING_APPROVAL if needs else Post.State.APPROVED
    approvals.check(TABLE, "post", post.state, wanted)
    now = timezone.now()
    with transaction.atomic():
        won = Post.objects.filter(pk=post.pk, state=post.state, updated_at=post.updated_at).update(
            verdict=verdict, state=wanted, updated_at=now, approvals=[],
            waiting_for=steps[0].name if steps else "")
        if not won:  # edited or submitted by another request meanwhile
            return Post.objects.get(pk=post.pk)
        for variant, result in checked:
            Variant.objects.filter(pk=variant.pk).update(verdict=result.verdict, guard_detail={
                "findings": [f.to_dict() for f in result.findings], "reasons": result.reasons})
        post.refresh_from_db()
        audit.record("post_submitted", post, request=request, actor=actor,
                     detail={"verdict": verdict, "labels": sorted({f.label for _, r in checked for f in r.findings}),
                             "steps": [s.name for s in steps]})
        if not needs:
            _schedule_approved(post)
    return post


def _steps(verdict: str, content_type: str) -> list[approvals.Step]:
    return approvals.steps_for(flagged=SEVERITY.get(verdict, 0) > 0, patient_story=content_type == PATIENT_STORY)


def steps_for_post(post: Post) -> list[approvals.Step]:
    """The chain's steps that apply to ``post`` under today's chain."""
    return _steps(post.verdict, post.content_type)


def approve(post: Post, reviewer: Any, note: str = "", justification: str = "", *, request: Any = None) -> Post:
    """Approve the post's current chain step; the last step approves the post
    and schedules it. A blocked post's flag steps need a written reason."""
    with transaction.atomic():
        post = Post.objects.select_for_update().get(pk=post.pk)
        steps = _steps(post.verdict, post.content_type)
        step = _may_review(post, reviewer, steps)
        _cleared(reviewer)
        justification = justification.strip()
        missing = authorization_problems(post, set(post.variants.values_list("network", flat=True)),
                                         timezone.localdate())
        if missing:
            raise PostError({"authorization": missing})
        # The reason is written at the step that is there for the guard's
        # flag (by default compliance's), or at the last step if none is.
        flag_steps = [s for s in steps if s.when in ("flagged", "flagged_or_patient_story")] or steps[-1:]
        if post.verdict == "block" and step in flag_steps and len(justification) < MIN_JUSTIFICATION:
            raise PostError("The guard blocked this post: write why it may go out all the same "
                            f"(at least {MIN_JUSTIFICATION} characters), or reject it.")
        now = timezone.now()
        decided = [*post.approvals, {"step": step.name, "by": reviewer.pk, "at": now.isoformat()}]
        remaining = approvals.next_step(steps, decided)
        fields: dict[str, Any] = {"approvals": decided, "updated_at": now,
                                  "waiting_for": remaining.name if remaining else ""}
        if justification:
            fields["justification"] = (f"{post.justification}\n" if post.justification else "") + justification[:4000]
        if remaining is None:
            approvals.check(TABLE, "post", post.state, Post.State.APPROVED)
            fields.update(state=Post.State.APPROVED, reviewer=reviewer, reviewed_at=now,
                          review_note=note.strip()[:2000])
        elif note.strip():
            fields["review_note"] = note.strip()[:2000]
        won = Post.objects.filter(pk=post.pk, state=Post.State.AWAITING_APPROVAL, updated_at=post.updated_at).update(
            **fields)
        if not won:
            raise PostError("Another reviewer has just decided on this post.")
        post.refresh_from_db()
        audit.record("post_step_approved" if remaining else "post_approved", post, request=request, actor=reviewer,
                     detail={"verdict": post.verdict, "author": getattr(post.author, "username", ""),
                             "step": step.name, "next": remaining.name if remaining else "",
                             "justified": bool(justification)})
        if remaining is None:
            _schedule_approved(post)
    return post


@transaction.atomic
def reject(post: Post, reviewer: Any, note: str = "", *, request: Any = None) -> Post:
    post = Post.objects.select_for_update().get(pk=post.pk)
    step = _may_review(post, reviewer, _steps(post.verdict, post.content_type))
    approvals.check(TABLE, "post", post.state, Post.State.REJECTED)
    Post.objects.filter(pk=post.pk).update(state=Post.State.REJECTED, reviewer=reviewer, reviewed_at=timezone.now(),
                                           review_note=note.strip()[:2000], updated_at=timezone.now(),
                                           waiting_for="")
    post.refresh_from_db()
    audit.record("post_rejected", post, request=request, actor=reviewer, detail={"verdict": post.verdict,
                                                                                  "step": step.name})
    return post


def current_step(post: Post) -> approvals.Step | None:
    """The chain step the post waits for (None unless awaiting approval)."""
    if post.state != Post.State.AWAITING_APPROVAL:
        return None
    return approvals.next_step(_steps(post.verdict, post.content_type), post.approvals)


def may_review(post: Post, reviewer: Any) -> bool:
    step = current_step(post)
    return step is not None and not approvals.why_not(step, reviewer, post.author_id, post.approvals)


def _may_review(post: Post, reviewer: Any, steps: Sequence[approvals.Step]) -> approvals.Step:
    if post.state != Post.State.AWAITING_APPROVAL:
        raise PostError(f"This post is {post.get_state_display().lower()}, not awaiting approval.")
    step = approvals.next_step(steps, post.approvals)
    if step is None:  # the chain changed since it was submitted: nothing left to decide
        step = steps[-1] if steps else approvals.DEFAULT_CHAIN[0]
    why = approvals.why_not(step, reviewer, post.author_id, post.approvals)
    if why:
        raise PostError(why)
    return step


def _schedule_approved(post: Post) -> None:
    if post.is_template:  # its series or queue makes its occurrences now
        from bedside.publishing import recurring

        recurring.template_approved(post)
        return
    post.variants.filter(state=Variant.State.DRAFT, scheduled_at__isnull=False).update(state=Variant.State.SCHEDULED)


def schedule(variant: Variant, when: datetime | None, actor: Any, *, request: Any = None) -> Variant:
    """Set (or clear) a variant's time; an approved post's variant is then
    due at that time. Refused once the variant is on its way or published."""
    if when is not None and timezone.is_naive(when):
        raise PostError("A scheduled time needs its time zone.")
    with transaction.atomic():
        variant = Variant.objects.select_for_update().select_related("post").get(pk=variant.pk)
        if variant.post.is_template:
            raise PostError("This is the content of a recurring post or an evergreen queue: its times come from "
                            "its rule or slots.")
        if variant.state not in NOT_YET_SENT:
            raise PostError(f"This variant is {variant.get_state_display().lower()}; it cannot be rescheduled.")
        before = variant.scheduled_at
        approved = variant.post.state == Post.State.APPROVED
        state = Variant.State.SCHEDULED if (approved and when is not None) else Variant.State.DRAFT
        won = Variant.objects.filter(pk=variant.pk, state__in=NOT_YET_SENT).update(
            scheduled_at=when, state=state, retry_at=None, error="")
        if not won:
            raise PostError("This variant is being published right now.")
        variant.refresh_from_db()
        audit.record("post_scheduled", variant.post, request=request, actor=actor,
                     detail={"variant": variant.pk, "network": variant.network,
                             "from": before.isoformat() if before else None,
                             "at": when.isoformat() if when else None})
    return variant
