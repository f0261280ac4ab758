"""Governance in a real browser: a responder accepts the employee policy
before a reply goes out, takes the training, and compliance places and lifts
a legal hold."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from bedside.channels.models import Channel
from bedside.governance import policies, training
from bedside.governance.models import Acknowledgement, LegalHold, Policy, Scenario, TrainingRecord
from bedside.inbox import defaults
from bedside.inbox.models import Message, Reply
from bedside.workspace import people
from bedside.workspace.models import Organization

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long enough passphrase 7"


def sign_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")


@pytest.fixture
def ours(db: None) -> Organization:
    defaults.ensure()
    return Organization.objects.create(name="Cedar Ridge Health", is_ours=True)


def test_a_reply_waits_until_the_responder_accepts_the_employee_policy(
    page, live_server, ours, output_dir
) -> None:
    ray = people.create_user("ray", PASSWORD, "responder")
    rita = people.create_user("rita", PASSWORD, "compliance")
    alice = people.create_user("alice", PASSWORD, "admin")
    policies.ensure()
    proposed = policies.propose(
        Policy.objects.get(kind="employee"),
        "Never describe a patient, even without a name.\n\nAsk compliance when unsure.",
        rita,
    )
    version = policies.review(proposed, alice, approve=True)
    channel = Channel.objects.create(
        organization=ours, network="facebook", handle="CedarRidge", credentials={"token": "t"}
    )
    message = Message.objects.create(
        channel=channel,
        network="facebook",
        external_id="c1",
        kind="comment",
        author_handle="someone",
        body="What time does the cafe open?",
        published_at=timezone.now() - timedelta(minutes=5),
    )

    sign_in(page, live_server, "ray")
    page.goto(f"{live_server.url}/inbox/{message.pk}/")
    notice = page.locator("#cleared-notice")
    assert "accept the employee social media policy (version 2)" in notice.inner_text()
    page.get_by_label("Reply").fill("Thanks for asking! The cafe opens at 7am.")
    page.get_by_role("button", name="Check and send").click()
    status = page.get_by_role("status").inner_text()
    assert "Before you can reply, read and accept the employee social media policy" in status
    assert Reply.objects.get().state == Reply.State.DRAFT
    page.screenshot(path=str(output_dir / "governance-policy-refusal.png"), full_page=True)

    page.locator("#cleared-notice").get_by_role("link", name="Do it now").click()
    page.get_by_role("heading", name="Employee social media policy").wait_for()
    assert "Never describe a patient" in page.locator(".policy-text").inner_text()
    page.get_by_label("I have read this policy and will follow it").check()
    page.get_by_role("button", name="Accept the policy").click()
    page.locator("#accepted").wait_for()
    ack = Acknowledgement.objects.get(person=ray)
    assert ack.version == version

    page.goto(f"{live_server.url}/inbox/{message.pk}/")
    assert page.locator("#cleared-notice").count() == 0
    draft = Reply.objects.get()
    page.locator(f"#reply-{draft.pk}").get_by_role("button", name="Check and send").click()  # the kept draft
    page.locator("ul.messages", has_text="The guard allowed it").wait_for()
    assert Reply.objects.get().state == Reply.State.APPROVED  # past the gate: queued for the network


def test_a_training_run_shows_the_guards_verdicts_and_records_the_score(
    page, live_server, ours, output_dir
) -> None:
    ray = people.create_user("ray", PASSWORD, "responder")
    training.seed()
    truth = {s.pk: training.guard_result(s).verdict for s in Scenario.objects.filter(active=True)}
    wrong = next(pk for pk, v in truth.items() if v == "block")

    sign_in(page, live_server, "ray")
    page.goto(f"{live_server.url}/governance/training/")
    assert "You have no current training record" in page.locator("#training-status").inner_text()
    for pk, verdict in truth.items():
        answer = "allow" if pk == wrong else verdict
        page.locator(f"#scenario-{pk}").get_by_label(answer.capitalize()).check()
    page.get_by_role("button", name="Check my answers").click()
    score = page.locator("#training-score")
    expected = round(100 * (len(truth) - 1) / len(truth))
    assert f"{expected}%" in score.inner_text() and "passed" in score.inner_text()
    missed = page.locator(".scenario-result", has_text="not what the guard does")
    assert missed.count() == 1
    assert re.search(r"the guard says block", missed.inner_text())
    assert missed.locator("li").count() >= 1  # the guard's reasons
    page.screenshot(path=str(output_dir / "governance-training-result.png"), full_page=True)
    record = TrainingRecord.objects.get(person=ray)
    assert record.score == expected and record.passed
    assert training.current_record(ray) == record


def test_compliance_places_and_lifts_a_hold(page, live_server, ours, output_dir) -> None:
    people.create_user("rita", PASSWORD, "compliance")
    sign_in(page, live_server, "rita")
    page.goto(f"{live_server.url}/governance/")
    page.get_by_label("Matter").fill("Garage fall claim")
    page.get_by_label("Reason").fill("Counsel expects a claim; keep everything this person wrote.")
    page.get_by_label("Author handle").fill("jo.visitor")
    page.get_by_role("button", name="Place hold").click()
    row = page.locator("tr", has_text="Garage fall claim")
    row.get_by_text("active").wait_for()
    assert "messages by jo.visitor" in row.inner_text()
    hold = LegalHold.objects.get()
    assert hold.active and hold.placed_by.username == "rita"
    page.screenshot(path=str(output_dir / "governance-hold-placed.png"), full_page=True)

    row.get_by_label("Why lift “Garage fall claim”").fill("The claim was withdrawn in writing.")
    row.get_by_role("button", name="Lift").click()
    page.locator("tr", has_text="Garage fall claim").get_by_text(re.compile("lifted .* by rita")).wait_for()
    hold.refresh_from_db()
    assert not hold.active and hold.lift_reason == "The claim was withdrawn in writing."


def test_a_reply_to_a_legal_threat_waits_for_the_approver_the_matrix_names(
    page, live_server, ours, standin, monkeypatch, output_dir
) -> None:
    from bedside.governance.models import Situation
    from bedside.inbox.intake import triage_stored

    standin.load("facebook")
    monkeypatch.setenv("BEDSIDE_API_BASE_FACEBOOK", standin.base_url("facebook"))
    people.create_user("ray", PASSWORD, "responder")
    people.create_user("rita", PASSWORD, "compliance")
    people.create_user("alice", PASSWORD, "admin")
    gina = people.create_user("gina", PASSWORD, "compliance")
    gina.first_name, gina.last_name = "Gina", "Counsel"
    gina.save()
    channel = Channel.objects.create(organization=ours, network="facebook", handle="CedarRidge",
                                     credentials={"token": "t"})
    message = Message.objects.create(
        channel=channel, network="facebook", external_id="c9", kind="comment", author_handle="someone",
        body="Three hours in your lobby and no apology. My attorney will be contacting you this week.",
        published_at=timezone.now() - timedelta(minutes=5))
    triage_stored([message.pk])

    sign_in(page, live_server, "alice")
    page.goto(f"{live_server.url}/governance/matrix/")
    legal = Situation.objects.get(key="legal")
    page.get_by_text("A legal threat", exact=True).last.click()  # the row's <details>
    page.locator(f"#id_s{legal.pk}-approves_people").get_by_label("Gina Counsel").check()
    page.get_by_role("button", name="Save a legal threat").click()
    assert "Replies wait for: Gina Counsel" in page.locator("#situation-legal").inner_text()
    page.screenshot(path=str(output_dir / "governance-matrix-approver.png"), full_page=True)
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, live_server, "ray")
    page.goto(f"{live_server.url}/inbox/{message.pk}/")
    page.get_by_label("Reply").fill("We are sorry about the wait. Our patient relations team will call you today.")
    page.get_by_role("button", name="Check and send").click()
    assert "cannot be sent until Gina Counsel approves it" in page.get_by_role("status").inner_text()
    reply = Reply.objects.get()
    assert reply.state == Reply.State.AWAITING_APPROVAL
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, live_server, "rita")  # a compliance reviewer, but not the one the matrix names
    page.goto(f"{live_server.url}/inbox/approvals/")
    page.get_by_role("article").get_by_role("button", name="Approve and send").click()
    assert "decided by Gina Counsel" in page.get_by_role("status").inner_text()
    assert Reply.objects.get().state == Reply.State.AWAITING_APPROVAL
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, live_server, "gina")
    page.goto(f"{live_server.url}/inbox/approvals/")
    page.get_by_role("article").get_by_role("button", name="Approve and send").click()
    assert "Approved: it is on its way" in page.get_by_role("status").inner_text()
    reply.refresh_from_db()
    assert reply.state == Reply.State.APPROVED and reply.reviewer == gina
