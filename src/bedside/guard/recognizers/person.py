"""Names of people and places in social text, found by the shipped CRF
(scripts/train_guard_model.py), plus a rule for titled names ("Dr. Patel")."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

import pycrfsuite

from bedside.guard.lexicons import data_path, is_common_word, is_known_name
from bedside.guard.recognizers.base import Doc, Recognizer
from bedside.guard.recognizers.vocab import clinical_words
from bedside.guard.result import Finding
from bedside.guard.state_scores import StateScores
from bedside.guard.tokens import Token

_LOCAL = threading.local()

# (?<!\w)(?:Dr|Mr|Mrs|Ms|Miss|Mx|Nurse|Doctor|Sister|Rev|Prof), written with each
# title's capital first and the look-behind after it, so that re skips in C
# to the next D, M, N, S, R or P instead of trying every character.
TITLED_RE = re.compile(
    r"(?:D(?<!\wD)(?:r|octor)|M(?<!\wM)(?:r|rs|s|iss|x)|N(?<!\wN)urse|S(?<!\wS)ister|R(?<!\wR)ev|P(?<!\wP)rof)"
    r"\.?\s{1,2}([A-Z][a-z'’-]{1,30}(?:\s[A-Z][a-z'’-]{1,30})?)(?![\w'’-])"
)
_LABELS = {"PER": "PERSON", "LOC": "LOCATION"}
_TITLES = frozenset(["Dr", "Mr", "Mrs", "Ms", "Miss", "Mx", "Nurse", "Doctor", "Sister", "Rev", "Prof"])
# Single tokens the model sometimes tags that are never a person's name.
_NEVER_WORDS = (
        "rt i im lol omg god jesus hospital er icu covid doctor doc dr mr mrs ms mx prof nurse pharmacist surgeon physician therapist "
        "mom mum dad mother father sister brother son daughter wife husband baby patient staff team "
        # Clinical shorthand that looks like a name in a chart or a nurse's post.
        "mae levo neo aline swan md gi peg micu sicu ccu nicu picu dc pt pearl perrl amber mn ns lr abg cvp ett "
        "ogt ngt foley picc bipap cpap trach vent iv po prn bid tid qid npo sob cp ct mri hr bp rr tf"
)
_NEVER = frozenset(_NEVER_WORDS.split())
# "We'll meet Monday", "Hi January!": a cue word before a day or a month names a date.
_CALENDAR_WORDS = (
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
    "august september october november december today tomorrow tonight yesterday"
)
_CALENDAR = frozenset(_CALENDAR_WORDS.split())
# "My name is Siiri", "says Iwase", "Name: Åsa Laine", "Hi Maria": the words
# before a name say it is one, whatever its spelling.
NAME_CUE_RE = re.compile(
    r"(?i:\bmy name is|\bname is|\bname's|\bname:|\bcall me|\bnamed|\bi'm|\bi am|\bsays|\bsaid|"
    r"\bsigned|\bthis is|\bmeet|\bdear|\bhi|\bhello|\bthanks|\bthank you|\bask for|\bmaiden name is|"
    r"\blast name\??|\bfirst name\??)[\s:,]{1,4}"
    r"([^\W\d_][\w'’-]{0,30}(?:[ \t]{1,2}(?:[^\W\d_]\.?|[^\W\d_][\w'’-]{1,30})){0,3})"
)
_CUE_LOWER = re.compile(NAME_CUE_RE.pattern.replace("(?i:", "(?:", 1))
# Beyond this many tokens a text is tagged in windows, keeping memory flat.
_WINDOW = 400


def tagger() -> pycrfsuite.Tagger:
    # A crfsuite Tagger is not safe to share between threads: one per thread.
    t = getattr(_LOCAL, "tagger", None)
    if t is None:
        t = pycrfsuite.Tagger()
        t.open(str(data_path("names.crfsuite")))
        _LOCAL.tagger = t
    return t


_SCORES: StateScores | None = None
_SCORES_LOCK = threading.Lock()


def state_scores() -> StateScores:
    """The model's weights, read once for every thread (state_scores.py)."""
    global _SCORES
    if _SCORES is None:
        with _SCORES_LOCK:
            if _SCORES is None:
                _SCORES = StateScores(data_path("names.crfsuite"))
    return _SCORES


# A token the best path calls "O" still counts when the model gives it at
# least this much chance of being part of a name: missing a patient's name
# costs more than a reviewer's glance at a false one. Chosen on training folds
# 1 and 2 (see scripts/train_guard_model.py): the lowest threshold keeping
# PERSON precision at 0.70 or more on both social corpora.
MIN_NAME_PROB = 0.30


def _decode(
    tg: pycrfsuite.Tagger, tags: list[str], tokens: list[Token]
) -> tuple[list[str | None], list[float], list[bool]]:
    kinds: list[str | None] = []
    probs: list[float] = []
    begins: list[bool] = []
    for k, tag in enumerate(tags):
        if tag != "O":
            kinds.append(tag[2:])
            probs.append(tg.marginal(tag, k))
            begins.append(tag[0] == "B")
            continue
        # A punctuation mark or a number the best path leaves out is not worth
        # asking the model about: they are half of a clinical note's tokens.
        tok = tokens[k]
        p_name = 0.0 if tok.kind == "other" or tok.text[0].isdigit() else 1.0 - tg.marginal("O", k)
        if p_name < MIN_NAME_PROB:
            kinds.append(None)
            probs.append(0.0)
            begins.append(False)
            continue
        per = tg.marginal("B-PER", k) + tg.marginal("I-PER", k)
        loc = p_name - per
        kind = "PER" if per >= loc else "LOC"
        kinds.append(kind)
        probs.append(max(per, loc))
        begins.append(tg.marginal("B-" + kind, k) >= tg.marginal("I-" + kind, k))
    return kinds, probs, begins


def _clinical_only(tokens: list[Token]) -> bool:
    """Every word is a drug name, a clinical term or chart shorthand: in a note
    written in capitals ("STARTED ON MILRINONE", "S/P CATH") the capital
    letter, the model's best clue, misleads. The drug list already leaves out
    words that are people's names (scripts/train_guard_model.py)."""
    words = [t.text.lower() for t in tokens if t.kind == "word"]
    vocab = clinical_words()
    return bool(words) and all(w in _NEVER or w in vocab for w in words)


def _plausible(tokens: list, prob: float) -> bool:
    """A lower-case span that no name list knows needs a surer model: in
    lower-case text the model's best clue, the capital letter, is gone."""
    if prob >= 0.8 or not all(t.text.islower() for t in tokens):
        return True
    return any(is_known_name(t.text.lstrip("@#")) for t in tokens)


# Every cue above contains one of these.
_CUE_KEYS = ("name", "call me", "i'm", "i am", "says", "said", "signed", "this is", "meet", "dear", "hi", "hello",
             "thank", "ask for")


def _cued_names(text: str, lower: str) -> list[Finding]:
    out: list[Finding] = []
    if not any(k in lower for k in _CUE_KEYS):
        return out
    # The cue is case-insensitive: on lower-cased text with the same offsets
    # its case-sensitive twin finds the same spans several times faster (a
    # long note has a "hi" in every "this"); the words are read from the text.
    found = _CUE_LOWER.finditer(lower) if len(lower) == len(text) else NAME_CUE_RE.finditer(text)
    for m in found:
        cue = lower[m.start() : m.start(1)].strip(" :,")
        words, pos = [], m.start(1)
        for w in text[m.start(1) : m.end(1)].split():
            core = w.rstrip(".")
            if not words and core in _TITLES:
                continue  # "Dear Mrs. Johnson": the titled-name rule reports the name itself
            # Stop at the first word that is not name-like: lower case, or an
            # everyday word ("I'm Sorry", "named Best Hospital").
            if not w[:1].isupper() or (is_common_word(core.lower()) and not is_known_name(core.lower())):
                break
            words.append(w)
        if not words or (len(words) == 1 and len(words[0]) < 2):
            continue
        start = text.index(words[0], pos)
        end = text.index(words[-1], start) + len(words[-1])
        name = text[start:end]
        if name.lower() in _NEVER or words[0].lower() in _CALENDAR:
            continue
        out.append(Finding("PERSON", start, end, name, 0.8, "names:cued_name",
                           f"A name after {cue!r}, which introduces one."))
    return out


@dataclass
class NameRecognizer(Recognizer):
    label: str = "PERSON"
    name: str = "names"

    def analyze(self, doc: Doc) -> list[Finding]:
        tokens = doc.tokens
        out: list[Finding] = []
        tg = tagger()
        scores = state_scores()
        for lo in range(0, len(tokens), _WINDOW):
            window = tokens[lo : lo + _WINDOW]
            kinds, probs, begins = _decode(tg, tg.tag(scores.xseq(window)), window)
            # Most of a long note's tokens are in no name: visit only those that are.
            done = 0
            for i in [k for k, v in enumerate(kinds) if v is not None]:
                if i < done:
                    continue  # inside the span just reported
                kind = kinds[i]
                j = i + 1
                while j < len(kinds) and kinds[j] == kind and not begins[j]:
                    j += 1
                score = sum(probs[i:j]) / (j - i)
                start, end = window[i].start, window[j - 1].end
                if doc.text[start:end] == "@" and j < len(window) and window[j].kind == "word":
                    # "@ handle" split by a tokenizer upstream: the handle is the name.
                    end = window[j].end
                text = doc.text[start:end]
                if (
                    not (j - i == 1 and text.lower().lstrip("@#") in _NEVER)
                    and any(c.isalpha() for c in text)
                    and not _clinical_only(window[i:j])
                    and _plausible(window[i:j], score)
                ):
                    label = _LABELS[kind]
                    what = "a person's name" if label == "PERSON" else "a place"
                    out.append(
                        Finding(label, start, end, text, 0.3 + 0.7 * score, f"names:crf_{kind.lower()}",
                                f"The name model reads this as {what} ({score:.0%} sure).")
                    )
                done = j
        out.extend(_cued_names(doc.text, doc.lower))
        for m in TITLED_RE.finditer(doc.text):
            out.append(Finding("PERSON", m.start(1), m.end(1), m.group(1), 0.85, "names:titled_name",
                               f"A name after the title {m.group().split()[0]!r}."))
        return out
