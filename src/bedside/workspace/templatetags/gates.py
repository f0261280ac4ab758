"""``{% cleared_notice %}``: on every page, what a person must do before they
may reply or publish (the employee policy, training), with the link to do it."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html

from bedside.workspace import gates
from bedside.workspace.permissions import user_can
from bedside.workspace.roles import Can

register = template.Library()


@register.simple_tag(takes_context=True)
def cleared_notice(context: dict[str, Any]) -> str:
    request = context.get("request")
    person = getattr(request, "user", None)
    if person is None or not person.is_authenticated:
        return ""
    if not (user_can(person, Can.REPLY) or user_can(person, Can.PUBLISH) or user_can(person, Can.APPROVE)):
        return ""
    refused = gates.refusal(person, "reply or publish")
    if refused is None or request.path == refused.url:
        return ""
    return format_html(
        '<p class="notice" id="cleared-notice" role="note">{} <a href="{}">Do it now</a>.</p>',
        refused.message,
        refused.url,
    )
