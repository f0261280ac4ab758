"""What a hospital posts: patient story, health advice, promotion or service,
event, news, or content curated from others.

A transparent cue classifier: each class has weighted phrases a social team
would recognise; the class with the highest score wins and ``explain()`` says
which cues decided. Cues were written from how hospitals post, then checked
against the development half of a labelled set (bench/data/contentmix.jsonl);
accuracy on the held-out half is in BENCHMARKS.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

PATIENT_STORY = "patient_story"
HEALTH_ADVICE = "health_advice"
PROMOTION = "promotion"
EVENT = "event"
NEWS = "news"
CURATED = "curated"

CLASSES = [PATIENT_STORY, HEALTH_ADVICE, PROMOTION, EVENT, NEWS, CURATED]
LABELS = {
    PATIENT_STORY: "Patient story",
    HEALTH_ADVICE: "Health advice",
    PROMOTION: "Promotion or service",
    EVENT: "Event",
    NEWS: "News",
    CURATED: "Curated",
}

_CUES: dict[str, list[tuple[str, float]]] = {
    PATIENT_STORY: [
        (r"\b(meet|say hello to)\b", 1.5),
        (r"\b(his|her|their) (story|journey|battle|fight|recovery)\b", 3),
        (r"\b(patient|survivor|warrior|fighter)s?\b", 1),
        (r"\bstory\b", 1),
        (r"\bjourney\b", 1.5),
        (r"\b(was|were) diagnosed\b", 2.5),
        (r"\bdiagnosed with\b", 2),
        (r"\b(thanks to|grateful|gratitude)\b", 1),
        (r"\b(rang|ring) the (bell|chimes)\b", 3),
        (r"\b(back home|went home|goes home|walked out|cancer-free|in remission)\b", 2.5),
        (r"\bafter (months|weeks|years|surgery|treatment|a transplant)\b", 1.5),
        (r"\b(year-old|years old|-year-old)\b", 2),
        (r"\b(she|he) (says|said|told|recalls|remembers)\b", 2),
        (r"\b(mom|dad|mother|father|son|daughter|husband|wife|family)\b", 0.8),
        (r"#(patientstory|survivor|[a-z]*strong)\b", 2.5),
        (r"\b(thriving|beat the odds|miracle|celebrat\w+ (her|his) )", 1.5),
        (r"\bborn (at|with)\b|\bin (her|his|their) own words\b", 2.5),
        (r"\b(recovery|surgeries|relearned|kept (her|him) out)\b", 1),
    ],
    HEALTH_ADVICE: [
        (r"\b(tips?|how to|ways to|signs of|symptoms of|know the signs|warning signs)\b", 2.5),
        (r"\b(should|can help|helps|reduce your risk|lower your risk|risk of)\b", 1.2),
        (r"\b(your|you're|you)\b", 0.4),
        (r"\b(healthy|health tip|wellness|hydrated|sleep|exercise|diet|stretch|sunscreen|screening)s?\b", 1),
        (r"\b(did you know|myth|fact)\b", 2),
        (r"\?\s", 0.5),
        (r"\b(talk to your (doctor|provider)|ask your (doctor|provider)|see a doctor|call 911)\b", 2.5),
        (r"\b(prevent\w*|protect yourself|avoid|limit|aim for|try to)\b", 1.2),
        (r"\b(experts? (say|explain|share)|our (doctor|expert|dietitian|cardiologist)s? (explain|share|say))\b", 2),
        (r"#(healthtips?|wellness\w*|hearthealth|mentalhealth\w*)\b", 1.5),
        (r"\b(988|crisis line|experts? recommend|(doctors|pediatricians) recommend)\b", 2),
    ],
    PROMOTION: [
        (r"\b(schedule|book|request) (an |your )?(appointment|visit|screening|mammogram)\b", 3),
        (r"\b(now (open|accepting|offering|available)|same-day|walk-ins?|open (24/7|late|weekends))\b", 3),
        (r"\b(our|new) (clinic|center|location|service|program|urgent care|app|portal)s?\b", 1.5),
        (r"\b(virtual visits?|telehealth|mychart|patient portal|download (the|our) app)\b", 2.5),
        (r"\b(call|visit|learn more|find a doctor|find a provider|sign up)\b", 0.8),
        (r"\b(ranked|top hospital|best hospitals?|award-winning|magnet|accredited|recognized)\b", 1.5),
        (r"\b(now hiring|join our team|careers?|we're hiring|apply today)\b", 3),
        (r"\b(donat\w+|give today|giving tuesday|support our)\b", 2),
        (r"\b(minutes? from|convenient|no referral|most insurance|accepting new patients)\b", 2.5),
        (r"\b(now offered|now available|offers?|check in online|our (\w+ )?(center|clinic|program|suite))\b", 1.5),
    ],
    EVENT: [
        (r"\b(join us|register|registration|rsvp|save the date|sign up today|free (event|class|seminar|webinar))\b", 3),
        (r"\b(webinar|seminar|class(es)?|workshop|fair|5k|walk|run|gala|town hall|open house|live q&a|facebook live)\b", 1.5),
        (r"\b(mon|tues|wednes|thurs|fri|satur|sun)day\b", 1),
        (r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d{1,2}\b", 1.5),
        (r"\b\d{1,2}(:\d{2})? ?(a\.?m\.?|p\.?m\.?)\b", 2),
        (r"\b(tonight|tomorrow|this (week|weekend|saturday|sunday))\b", 1.2),
        (r"\b(at the|in the) \w+ (auditorium|atrium|campus|lobby|pavilion)\b", 1.5),
        (r"\b(blood drive|flu (shot )?clinic|health fair|screening event)\b", 2.5),
    ],
    NEWS: [
        (r"\b(announce[sd]?|announcing|today we|named|appointed|welcomes?)\b", 2),
        (r"\b(study|research|researchers|trial|published|findings|journal)\b", 1.5),
        (r"\b(first in|first-ever|milestone|breakthrough|grant|\$\d[\d.,]*\s?(million|billion|m\b))", 2),
        (r"\b(ceo|president|chief|board|partnership|merger|agreement|expansion|groundbreaking|ribbon)\b", 1.5),
        (r"\b(news|press release|statement|update on|visitor (policy|restrictions)|masking)\b", 1.5),
        (r"\b(fda|cdc|nih|approved|approval)\b", 1),
        (r"\b(performed|completed) (the|our|its) (first|\d+(st|nd|rd|th))\b", 2.5),
        (r"\b(will close|closing|transitioning|now operational|operating normally)\b", 2),
    ],
    CURATED: [
        (r"\b(via|h/t|hat tip|rt)\b\s*@?", 3),
        (r"\b(great|good|important|worth a) (read|listen|watch)\b", 3),
        (r"\b(from|by) (our friends at|the (cdc|who|aha|acs|nih|american \w+ association))\b", 3),
        (r"\b(shared|sharing) (by|from)|\bcheck out (this|the)\b", 2),
        (r"\b(according to|this (article|piece|report|podcast) (from|by|in))\b", 2),
        (r"\b(the (new york times|washington post|wsj|npr|cnn|associated press|ap|reuters))\b", 3),
        (r"\b(featured in|in the news|as seen (in|on))\b", 1.5),
        (r"\b(recommended|must|excellent|interesting)[- ](reading|read|explainer|thread|piece|report)\b", 3),
        (r"\b(our friends at|association|institute|foundation|society|academy|reuters|news)\b", 1.5),
    ],
}
_COMPILED = {k: [(re.compile(p, re.IGNORECASE), w) for p, w in v] for k, v in _CUES.items()}
# A tie goes to the class a reviewer would find the more specific.
_PRIORITY = [CURATED, EVENT, PATIENT_STORY, PROMOTION, NEWS, HEALTH_ADVICE]


@dataclass(frozen=True, slots=True)
class Verdict:
    label: str
    score: float
    cues: list[str]


def _link_cue(url: str, own_domains: Iterable[str]) -> bool:
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    return bool(host) and not any(host == d or host.endswith("." + d) for d in own_domains)


def explain(text: str, url: str = "", own_domains: Iterable[str] = ()) -> Verdict:
    """The class, its score, and the cues that matched it."""
    scores: dict[str, float] = dict.fromkeys(CLASSES, 0.0)
    hits: dict[str, list[str]] = {k: [] for k in CLASSES}
    for label, cues in _COMPILED.items():
        for pattern, weight in cues:
            found = pattern.search(text)
            if found:
                scores[label] += weight
                hits[label].append(found.group(0).strip())
    domains = [d.removeprefix("www.") for d in own_domains if d]
    if url and domains and _link_cue(url, domains):
        # A link to someone else's site is what curating looks like.
        scores[CURATED] += 2.5
        hits[CURATED].append(f"link to {urlsplit(url).hostname}")
    best = max(CLASSES, key=lambda k: (scores[k], -_PRIORITY.index(k)))
    if scores[best] == 0:
        # Nothing recognisable: hospital posts with no cue are most often news.
        return Verdict(NEWS, 0.0, [])
    return Verdict(best, scores[best], hits[best])


def classify(text: str, url: str = "", own_domains: Iterable[str] = ()) -> str:
    return explain(text, url, own_domains).label


def classify_posts(posts: Iterable) -> int:  # type: ignore[type-arg]
    """Fill ``content_type`` on posts that have none; returns how many changed."""
    from bedside.benchmark.models import Post

    changed = []
    for post in posts:
        if post.content_type:
            continue
        website = getattr(post.channel.organization, "website", "")
        domains = [urlsplit(website).hostname or ""] if website else []
        post.content_type = classify(post.text, post.url, domains)
        changed.append(post)
    Post.objects.bulk_update(changed, ["content_type"], batch_size=500)
    return len(changed)
