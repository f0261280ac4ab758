"""Staff posts: employees' public accounts, listed with their consent, read
for posts that describe a patient, an incident at work, a unit with a person,
or clinical detail about someone.

The guard reads each post as an outbound post by the hospital would be read,
with our campuses and units as places of care (so "the man in 4 West" is a
person in a unit) and without the allowances our own posts get (a staff
member naming a patient is the finding, not a courtesy). A flagged post is
kept, encrypted, for compliance; any other is kept only as an id, for a day,
so it is not read twice.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from bedside.channels.clients import install_client
from bedside.guard import Context, scan
from bedside.listening.models import StaffAccount, StaffPost
from bedside.logs import event
from bedside.networks.errors import NetworkError, NotSupported
from bedside.workspace import audit
from bedside.workspace.vocabulary import guard_vocabulary

logger = logging.getLogger(__name__)
KEEP_CLEAR_FOR = timedelta(days=1)
MAX_CHARS = 20_000


@dataclass
class StaffOutcome:
    read: int = 0
    flagged: int = 0
    errors: list[str] = field(default_factory=list)


def context_for(account: StaffAccount) -> Context:
    vocabulary = guard_vocabulary(account.organization)
    return Context(direction="outbound", kind="post", org_campuses=vocabulary.get("org_campuses", ()),
                   org_units=vocabulary.get("org_units", ()), org_service_lines=vocabulary.get("org_service_lines", ()))


def read_account(account: StaffAccount) -> StaffOutcome:
    outcome = StaffOutcome()
    try:
        page = install_client(account.network).posts(account.handle)
    except (NetworkError, NotSupported, ValueError) as exc:
        outcome.errors.append(str(exc))
        account.last_error = str(exc)[:500]
        account.save(update_fields=["last_error"])
        return outcome
    seen = set(StaffPost.objects.filter(account=account).values_list("external_id", flat=True))
    ctx = context_for(account)
    for post in page.items:
        if post.external_id in seen:
            continue
        outcome.read += 1
        result = scan(post.text[:MAX_CHARS], ctx) if post.text.strip() else None
        flagged = result is not None and result.verdict != "allow"
        try:
            with transaction.atomic():
                StaffPost.objects.create(
                    account=account, external_id=post.external_id[:300], flagged=flagged,
                    body=post.text if flagged else "", url=post.url[:500] if flagged else "",
                    published_at=post.published_at,
                    findings=[{"label": f.label, "start": f.start, "end": f.end} for f in result.findings]
                    if flagged and result is not None else [])
        except IntegrityError:
            continue  # another worker read it first
        outcome.flagged += int(flagged)
    account.last_read_at, account.last_error = timezone.now(), ""
    account.save(update_fields=["last_read_at", "last_error"])
    event(logger, "listening.staff", account=account.pk, read=outcome.read, flagged=outcome.flagged)
    return outcome


def forget_clear_posts(now: datetime | None = None) -> int:
    """Posts without findings are not kept beyond a day (not even their ids)."""
    cutoff = (now or timezone.now()) - KEEP_CLEAR_FOR
    deleted, _ = StaffPost.objects.filter(flagged=False, seen_at__lt=cutoff).delete()
    return deleted


def add_account(*, organization: object, network: str, handle: str, person: str, consented_on: object,
                policy_version: str, actor: object = None, request: object = None) -> StaffAccount:
    """List an account (consent and policy version are required by the form)."""
    account = StaffAccount.objects.create(organization=organization, network=network, handle=handle, person=person,
                                          consented_on=consented_on, policy_version=policy_version,
                                          added_by=actor if getattr(actor, "pk", None) else None)
    audit.record("staff_account_added", account, request=request, actor=actor,
                 detail={"network": network, "policy_version": policy_version})
    return account
