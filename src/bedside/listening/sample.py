"""Sample listening for the demo: saved searches about the sample organization
and its peers, with ninety days of made-up public mentions (marked "Sample:"),
stored and triaged the way a run stores them, so the pages show a realistic
picture. One mention carries crisis language, for compliance."""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from bedside.listening import collect
from bedside.listening.models import SavedSearch
from bedside.listening.sources import Found
from bedside.workspace.models import Organization

DAYS = 90
OPENERS = ["Sample: just left", "Sample: shout-out to", "Sample: waited two hours at", "Sample: parking at",
           "Sample: great nurses at", "Sample: anyone been to", "Sample: flu shots today at",
           "Sample: not impressed with", "Sample: so thankful for", "Sample: heads up about"]
TAILS = ["this morning.", "and it was fine", "#flushot", "again??", "best team ever", "the billing office never "
         "called back", "the new cancer center looks great", "the valet was quick"]
CRISIS = "Sample: sitting in the {name} parking lot and I don't want to wake up tomorrow"


def _searches() -> list[tuple[SavedSearch, str]]:
    out = []
    for org in Organization.objects.filter(is_sample=True).order_by("-is_ours", "name")[:3]:
        short = org.name
        search, _ = SavedSearch.objects.get_or_create(
            organization=org, name=f"{short} brand",
            defaults={"query": f'"{short}" -job -hiring', "sources": ["bluesky", "reddit"]})
        out.append((search, short))
    return out


def load(seed: int = 11) -> dict[str, int]:
    rng = random.Random(seed)
    now = timezone.now()
    # Posts fall within five hours of each day's noon (UTC), so a day's
    # mentions stay on that calendar day.
    noon = now.replace(hour=12, minute=0, second=0, microsecond=0) - timedelta(days=1)
    stored = 0
    for n, (search, name) in enumerate(_searches()):
        if search.mentions.exists():
            continue
        found = []
        for day in range(DAYS):
            # A quiet baseline with a burst two weeks ago on our own search.
            per_day = rng.randint(2, 9) + (45 if n == 0 and day == 14 else 0)
            for i in range(per_day):
                text = f"{rng.choice(OPENERS)} {name} {rng.choice(TAILS)}"
                found.append(Found(rng.choice(["bluesky", "reddit"]), f"sample/{search.pk}/{day}/{i}",
                                   f"sample.user{rng.randint(1, 400)}", "", text, "", "en",
                                   noon - timedelta(days=day, minutes=rng.randint(-300, 300))))
        if n == 0:
            found.append(Found("bluesky", f"sample/{search.pk}/crisis", "sample.lowday", "",
                               CRISIS.format(name=name), "", "en", now - timedelta(hours=3)))
        outcome = collect.Outcome()
        collect.store(search, search.parsed(), found, outcome, org_names=(name,))
        stored += outcome.stored
    return {"mentions": stored}
