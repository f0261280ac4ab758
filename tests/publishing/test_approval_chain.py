"""The workspace's approval chain: a social manager approves the content,
then compliance approves what the guard flagged and patient stories; each
step by its role, by someone other than the author, each by a different
person; an edit sends an approved post back to the start."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from bedside.inbox import states
from bedside.publishing import approval, sending
from bedside.publishing.approval import Authorization, PostError, VariantInput
from bedside.publishing.models import Post, Variant
from bedside.workspace import approvals, people
from bedside.workspace.models import ApprovalStep, AuditEntry

pytestmark = pytest.mark.django_db

SAFE = "Flu shots are free at every Riverbend clinic this week. No appointment needed."
FLAGGED = "Happy birthday to our patient John Fakesmith in room 412, home after his bypass surgery!"
SIGNED = Authorization("HIPAA-2026-0114", date.today() - timedelta(days=10), date.today() + timedelta(days=300),
                       "mastodon")
REASON = "The patient signed a written authorization that covers Mastodon."


@pytest.fixture
def chain(db: None) -> None:
    ApprovalStep.objects.create(position=1, name="Content", role="social_manager", when="always")
    ApprovalStep.objects.create(position=2, name="Compliance", role="compliance", when="flagged_or_patient_story")


@pytest.fixture
def sam(db: None):  # a second social manager
    return people.create_user("sam", "a long enough pass phrase 42", "social_manager")


def _submit(author, channel, body=SAFE) -> Post:
    post = approval.save(author, title="Flu week", variants=[VariantInput(channel, body, timezone.now())],
                         authorization=SIGNED if body == FLAGGED else None)
    return approval.submit(post, author)


def test_with_no_chain_configured_only_what_the_guard_flags_waits_for_compliance(personas, mastodon) -> None:
    mona = personas["manager"].user
    assert _submit(mona, mastodon).state == Post.State.APPROVED
    flagged = _submit(mona, mastodon, FLAGGED)
    assert (flagged.state, flagged.waiting_for) == (Post.State.AWAITING_APPROVAL, "Compliance")


def test_a_safe_post_needs_the_content_step_only(personas, mastodon, timeline, chain, sam) -> None:
    mona = personas["manager"].user
    post = _submit(mona, mastodon)
    assert (post.state, post.waiting_for) == (Post.State.AWAITING_APPROVAL, "Content")
    assert sending.publish_due() == []
    with pytest.raises(PostError, match="own author"):
        approval.approve(post, mona)
    with pytest.raises(PostError, match="decided by a social media manager"):
        approval.approve(post, personas["reviewer"].user)
    post = approval.approve(post, sam, "Reads well.")
    assert (post.state, post.reviewer) == (Post.State.APPROVED, sam)
    assert [d["step"] for d in post.approvals] == ["Content"]
    assert len(sending.publish_due()) == 1 and len(timeline.statuses) == 1


def test_a_flagged_post_goes_through_content_then_compliance(personas, mastodon, chain, sam) -> None:
    mona, rita = personas["manager"].user, personas["reviewer"].user
    post = _submit(mona, mastodon, FLAGGED)
    with pytest.raises(PostError, match="decided by a social media manager"):
        approval.approve(post, rita, justification=REASON)  # compliance cannot skip the content step
    post = approval.approve(post, sam)
    assert (post.state, post.waiting_for) == (Post.State.AWAITING_APPROVAL, "Compliance")
    assert Variant.objects.get().state == Variant.State.DRAFT  # not scheduled before the last step
    with pytest.raises(PostError, match="decided by a compliance reviewer"):
        approval.approve(post, sam)
    if post.verdict == "block":
        with pytest.raises(PostError, match="write why"):
            approval.approve(post, rita)
    post = approval.approve(post, rita, justification=REASON)
    assert post.state == Post.State.APPROVED and [d["step"] for d in post.approvals] == ["Content", "Compliance"]
    assert Variant.objects.get().state == Variant.State.SCHEDULED
    actions = list(AuditEntry.objects.filter(object_type="publishing.post").values_list("action", flat=True))
    assert actions.count("post_step_approved") == 1 and actions.count("post_approved") == 1


def test_one_person_cannot_approve_two_steps(personas, mastodon, chain) -> None:
    mona, alice = personas["manager"].user, personas["admin"].user
    post = approval.approve(_submit(mona, mastodon, FLAGGED), alice)  # an admin may take any step
    with pytest.raises(PostError, match="different person"):
        approval.approve(post, alice, justification=REASON)
    assert Post.objects.get().state == Post.State.AWAITING_APPROVAL


def test_editing_an_approved_post_sends_it_back_to_the_first_step(personas, mastodon, chain, sam) -> None:
    mona = personas["manager"].user
    post = approval.approve(_submit(mona, mastodon), sam)
    assert post.state == Post.State.APPROVED
    post = approval.save(mona, title="Flu week", post=post,
                         variants=[VariantInput(mastodon, SAFE + " Bring your card.", timezone.now())])
    assert (post.state, post.approvals) == (Post.State.DRAFT, [])
    post = approval.submit(post, mona)
    assert (post.state, post.waiting_for) == (Post.State.AWAITING_APPROVAL, "Content")
    assert sending.publish_due() == []


def test_a_later_step_can_reject(personas, mastodon, chain, sam) -> None:
    mona, rita = personas["manager"].user, personas["reviewer"].user
    post = approval.approve(_submit(mona, mastodon, FLAGGED), sam)
    post = approval.reject(post, rita, "Use a first name only.")
    assert (post.state, post.review_note, post.waiting_for) == (Post.State.REJECTED, "Use a first name only.", "")


def test_replies_and_posts_share_one_approval_table() -> None:
    for current, moves in approvals.TABLE.items():
        for wanted in moves:
            assert states.allowed(states.REPLY, current, wanted) and approvals.allowed(approval.TABLE, current, wanted)
    # What follows approval is each one's own: a reply is sent, a post may be edited.
    assert states.allowed(states.REPLY, "approved", "sending") and not approvals.allowed(approval.TABLE, "approved",
                                                                                         "sending")
    assert approvals.allowed(approval.TABLE, "approved", "draft") and not states.allowed(states.REPLY, "approved",
                                                                                         "draft")
    with pytest.raises(approvals.IllegalTransition, match="'approved' cannot become 'rejected'"):
        approvals.check(approval.TABLE, "post", "approved", "rejected")


@pytest.mark.parametrize(("raw", "message"), [
    ("Content:social_manager", "write NAME:ROLE:WHEN"),
    ("Content:editor:always", "ROLE: 'editor' is not a role"),
    ("Content:viewer:always", "ROLE: 'viewer' is not a role"),
    ("Content:compliance:sometimes", "WHEN: 'sometimes' is not one of"),
])
def test_a_badly_written_step_says_what_and_where(raw, message) -> None:
    with pytest.raises(ValueError, match=message):
        approvals.parse_step(raw, 2)


def test_the_chain_is_set_and_shown_from_the_command_line(db) -> None:
    from click.testing import CliRunner

    from bedside.cli import main

    runner = CliRunner()
    assert "1. Compliance: approved by compliance, flagged_or_patient_story" in runner.invoke(
        main, ["approvals", "show"]).output
    done = runner.invoke(main, ["approvals", "set", "Content:social_manager:always",
                                "Compliance:compliance:flagged_or_patient_story"])
    assert done.exit_code == 0, done.output
    assert [s.name for s in approvals.chain()] == ["Content", "Compliance"]
    bad = runner.invoke(main, ["approvals", "set", "Content:social_manager:always", "Legal:lawyer:always"])
    assert bad.exit_code == 1 and "step 2, ROLE: 'lawyer'" in bad.output
    assert [s.name for s in approvals.chain()] == ["Content", "Compliance"]  # nothing half-written
    assert AuditEntry.objects.filter(action="approval_chain_set").count() == 1
