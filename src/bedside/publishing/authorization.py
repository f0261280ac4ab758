"""A patient story needs the patient's written HIPAA authorization on file:
checked when a reviewer approves the post and again when each variant is
sent, so an authorization that expired in between stops the post."""

from __future__ import annotations

from datetime import date

from bedside.benchmark.contentmix import PATIENT_STORY
from bedside.publishing.models import Post


def networks_covered(post: Post) -> set[str]:
    return {n.strip().lower() for n in post.authorization_networks.split(",") if n.strip()}


def problems(post: Post, networks: set[str], today: date) -> list[str]:
    """Why the post may not go out on ``networks`` today; empty when it may
    (or when it is not a patient story)."""
    if post.content_type != PATIENT_STORY:
        return []
    if not post.authorization_form.strip() or post.authorization_signed is None:
        return ["A patient story needs the patient's signed authorization on file: give the form's id and the "
                "date it was signed."]
    found = []
    if post.authorization_signed > today:
        found.append(f"The authorization is dated {post.authorization_signed:%Y-%m-%d}, after today.")
    if post.authorization_expires is None or post.authorization_expires < today:
        when = f" on {post.authorization_expires:%Y-%m-%d}" if post.authorization_expires else " (no expiry given)"
        found.append(f"The patient's authorization {post.authorization_form} expired{when}: the story cannot go out.")
    outside = sorted(networks - networks_covered(post))
    if outside:
        found.append(f"The authorization {post.authorization_form} does not cover {', '.join(outside)}.")
    return found
