"""Who else hears of a low review: the reviewed provider's department leader.

The inbox raises the alert (its rule "Review of 2 stars or fewer" names
patient relations' address); this adds the leader of the department of the
provider whose confirmed listing the review is on, through the inbox's own
alert machinery (one recorded delivery per person, retried)."""

from __future__ import annotations

from django.db.models import Q

from bedside.inbox.alerts import Target, people_targets
from bedside.inbox.models import Message

from .models import DepartmentLeader, Listing


def department_leaders(message: Message) -> list[Target]:
    if message.kind != Message.Kind.REVIEW or not message.in_reply_to:
        return []
    listing = (Listing.objects.filter(status=Listing.Status.CONFIRMED, network=message.network,
                                      provider__isnull=False)
               .filter(Q(external_id=message.in_reply_to) | Q(handle=message.in_reply_to))
               .select_related("provider").first())
    if listing is None or listing.provider is None or not listing.provider.department:
        return []
    led = DepartmentLeader.objects.filter(department=listing.provider.department).select_related("leader")
    return people_targets(d.leader for d in led)
