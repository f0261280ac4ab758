"""The crisis gate (guard.literals, derived from the rules' own patterns)
skips only rules that could not have matched: gate and rules give exactly
the hits of the rules alone, on thousands of varied texts, in texting forms
and with misspellings the normalizer reads back, inbound and outbound.

The texts are built here from the gate's own strings (so every rule is met
near its edge) and from sentences written for this test; the shared dev
texts (../shared/data/triage) and the crisis set's tuning part join them
when present, read at test time."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from bedside.guard import crisis, literals

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "data" / "triage"

FRAMES = [
    "{}", "i {}", "{} tonight", "honestly {} lol", "my brother said he {}", "she told me she {} and she has pills",
    "not going to lie, {}. sorry everyone", "we ran a talk on how people {} last week", "i don't {}",
    "The nurse said {} but it was nothing", "{}!! please help", "thinking about how {} forever",
    "Thank you all, {}, goodbye", "if you {} call 999", "he {} on purpose", "{} rn", "{}... jk",
]
EVERYDAY = [
    "the car park charges will kill me", "what a razor sharp team on ward 4", "can you deliver my pills to my address",
    "cut the queue at reception please", "my phone is dying, call me later", "dead tired after the night shift",
    "i could murder a cup of tea", "the wait in a&e was hopeless", "thanks for the flu jab, felt fine after",
    "the bridge road entrance is closed", "i'm done with this form, sending it now", "jump to the last page of the leaflet",
]
# Texting forms and slips the normalizer spells out before the rules run.
TEXTING = {"you": "u", "tonight": "tonite", "i'm": "im", "don't": "dont", "because": "cuz", "about": "bout",
           "going to": "gonna", "want to": "wanna", "to": "2", "myself": "myslef", "kill": "kil", "pills": "pils",
           "suicide": "sucide", "overdose": "overdoes", "anymore": "anymroe", "it all": "it al"}


def _variants(text: str, rng: random.Random) -> list[str]:
    out = [text, text.upper(), text.replace("'", "\u2019"), text.capitalize()]
    texted = text
    for word, form in TEXTING.items():
        texted = re.sub(rf"\b{re.escape(word)}\b", form, texted)
    out.append(texted)
    words = text.split()
    if words:
        k = rng.randrange(len(words))
        w = words[k]
        if len(w) > 3:  # a slip: a letter dropped or two swapped, never the first
            i = rng.randrange(1, len(w) - 1)
            words[k] = w[:i] + w[i + 1:] if rng.random() < 0.5 else w[:i] + w[i + 1] + w[i] + w[i + 2:]
        out.append(" ".join(words))
    return out


def _texts() -> list[str]:
    rng = random.Random(13)
    base: list[str] = list(EVERYDAY)
    for _kind, _strength, _regex, triggers, needs in crisis._compiled():
        strings = sorted({s for cond in needs for s in cond} | set(triggers))
        for s in rng.sample(strings, min(6, len(strings))):
            base.append(rng.choice(FRAMES).format(s.strip()))
        # All of a rule's conditions met at once, in one text.
        base.append(" ".join(rng.choice(sorted(cond)).strip() for cond in needs) + " " + rng.choice(EVERYDAY))
    texts = [v for t in base for v in _variants(t, rng)]
    if SHARED.is_dir():
        for name in sorted(SHARED.glob("*.dev.jsonl")):
            lines = name.read_text(encoding="utf-8").splitlines()
            many = 60 if "cssrs" in name.name else 400  # whole post histories: long, and a few suffice
            texts += [json.loads(line)["text"] for line in rng.sample(lines, min(many, len(lines)))]
    for name in ("dev_positive.tsv", "dev_negative.tsv"):
        path = ROOT / "bench" / "data" / "crisis_short" / name
        if path.exists():
            texts += [line.split("\t")[2] for line in path.read_text(encoding="utf-8").splitlines() if line.count("\t") >= 2]
    return texts


TEXTS = _texts()


def _hits(text: str, *, outbound: bool, gate: bool) -> list[tuple[int, int, str, str, str]]:
    return [(h.start, h.end, h.kind, h.strength, h.text) for h in crisis.find(text, outbound=outbound, gate=gate)]


@pytest.mark.parametrize("outbound", [False, True])
def test_gate_and_rules_find_what_the_rules_alone_find(outbound: bool) -> None:
    assert len(TEXTS) > 3000
    gated = [_hits(t, outbound=outbound, gate=True) for t in TEXTS]
    differ = [t for t, hits in zip(TEXTS, gated, strict=True) if hits != _hits(t, outbound=outbound, gate=False)]
    assert differ == []
    # The comparison means something: many of the texts escalate.
    assert sum(1 for hits in gated if hits) > (1000 if not outbound else 200)


def test_the_gate_leaves_most_rules_out_of_an_everyday_text() -> None:
    gate = crisis._gate()
    rules = len(crisis._compiled())
    for text in EVERYDAY:
        assert len(gate.open(text)) < rules // 10, text


def test_every_rule_is_gated_by_what_its_own_pattern_needs() -> None:
    # No rule slips past the gate unchecked: each one's pattern names words
    # the gate looks for (a new rule gets them when it is written).
    assert all(needs for *_rest, needs in crisis._compiled())


@pytest.mark.parametrize(
    ("pattern", "text", "matches"),
    [
        (r"\b(?:kill|end)(?:s|ed)? (?:my|him)self\b", "i want to end myself", True),
        (r"\b(?:kill|end)(?:s|ed)? (?:my|him)self\b", "end of the shift, myself included", False),
        (r"\bsu[i]?c[i]?de?(?:al|s)?\b|\bkys\b", "kys", True),
        (r"\bsu[i]?c[i]?de?(?:al|s)?\b|\bkys\b", "sucidal", True),
        (r"(?:want|wish)(?: \w+){0,2} to die(?= *(?:$|[.,!]))", "wish so much to die.", True),
        (r"(?:want|wish)(?: \w+){0,2} to die(?= *(?:$|[.,!]))", "want to diet", False),
        (r"\bpills?\b(?=.{0,40}\bnow)", "pill now", True),
        (r"a{2,}b", "aaab", True),
        (r"(?:ab|cd)?ef[xy]gh", "efygh", True),
    ],
)
def test_a_pattern_never_matches_a_text_its_conditions_rule_out(pattern: str, text: str, matches: bool) -> None:
    regex = re.compile(pattern)
    assert bool(regex.search(text)) is matches
    gate = literals.Gate([literals.required(regex)])
    if matches:
        assert gate.open(text) == {0}


def test_conditions_are_the_patterns_own_words() -> None:
    needs = literals.required(r"\b(?:kill|end)(?:s|ed)? (?:my|him)self\b")
    assert any({"kill", "end"} <= cond or any(s.startswith("kill") for s in cond) for cond in needs)
    assert literals.required(r"(?i)kill myself") == ()  # case folded: no gate, every text is tried
    assert literals.required(r"\w+ \d+") == ()
