"""Spam: self-promotion, link farming and scams in comments.

Cues are the ones the UCI YouTube Spam Collection is full of ("check out my
channel", "subscribe", links, giveaways); measured on it in BENCHMARKS.md.
"""

from __future__ import annotations

import re

from bedside.inbox.triage.phrases import Phrases

_STRONG = [
    "check out my", "check my channel", "check out this", "check it out", "my channel", "my new channel",
    "my youtube", "my video", "my new video", "my page", "my music", "my song", "my cover", "my blog",
    "my website", "my shop", "my store", "visit my", "subscribe", "subscribers", "sub4sub", "sub 4 sub",
    "follow me", "follow for follow", "f4f", "like4like", "l4l", "please like", "like this comment",
    "thumbs up so", "give it a like", "promo code", "discount code", "coupon", "giveaway", "free gift card",
    "gift card", "free iphone", "earn money", "make money", "making money", "earn $", "per day from home",
    "work from home", "work at home", "bitcoin", "crypto", "forex", "investment opportunity", "onlyfans",
    "dm me for", "whatsapp me", "click here", "click the link", "link in bio", "link in my bio",
    "cheap followers", "buy followers", "followers for", "hot singles", "adult friend", "casino", "lottery",
    "you have won", "claim your", "limited offer", "100% free", "free download", "download now",
    "watch?v=", ".com", ".net", "bit.ly", "goo.gl", "tinyurl",
]
_PHRASES = Phrases.of("spam", _STRONG)
_LINK = re.compile(r"https?://|www\.", re.I)
_SHOUT = re.compile(r"[A-Z]{6,}")


def spam_score(text: str, lowered: str | None = None) -> float:
    """0 … 1; 0.5 and above is spam."""
    low = lowered if lowered is not None else text.lower()
    score = 0.0
    hits = len(_PHRASES.find(low))
    if hits:
        score += 0.5 + 0.15 * min(hits - 1, 3)
    if _LINK.search(text):
        score += 0.5
    if _SHOUT.search(text) and "!" in text:
        score += 0.1
    return min(score, 1.0)


def is_spam(text: str, lowered: str | None = None) -> bool:
    return spam_score(text, lowered) >= 0.5
