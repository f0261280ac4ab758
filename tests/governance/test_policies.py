"""Policies: versioned and approved by a second person, the community policy
written out as a static page, and the employee policy accepted before anyone
replies or publishes."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from bedside.channels.models import Channel
from bedside.governance import policies
from bedside.governance.models import Acknowledgement, Policy, PolicyVersion
from bedside.inbox import defaults, replies
from bedside.inbox.models import Message, Reply
from bedside.publishing import approval
from bedside.publishing.approval import VariantInput
from bedside.workspace.models import AuditEntry, Organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def ours(db: None) -> Organization:
    defaults.ensure()
    return Organization.objects.create(
        name="Cedar Ridge Health", is_ours=True, website="https://cedar.example"
    )


def _approved(kind: str, author, reviewer, body: str) -> PolicyVersion:
    policies.ensure()
    version = policies.propose(Policy.objects.get(kind=kind), body, author)
    return policies.review(version, reviewer, approve=True)


def test_templates_arrive_awaiting_approval_and_nothing_is_in_force(ours, personas) -> None:
    community, employee = policies.ensure()
    assert {community.kind, employee.kind} == {"community", "employee"}
    assert community.current() is None and employee.current() is None
    assert employee.versions.get().state == "pending"
    # With no employee policy in force nobody is held back.
    assert policies.policy_gate(personas["responder"].user, "reply") is None


def test_a_version_is_approved_by_another_reviewer_never_its_author(ours, personas) -> None:
    policies.ensure()
    employee = Policy.objects.get(kind="employee")
    rita, alice = personas["reviewer"].user, personas["admin"].user
    version = policies.propose(employee, "Never post about patients at {organization}.", rita)
    assert version.number == 2
    with pytest.raises(policies.PolicyError, match="own author"):
        policies.review(version, rita, approve=True)
    with pytest.raises(policies.PolicyError, match="compliance reviewer or an admin"):
        policies.review(version, personas["responder"].user, approve=True)
    policies.review(version, alice, approve=True)
    assert employee.current() == version
    assert "Cedar Ridge Health" in policies.text(version)
    with pytest.raises(policies.PolicyError, match="already approved"):
        policies.review(version, alice, approve=False)
    with pytest.raises(policies.PolicyError, match="needs some text"):
        policies.propose(employee, "   ", rita)
    assert set(AuditEntry.objects.values_list("action", flat=True)) >= {"policy_proposed", "policy_approved"}


def test_approving_the_community_policy_writes_a_static_page(
    ours, personas, settings, tmp_path, django_capture_on_commit_callbacks
) -> None:
    settings.PUBLIC_POLICY_DIR = str(tmp_path / "public")
    with django_capture_on_commit_callbacks(execute=True):
        version = _approved(
            "community",
            personas["reviewer"].user,
            personas["admin"].user,
            "Welcome to {organization}'s pages.\n\nWe remove:\n- posts that share health details;\n"
            "- <script>alert(1)</script> spam",
        )
    page = (Path(settings.PUBLIC_POLICY_DIR) / "community-policy.html").read_text()
    assert "<h1>Community policy</h1>" in page and "Welcome to Cedar Ridge Health" in page
    assert "<li>posts that share health details;</li>" in page
    assert "<script>" not in page and "&lt;script&gt;" in page  # the organization's words are escaped
    assert f"version {version.number}" in page
    assert AuditEntry.objects.filter(action="policy_published").exists()


def test_the_page_without_a_directory_says_how_to_publish(ours, personas, settings) -> None:
    settings.PUBLIC_POLICY_DIR = ""
    page = personas["reviewer"].client.get("/governance/policies/").content.decode()
    assert "BEDSIDE_PUBLIC_POLICY_DIR" in page and "Employee social media policy" in page
    assert policies.publish_public() is None


def test_a_reply_and_a_post_wait_for_the_employee_policy_to_be_accepted(ours, personas) -> None:
    version = _approved(
        "employee",
        personas["reviewer"].user,
        personas["admin"].user,
        "Never describe a patient, even without a name.",
    )
    ray = personas["responder"]
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
    draft = replies.draft(message, ray.user, "Thanks for asking! The cafe opens at 7am.")
    with pytest.raises(replies.ReplyError, match="accept the employee social media policy") as refused:
        replies.submit(draft, ray.user)
    assert policies.ACK_URL in str(refused.value)
    assert Reply.objects.get(pk=draft.pk).state == "draft"

    mona = personas["manager"].user
    post = approval.save(
        mona, title="Open house", variants=[VariantInput(channel=channel, body="Join our open house!")]
    )
    with pytest.raises(approval.PostError, match="accept the employee social media policy"):
        approval.submit(post, mona)

    # Through the page, as a person would: the reply page says why and where.
    page = ray.client.get("/governance/policies/employee/").content.decode()
    assert "Never describe a patient" in page and "Accept the policy" in page
    not_ticked = ray.client.post(f"/governance/policies/versions/{version.pk}/accept/", {}, follow=True)
    assert "Tick" in not_ticked.content.decode() and not Acknowledgement.objects.exists()
    ray.client.post(f"/governance/policies/versions/{version.pk}/accept/", {"read": "yes"})
    ack = Acknowledgement.objects.get(person=ray.user)
    assert ack.version == version and ack.accepted_at is not None
    assert replies.submit(draft, ray.user).state in ("approved", "sending")

    # A new version in force asks everyone again.
    newer = _approved("employee", personas["reviewer"].user, personas["admin"].user, "A stricter version.")
    second = replies.draft(message, ray.user, "The cafe opens at 7am on weekdays.")
    with pytest.raises(replies.ReplyError, match=f"version {newer.number}"):
        replies.submit(second, ray.user)
    with pytest.raises(policies.PolicyError, match="newer version"):
        policies.acknowledge(ray.user, version)


def test_the_report_lists_who_has_not_accepted_first(ours, personas) -> None:
    version = _approved("employee", personas["reviewer"].user, personas["admin"].user, "Be careful.")
    policies.acknowledge(personas["manager"].user, version)
    current, standing = policies.report()
    names = [s.person.get_username() for s in standing]
    assert current == version
    assert (
        "vic" not in names and "oscar" not in names
    )  # viewers and people without a role neither reply nor publish
    assert names[-1] == "mona" and all(s.accepted_at is None for s in standing[:-1])
    page = personas["reviewer"].client.get("/governance/policies/").content.decode()
    assert f"<strong>{len(standing) - 1}</strong> of {len(standing)} people" in page
    assert personas["responder"].client.get("/governance/policies/").status_code == 403
