"""A new review of 2 stars or fewer alerts patient relations (the inbox
rule's address) and the reviewed provider's department leader, through the
inbox's alert machinery: recorded per recipient, sent by a real SMTP server
on 127.0.0.1, retried when the relay refuses."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from bedside.channels.models import Channel
from bedside.inbox import delivery
from bedside.inbox.intake import triage_stored
from bedside.inbox.models import Alert, AlertDelivery, AlertRule, Message
from bedside.reputation.models import DepartmentLeader, Listing
from tests.standin.smtp import subject

pytestmark = pytest.mark.django_db
RELATIONS = "patient-relations@riverbend.example"
LEADER = "mona@riverbend.example"


@pytest.fixture
def yelp_listing(okafor, personas) -> Listing:
    channel = Channel.objects.get(organization=okafor.organization, network="yelp")
    listing = Listing.objects.create(channel=channel, network="yelp", external_id="dr-amara-okafor-columbus",
                                     handle="dr-amara-okafor-columbus", name="Amara Okafor, MD", provider=okafor,
                                     status=Listing.Status.CONFIRMED)
    AlertRule.objects.filter(trigger="low_review").update(email_to=RELATIONS)
    mona = personas["manager"].user
    mona.email = LEADER
    mona.save(update_fields=["email"])
    DepartmentLeader.objects.create(department="Cardiology", leader=mona)
    return listing


def _review(listing: Listing, stars: float, n: int) -> Message:
    message = Message.objects.create(
        channel=listing.channel, network="yelp", external_id=f"yelp-review-{n}", kind=Message.Kind.REVIEW,
        body="Made-up review: the visit was rushed and nobody called back.", rating=stars,
        in_reply_to=listing.external_id, published_at=timezone.now() - timedelta(minutes=3))
    triage_stored([message.pk])
    return message


def test_a_one_star_review_mails_patient_relations_and_the_department_leader(yelp_listing, mailbox) -> None:
    message = _review(yelp_listing, 1.0, 1)
    [alert] = Alert.objects.filter(message=message, trigger="low_review")
    assert {(d.target, d.status) for d in alert.deliveries.all()} == {(RELATIONS, "sent"), (LEADER, "sent")}
    for address in (RELATIONS, LEADER):
        [mail] = mailbox.to(address)
        assert subject(mail).startswith("[Bedside] Review of 2 stars or fewer: review on Yelp")
        assert "1 of 5 stars" in subject(mail) and f"/inbox/{message.pk}/" in mail.get_payload()
        assert "rushed" not in mail.as_string()  # never the review's text


def test_three_stars_alert_nobody_and_a_review_alerts_once(yelp_listing, mailbox) -> None:
    _review(yelp_listing, 3.0, 2)
    assert not Alert.objects.filter(trigger="low_review").exists() and not mailbox.received
    message = _review(yelp_listing, 2.0, 3)
    triage_stored([message.pk])  # triaged again: still one alert
    assert Alert.objects.filter(trigger="low_review").count() == 1 and len(mailbox.to(LEADER)) == 1


def test_a_refused_delivery_is_retried_until_it_goes_through(yelp_listing, mailbox) -> None:
    mailbox.refuse.add(LEADER)
    message = _review(yelp_listing, 1.0, 4)
    leader = AlertDelivery.objects.get(alert__message=message, target=LEADER)
    assert leader.status == "pending" and leader.attempts == 1 and "550" in leader.last_error
    assert mailbox.to(RELATIONS) and not mailbox.to(LEADER)
    mailbox.refuse.clear()
    assert delivery.retry_due(now=timezone.now() + timedelta(minutes=1)) == 1
    leader.refresh_from_db()
    assert (leader.status, leader.attempts) == ("sent", 2) and len(mailbox.to(LEADER)) == 1


def test_a_review_of_a_location_or_an_unknown_listing_alerts_only_patient_relations(yelp_listing, mailbox) -> None:
    yelp_listing.provider = None
    yelp_listing.save(update_fields=["provider"])
    message = _review(yelp_listing, 1.0, 5)
    [alert] = Alert.objects.filter(message=message, trigger="low_review")
    assert [d.target for d in alert.deliveries.all()] == [RELATIONS]
