"""The filters a search's mention list offers, in one place: the page, its
export button, the API and the CLI read and apply them the same way."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet

from bedside.inbox.triage.intent import LABELS as INTENT_LABELS
from bedside.listening.models import Mention
from bedside.listening.sources import KINDS


class FilterError(ValueError):
    """A filter value that names nothing; says which parameter and what it takes."""


@dataclass(frozen=True)
class Filters:
    intent: str = ""  # one of the inbox's intents (the one triage let decide)
    source: str = ""  # a network slug: bluesky, reddit, x, youtube, mastodon, rss

    @classmethod
    def read(cls, params: Mapping[str, Any]) -> Filters:
        """From query parameters or options; raises :class:`FilterError`."""
        intent = str(params.get("intent") or "").strip().lower()
        source = str(params.get("source") or "").strip().lower()
        if intent and intent not in INTENT_LABELS:
            raise FilterError(f"intent={intent[:30]!r} is not an intent; use one of {', '.join(INTENT_LABELS)}")
        if source and source not in KINDS:
            raise FilterError(f"source={source[:30]!r} is not a source; use one of {', '.join(KINDS)}")
        return cls(intent, source)

    def apply(self, mentions: QuerySet[Mention]) -> QuerySet[Mention]:
        if self.intent:
            mentions = mentions.filter(intent=self.intent)
        if self.source:
            mentions = mentions.filter(source=self.source)
        return mentions

    def params(self) -> dict[str, str]:
        return {k: v for k, v in (("intent", self.intent), ("source", self.source)) if v}

    def query_string(self) -> str:
        return urlencode(self.params())

    def describe(self) -> str:
        parts = [f"intent {INTENT_LABELS[self.intent]}" if self.intent else "", f"source {self.source}"
                 if self.source else ""]
        return ", ".join(p for p in parts if p) or "no filter"
