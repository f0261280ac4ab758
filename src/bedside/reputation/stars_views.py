"""The Stars page: import the survey vendor's results, review comments, publish to the website."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from bedside.workspace import audit
from bedside.workspace.permissions import requires, user_can
from bedside.workspace.roles import Can

from . import stars, uploads
from .models import SurveyComment, SurveyResult


@requires(Can.VIEW)
def stars_page(request: HttpRequest) -> HttpResponse:
    results = list(SurveyResult.objects.select_related("provider").order_by("provider__last_name", "-period_end"))
    latest: dict[int, SurveyResult] = {}
    for r in results:
        latest.setdefault(r.provider_id, r)
    can_approve = user_can(request.user, Can.APPROVE)
    waiting: list[SurveyComment] = []
    if can_approve:
        waiting = list(SurveyComment.objects.filter(state=SurveyComment.State.PENDING)
                       .select_related("result__provider").order_by("result__provider__last_name", "external_id"))
        if waiting:
            # Patients' words, read by a person: audited like a message body.
            audit.record("survey_comments_read", None, request=request, object_type="reputation.surveycomment",
                         detail={"ids": [c.pk for c in waiting][:200]})
    return render(request, "reputation/stars.html", {
        "latest": list(latest.values()), "minimum": stars.MIN_RATINGS, "waiting": waiting,
        "can_approve": can_approve, "can_manage": user_can(request.user, Can.MANAGE_ROSTER),
        "folder": settings.STARS_DIR,
        "approved": SurveyComment.objects.filter(state=SurveyComment.State.APPROVED).count(),
        "blocked": SurveyComment.objects.filter(verdict="block").count(),
    })


@require_POST
@requires(Can.MANAGE_ROSTER)
def stars_import(request: HttpRequest) -> HttpResponse:
    loaded = uploads.load_csv(request, what="survey results", default_name="survey.csv", refused=stars.StarsRefused,
                              load=lambda path: stars.import_file(path, request=request))
    if loaded is not None:
        name, found = loaded
        messages.success(request, f"Imported {name}: {found.results} result(s), {found.comments} new comment(s) "
                                  f"({found.held} blocked by the guard, never published).")
    return redirect("reputation_stars")


@require_POST
@requires(Can.APPROVE)
def stars_review(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_object_or_404(SurveyComment, pk=pk)
    try:
        stars.review(comment, request.user, approve=request.POST.get("decision") == "approve", request=request)
    except stars.StarsRefused as exc:
        messages.error(request, " ".join(exc.errors))
    else:
        messages.success(request, f"Comment {comment.external_id} {comment.get_state_display().lower()}.")
    return redirect("reputation_stars")


@require_POST
@requires(Can.MANAGE_ROSTER)
def stars_publish(request: HttpRequest) -> HttpResponse:
    done = stars.publish(request=request)
    messages.success(request, f"Published the stars of {len(done.providers)} provider(s) to {done.folder}; "
                              f"{done.withheld} withheld (fewer than {stars.MIN_RATINGS} ratings), "
                              f"{done.removed} removed.")
    return redirect("reputation_stars")
