"""Sample messages for the demo: made up, marked as samples, on the sample
organization's channels. Some carry PHI (made-up names, a made-up record
number), one is a crisis, one is bad input; all are triaged on load."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from bedside.channels.models import Channel
from bedside.inbox import canned, defaults
from bedside.inbox.intake import triage_stored
from bedside.inbox.models import AlertRule, CannedVersion, Message
from bedside.workspace.models import Organization
from bedside.workspace.sample import DEMO_MAIL_DOMAIN

# network, kind, author handle, minutes ago, text, rating
SAMPLES = [
    ("facebook", "comment", "sample.jordan", 12,
     "Sample: I can't do this anymore. I don't want to be alive after everything that happened.", None),
    ("facebook", "comment", "sample.kim", 35,
     "Sample: My father Walter Fakename (MRN 00417733) was on 4 West after his hip surgery and nobody "
     "called us back about his chemo. Call me at 555-0147.", None),
    ("x", "mention", "sample_pat", 50,
     "Sample: @RiverbendHealth how do I book an appointment with a cardiologist? Been trying the phone "
     "line all week and nobody answers.", None),
    ("instagram", "comment", "sample.lee", 80,
     "Sample: Thank you to the amazing nurses in the maternity ward, you were wonderful!", None),
    ("facebook", "review", "sample.morgan", 95,
     "Sample: Waited four hours in the ER, staff were rude and nobody explained anything. Terrible.", 1.0),
    ("x", "mention", "sample_billing", 130,
     "Sample: Why was I charged twice on my bill? Insurance says they paid.", None),
    ("youtube", "comment", "sample-spammer", 200,
     "Sample: check out my channel and subscribe!!! free gift card at www.example.com", None),
    ("x", "mention", "sample_rumor", 240,
     "Sample: the vaccine has a microchip from Bill Gates, wake up people", None),
    ("instagram", "comment", "sample.question", 300,
     "Sample: Is it normal to have a fever two days after a flu shot? Should I take ibuprofen?", None),
    ("facebook", "comment", "sample.empty", 400, "", None),
]


@transaction.atomic
def load() -> dict[str, int]:
    """Idempotent: messages are keyed by network and a sample- external id."""
    defaults.ensure()
    _approve_shipped_templates()
    # Patient relations gets a made-up address, so the sample low review's
    # alert reaches someone instead of showing as undelivered on a fresh demo.
    AlertRule.objects.filter(trigger="low_review", email_to="").update(
        email_to=f"patient-relations@{DEMO_MAIL_DOMAIN}")
    ours = Organization.objects.filter(is_ours=True).first()
    if ours is None:
        return {"messages": 0}
    channels = {c.network: c for c in Channel.objects.filter(organization=ours)}
    # On the demo network when there is one (the demo's sandbox: replies and
    # takedowns succeed there); else on the network each sample names.
    sandbox = channels.get("demo")
    now = timezone.now()
    made = []
    for i, (network, kind, handle, minutes, text, rating) in enumerate(SAMPLES):
        channel = sandbox or channels.get(network)
        if channel is None:
            continue
        network = channel.network
        message, created = Message.objects.get_or_create(
            network=network, external_id=f"inbox-sample-{i}",
            defaults={"channel": channel, "kind": kind, "author_handle": handle, "author_name": "Sample Person",
                      "published_at": now - timedelta(minutes=minutes), "body": text, "rating": rating,
                      "thread_id": f"sample-thread-{i}", "extra": {"sample": True}},
        )
        if created:
            made.append(message.pk)
    # Alerts as in real use: the sample crisis reaches the demo's on-call
    # responder (by e-mail into the demo's outbox), so the demo shows what a
    # reached crisis looks like rather than a red "reached nobody".
    triage_stored(made)
    return {"messages": len(made)}


def _approve_shipped_templates() -> None:
    reviewer = get_user_model().objects.filter(username="reviewer").first()
    if reviewer is None:
        return
    for version in CannedVersion.objects.filter(canned__shipped=True, state=CannedVersion.State.PENDING,
                                                author__isnull=True):
        canned.review(version, reviewer, approve=True, note="approved for the demo")
