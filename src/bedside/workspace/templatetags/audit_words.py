"""``{{ entry.action|in_words }}``: an audit action as a person says it."""

from __future__ import annotations

from django import template

from bedside.workspace.audit_words import in_words as _in_words

register = template.Library()


@register.filter
def in_words(action: str) -> str:
    return _in_words(action)
