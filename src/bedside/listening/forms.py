"""The saved-search form: a query that parses, and sources that are usable."""

from __future__ import annotations

from typing import Any

from django import forms

from bedside.listening.models import SavedSearch
from bedside.listening.query import QueryError, parse
from bedside.listening.sources import parse_sources
from bedside.workspace.models import Organization


class SearchForm(forms.ModelForm):  # type: ignore[type-arg]
    sources_text = forms.CharField(
        label="Where to look", widget=forms.Textarea(attrs={"rows": 3}), initial="bluesky",
        help_text="One per line: bluesky, reddit, x, youtube, mastodon:<instance> (the query's hashtags there, or its local timeline when the query has none), rss:<feed URL>.")

    class Meta:
        model = SavedSearch
        fields = ["name", "organization", "query"]
        widgets = {"query": forms.TextInput(attrs={"size": 60})}
        help_texts = {"query": 'Words, "phrases", #hashtags and @handles; AND (or a space), OR, NOT (or -), '
                               "parentheses, lang:en, a trailing * for a prefix; place:Boston or place:\"Cambridge MA\" to keep "
                               "posts in a place (the text names it, or the source reports it)."}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.order_by("-is_ours", "name")
        self.fields["organization"].label = "About"
        if not self.instance.pk:  # most searches are about us
            self.fields["organization"].initial = Organization.objects.filter(is_ours=True).values_list(
                "pk", flat=True).first()
        if self.instance.pk:
            self.fields["sources_text"].initial = "\n".join(self.instance.sources)

    def clean_query(self) -> str:
        value = str(self.cleaned_data["query"]).strip()
        try:
            parse(value)
        except QueryError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return value

    def clean_sources_text(self) -> list[str]:
        lines = [line.strip() for line in str(self.cleaned_data["sources_text"]).splitlines() if line.strip()]
        if not lines:
            raise forms.ValidationError("Name at least one place to look.")
        sources, errors = parse_sources(lines)
        if errors:
            raise forms.ValidationError([f"line {n}: {message}" for n, message in errors])
        return sources

    def save(self, commit: bool = True) -> SavedSearch:
        search: SavedSearch = super().save(commit=False)
        search.sources = self.cleaned_data["sources_text"]
        if commit:
            search.save()
        return search
