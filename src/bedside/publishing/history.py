"""A post's history as its page shows it: who did what and when, read from
the audit log (the one record of every step), without the reads of it.

A move on the calendar or a new time on the post's page shows as "moved",
with where from and where to, in the workspace's time zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_datetime

from bedside.networks.registry import NETWORKS
from bedside.publishing.models import Post
from bedside.workspace.models import AuditEntry

#: how many of the latest steps the page shows
SHOWN = 50
WORDS = {
    "post_drafted": "wrote the post", "post_edited": "edited the post",
    "post_edited_after_approval": "edited the approved post (back to approval)", "post_submitted": "submitted it",
    "post_step_approved": "approved a step", "post_approved": "approved it", "post_rejected": "rejected it",
    "post_image_added": "added an image", "post_publishing": "started publishing",
    "post_published": "published it", "post_failed": "could not publish it",
    "post_outcome_unknown": "does not know yet whether it was published",
}
#: reads are audited too, but are not steps of the post
READS = ("post_read", "post_image_read", "post_image_fetched")


@dataclass(frozen=True)
class Step:
    at: datetime
    actor: str
    what: str


def for_post(post: Post) -> list[Step]:
    entries = (AuditEntry.objects.filter(object_type=post._meta.label_lower, object_id=str(post.pk))
               .exclude(action__in=READS).order_by("-at", "-pk")[:SHOWN])
    return [Step(timezone.localtime(e.at), e.actor_name, _words(e.action, e.detail or {})) for e in entries]


def _words(action: str, detail: dict[str, Any]) -> str:
    network = NETWORKS.get(str(detail.get("network", "")), str(detail.get("network", "")))
    if action == "post_scheduled":
        before, after = _when(detail.get("from")), _when(detail.get("at"))
        where = f" on {network}" if network else ""
        if before and after:
            return f"moved it{where} from {before} to {after}"
        return f"scheduled it{where} for {after}" if after else f"took its time away{where}"
    said = WORDS.get(action, action.removeprefix("post_").replace("_", " "))
    return f"{said} on {network}" if network and action in ("post_published", "post_failed") else said


def _when(raw: object) -> str:
    moment = parse_datetime(raw) if isinstance(raw, str) else None
    return f"{timezone.localtime(moment):%a %d %b %Y, %H:%M}" if moment else ""
