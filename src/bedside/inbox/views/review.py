"""The approval queue for compliance reviewers, and the canned-response library."""

from __future__ import annotations

from django import forms
from django.contrib import messages as flash
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from bedside.inbox import canned, replies
from bedside.inbox.highlight import pieces
from bedside.inbox.models import CannedResponse, CannedVersion, Reply
from bedside.inbox.reading import open_message
from bedside.inbox.triage.intent import LABELS as INTENT_LABELS
from bedside.networks.registry import label as network_label
from bedside.workspace import audit
from bedside.workspace.permissions import requires, user_can
from bedside.workspace.roles import Can


@requires(Can.APPROVE)
def approvals(request: HttpRequest) -> HttpResponse:
    waiting = list(Reply.objects.filter(state=Reply.State.AWAITING_APPROVAL)
                   .select_related("message__channel", "message__queue", "author").order_by("created_at")[:50])
    items = []
    for reply in waiting:
        open_message(reply.message, request=request, via="approval queue")
        detail = reply.guard_detail or {}
        findings = detail.get("findings", [])
        items.append({
            "reply": reply,
            "pieces": pieces(reply.body, findings),
            "findings": findings,
            "reasons": detail.get("reasons", []),
            "own": reply.author_id == request.user.pk,
            "network": network_label(reply.message.network),
        })
    return render(request, "inbox/approvals.html", {"items": items, "min_justification": replies.MIN_JUSTIFICATION})


@requires(Can.APPROVE)
@require_POST
def review_reply(request: HttpRequest, reply_pk: int) -> HttpResponse:
    reply = get_object_or_404(Reply, pk=reply_pk)
    note = request.POST.get("note", "")
    try:
        if request.POST.get("decision") == "approve":
            reply = replies.approve(reply, request.user, note, justification=request.POST.get("justification", ""),
                                    request=request)
            if reply.state == Reply.State.AWAITING_APPROVAL:
                flash.success(request, "Approved your step; the reply now waits for the next approver.")
            else:
                flash.success(request, "Approved: it is on its way to the network; the message's page shows when "
                                       "it is sent.")
        elif request.POST.get("decision") == "reject":
            replies.reject(reply, request.user, note, request=request)
            flash.success(request, "Rejected; the author sees your note.")
        else:
            flash.error(request, "Choose approve or reject.")
    except replies.ReplyError as exc:
        flash.error(request, str(exc))
    return redirect("inbox_approvals")


class TemplateForm(forms.Form):
    name = forms.CharField(max_length=100)
    intent = forms.ChoiceField(choices=[("", "Any")] + list(INTENT_LABELS.items()), required=False)
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=2000)

    def clean_body(self) -> str:
        try:
            return canned.validate(self.cleaned_data["body"])
        except canned.CannedError as exc:
            raise forms.ValidationError(str(exc)) from None


def _tell_saved(request: HttpRequest, body: str, what: str) -> None:
    """Tell the author what the guard says of the saved text, not only that it was saved."""
    verdict = canned.check(body)
    if verdict.verdict == "allow":
        flash.success(request, f"{what}; a compliance reviewer must approve it before use.")
    else:
        flash.warning(request, f"{what}, but the HIPAA guard says {verdict.verdict}: "
                      + "; ".join(verdict.reasons or ["see the findings"])
                      + ". A compliance reviewer sees the findings before approving it.")


@requires(Can.REPLY, Can.APPROVE)
@require_POST
def canned_check(request: HttpRequest) -> HttpResponse:
    """htmx: the guard on a template as it is typed, placeholders filled with our own values."""
    body = request.POST.get("body", "")[:2000]
    result = canned.check(body) if body.strip() else None
    findings = [f.to_dict() for f in result.findings] if result else []
    return render(request, "inbox/_guard.html", {
        "result": result, "findings": findings, "pieces": pieces(result.text if result else "", findings),
        "subject": "template", "guard_id": request.POST.get("guard_id", "guard-findings")[:40]})


@requires(Can.READ_MESSAGES)
def canned_list(request: HttpRequest) -> HttpResponse:
    templates = CannedResponse.objects.prefetch_related("versions__author", "versions__reviewer").all()
    for template in templates:
        for version in template.versions.all():
            # What the guard says of each version still waiting, for the reviewer who approves it.
            if version.state == CannedVersion.State.PENDING:
                version.guard = canned.check(version.body)
    form = TemplateForm()
    if request.method == "POST":
        if not user_can(request.user, Can.REPLY):
            return HttpResponse(status=403)
        form = TemplateForm(request.POST)
        if form.is_valid():
            try:
                with transaction.atomic():
                    template = CannedResponse.objects.create(
                        name=form.cleaned_data["name"], slug=slugify(form.cleaned_data["name"])[:60],
                        intent=form.cleaned_data["intent"])
                    audit.record("canned_created", template, request=request)
                    canned.propose(template, form.cleaned_data["body"], request.user, request=request)
            except IntegrityError:
                form.add_error("name", "A template with this name already exists.")
            else:
                _tell_saved(request, form.cleaned_data["body"], "Template saved")
                return redirect("inbox_canned")
    return render(request, "inbox/canned.html", {
        "templates": templates, "form": form, "placeholders": canned.PLACEHOLDERS,
        "can_write": user_can(request.user, Can.REPLY), "can_approve": user_can(request.user, Can.APPROVE)})


@requires(Can.REPLY)
@require_POST
def canned_propose(request: HttpRequest, pk: int) -> HttpResponse:
    template = get_object_or_404(CannedResponse, pk=pk)
    try:
        version = canned.propose(template, request.POST.get("body", ""), request.user, request=request)
        _tell_saved(request, version.body, "New version saved")
    except canned.CannedError as exc:
        flash.error(request, str(exc))
    return redirect("inbox_canned")


@requires(Can.APPROVE)
@require_POST
def canned_review(request: HttpRequest, version_pk: int) -> HttpResponse:
    version = get_object_or_404(CannedVersion, pk=version_pk)
    try:
        canned.review(version, request.user, approve=request.POST.get("decision") == "approve",
                      note=request.POST.get("note", ""), request=request)
        flash.success(request, f"Version {version.number} of {version.canned.name}: {version.get_state_display()}.")
    except canned.CannedError as exc:
        flash.error(request, str(exc))
    return redirect("inbox_canned")
