"""Patient-survey stars on our own website (Press Ganey's transparency standard).

The survey vendor's per-provider results are imported from its CSV
(:mod:`.survey_csv`), all or nothing. Every comment is checked by the guard
at import (a comment quoting a diagnosis or naming a patient is blocked) and
waits for a reviewer. :func:`publish` writes, into ``settings.STARS_DIR``,
one JSON file and one HTML snippet per provider whose latest period has at
least :data:`MIN_RATINGS` ratings, with only the comments the guard did not
block and a reviewer approved, plus ``index.json``. The website includes
those files; the public web never calls Bedside. Files of providers no
longer eligible are removed, so a page never shows stale stars.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from bedside.guard import Context, scan
from bedside.networks.imports.base import ImportError_
from bedside.workspace import audit
from bedside.workspace.identifiers import our_public_identifiers
from bedside.workspace.permissions import user_can
from bedside.workspace.roles import Can

from . import survey_csv
from .models import Provider, SurveyComment, SurveyResult

#: the fewest ratings a provider's stars are published with (Press Ganey's threshold)
MIN_RATINGS = 30


class StarsRefused(Exception):
    """Nothing was stored or changed; ``errors`` says every reason, one line each."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class Imported:
    results: int
    comments: int
    held: int  # comments the guard blocked: never published


def import_file(path: str | Path, *, actor: Any = "cli", request: Any = None) -> Imported:
    """Store every result and comment in the survey CSV, or nothing."""
    known = set(Provider.objects.values_list("npi", flat=True))
    try:
        found = survey_csv.read(path, known)
    except ImportError_ as exc:
        raise StarsRefused([str(exc)]) from exc
    if not found.ok:
        lines = [str(e) for e in found.errors]
        more = getattr(found.errors, "more_errors", 0)
        if more:
            lines.append(f"{path}: … and {more} more problem(s)")
        raise StarsRefused(lines)
    ours = our_public_identifiers()
    providers = {p.npi: p for p in Provider.objects.filter(npi__in={r.npi for r in found.results})}
    comments = held = 0
    name = Path(path).name
    with transaction.atomic():
        for row in found.results:
            provider = providers[row.npi]
            # The comment is about our own provider: naming them is not a leak
            # (their name is staff to the guard); anyone else's name still is.
            staff = (*ours.get("org_staff", ()), f"{provider.first_name} {provider.last_name}", provider.last_name)
            context = Context(direction="outbound", kind="post", **{**ours, "org_staff": staff})
            result, _ = SurveyResult.objects.update_or_create(
                provider=provider, period_end=row.period_end,
                defaults={"ratings": row.ratings, "average": row.average, "source": name[:200]})
            for comment_id, text in row.comments:
                if SurveyComment.objects.filter(result=result, external_id=comment_id).exists():
                    continue  # imported before: its review stands
                verdict = scan(text, context)
                SurveyComment.objects.create(
                    result=result, external_id=comment_id[:100], body=text, verdict=verdict.verdict,
                    labels=sorted({f.label for f in verdict.findings}),
                    state=SurveyComment.State.REJECTED if verdict.verdict == "block" else SurveyComment.State.PENDING)
                comments += 1
                held += verdict.verdict == "block"
        audit.record("survey_imported", None, actor=actor, request=request, object_type="reputation.surveyresult",
                     detail={"file": name, "results": len(found.results), "comments": comments, "blocked": held})
    return Imported(len(found.results), comments, held)


def review(comment: SurveyComment, reviewer: Any, *, approve: bool, request: Any = None) -> SurveyComment:
    """A reviewer's decision on a comment; a comment the guard blocked is never approved."""
    if not user_can(reviewer, Can.APPROVE):
        raise StarsRefused(["Only a compliance reviewer or an admin approves comments for the website."])
    if approve and comment.verdict == "block":
        raise StarsRefused(["The guard blocked this comment (it may identify a patient): it is never published."])
    wanted = SurveyComment.State.APPROVED if approve else SurveyComment.State.REJECTED
    with transaction.atomic():
        won = SurveyComment.objects.filter(pk=comment.pk, state=SurveyComment.State.PENDING).update(
            state=wanted, reviewer=reviewer, reviewed_at=timezone.now())
        comment.refresh_from_db()
        if not won:
            raise StarsRefused([f"This comment is already {comment.get_state_display().lower()}."])
        audit.record("survey_comment_approved" if approve else "survey_comment_rejected", comment,
                     actor=reviewer, request=request, detail={"verdict": comment.verdict})
    return comment


@dataclass
class Published:
    providers: list[str]  # NPIs written
    withheld: int  # providers with results but fewer than MIN_RATINGS in their latest period
    removed: int  # files of providers no longer eligible, deleted
    folder: Path


def eligible() -> list[tuple[SurveyResult, list[SurveyComment]]]:
    """Each active provider's latest result with at least MIN_RATINGS ratings, and its publishable comments."""
    latest: dict[int, SurveyResult] = {}
    for result in (SurveyResult.objects.filter(provider__status=Provider.Status.ACTIVE)
                   .select_related("provider").order_by("provider_id", "-period_end")):
        latest.setdefault(result.provider_id, result)
    out = []
    for result in latest.values():
        if result.ratings < MIN_RATINGS:
            continue
        approved = [c for c in result.comments.order_by("external_id")
                    if c.state == SurveyComment.State.APPROVED and c.verdict != "block"]
        out.append((result, approved))
    return out


@dataclass(frozen=True)
class Standing:
    """Survey stars in figures: what the report and the API show (no comment text)."""

    with_results: int  # active providers with a survey result
    shown: int  # of those, with enough ratings to show stars on the website
    withheld: int  # fewer than MIN_RATINGS in the latest period
    average: float | None  # ratings-weighted average of the shown providers' latest periods
    ratings: int  # ratings behind that average
    comments_approved: int
    comments_waiting: int
    comments_blocked: int  # by the guard; never published
    latest_period_end: date | None
    shown_results: frozenset[int] = frozenset()  # the SurveyResult ids behind the stars shown


def standing() -> Standing:
    chosen = eligible()
    with_results = SurveyResult.objects.filter(provider__status=Provider.Status.ACTIVE).values(
        "provider_id").distinct().count()
    ratings = sum(r.ratings for r, _ in chosen)
    average = sum(r.average * r.ratings for r, _ in chosen) / ratings if ratings else None
    ends = [r.period_end for r, _ in chosen]
    comments = SurveyComment.objects
    return Standing(
        with_results=with_results, shown=len(chosen), withheld=with_results - len(chosen), average=average,
        ratings=ratings, comments_approved=comments.filter(state=SurveyComment.State.APPROVED).count(),
        comments_waiting=comments.filter(state=SurveyComment.State.PENDING).exclude(verdict="block").count(),
        comments_blocked=comments.filter(verdict="block").count(), latest_period_end=max(ends) if ends else None,
        shown_results=frozenset(r.pk for r, _ in chosen),
    )


def publish(*, actor: Any = "cli", request: Any = None, folder: Path | None = None) -> Published:
    folder = Path(folder or settings.STARS_DIR)
    target = folder / "providers"
    target.mkdir(parents=True, exist_ok=True)
    chosen = eligible()
    withheld = SurveyResult.objects.values("provider_id").distinct().count() - len(chosen)
    written: set[str] = set()
    index = []
    for result, comments in chosen:
        provider = result.provider
        data = {
            "npi": provider.npi, "name": provider.display_name, "profile_url": provider.profile_url,
            "average": round(result.average, 1), "ratings": result.ratings,
            "period_end": result.period_end.isoformat(), "comments": [c.body for c in comments],
        }
        _write(target / f"{provider.npi}.json", json.dumps(data, ensure_ascii=False, indent=1) + "\n")
        _write(target / f"{provider.npi}.html", render_to_string("reputation/stars_snippet.html", {
            "data": data, "full": int(result.average), "percent": round(result.average / 5 * 100)}))
        written.update({f"{provider.npi}.json", f"{provider.npi}.html"})
        index.append({"npi": provider.npi, "average": data["average"], "ratings": result.ratings})
    removed: set[str] = set()
    for stale in target.iterdir():
        if stale.is_file() and stale.suffix in (".json", ".html") and stale.name not in written:
            stale.unlink()
            removed.add(stale.stem)
    _write(folder / "index.json", json.dumps({"generated_at": timezone.now().isoformat(timespec="seconds"),
                                              "minimum_ratings": MIN_RATINGS, "providers": index}, indent=1) + "\n")
    npis = [r.provider.npi for r, _ in chosen]
    audit.record("survey_stars_published", None, actor=actor, request=request, object_type="reputation.surveyresult",
                 detail={"providers": len(npis), "withheld": withheld, "removed": len(removed)})
    return Published(npis, withheld, len(removed), folder)


def _write(path: Path, text: str) -> None:
    # Atomic: the web server never reads a half-written file.
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".stars-")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(text)
    os.chmod(temporary, 0o644)
    os.replace(temporary, path)
