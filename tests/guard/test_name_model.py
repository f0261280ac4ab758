"""The name model's plumbing: the features it is fed, and the shortcut that
feeds it only the attributes it knows."""

from __future__ import annotations

import gzip
import hashlib

import pytest

from bedside.guard import lexicons
from bedside.guard.features import KnownViews, sentence_features
from bedside.guard.lexicons import data_path
from bedside.guard.recognizers import person
from bedside.guard.tokens import tokenize

TEXTS = [
    "shoutout to nurse jessica on 4 west , she was amazing",
    "JOHN SMITH WAS MY SURGEON",
    "RT @mayoclinic : Dr. Okonkwo joins the team in Rochester",
    "Pt seen 3/14 by Dr Patel; BP 120/80, family (daughter Maria) at bedside.",
    "a",
    "!!!",
]


def test_it_gives_each_token_its_neighbours_and_marks_the_ends() -> None:
    feats = sentence_features(tokenize("Hi Jane Doe"))
    assert len(feats) == 3
    assert "BOS" in feats[0] and "BOS" not in feats[1]
    assert "EOS" in feats[2] and "EOS" not in feats[1]
    assert "w=jane" in feats[1]
    assert any(f.startswith("-1:w=hi") for f in feats[1])
    assert any(f.startswith("1:w=doe") for f in feats[1])
    assert not any(f.startswith("-1:") or f.startswith("-2:") for f in feats[0])
    assert sentence_features([]) == []


@pytest.mark.parametrize("text", TEXTS)
def test_it_tags_the_same_with_only_the_attributes_the_model_knows(text: str) -> None:
    tg = person.tagger()
    tokens = tokenize(text)
    full = tg.tag(sentence_features(tokens))
    full_marginals = [tg.marginal("O", k) for k in range(len(tokens))]
    known = KnownViews(person.model_attributes(tg))
    short = sentence_features(tokens, known)
    assert all({a.decode() for a in s} <= set(f) for s, f in zip(short, sentence_features(tokens), strict=True))
    assert tg.tag(short) == full
    assert [tg.marginal("O", k) for k in range(len(tokens))] == pytest.approx(full_marginals)


def test_it_drops_attributes_the_model_has_no_weight_for() -> None:
    known = KnownViews(frozenset(["w=jane", "BOS"]))
    feats = sentence_features(tokenize("Hi Jane Doe"), known)
    # The whole-text features (how the text is cased) are added to every token.
    whole_text = (b"dc=", b"cc=", b"capmid")
    assert [[f for f in fs if not f.startswith(whole_text)] for fs in feats] == [[b"BOS"], [b"w=jane"], [b"EOS"]]


def test_it_says_how_the_whole_text_is_cased() -> None:
    assert "dc=upper" in sentence_features(tokenize("JOHN SMITH WAS MY SURGEON"))[0]
    assert "dc=lower" in sentence_features(tokenize("shoutout to nurse jessica on 4 west"))[0]
    mid = sentence_features(tokenize("we saw Jessica today. Great"))
    assert "capmid" in mid[2] and "capmid" not in mid[5]


def test_it_ships_the_attribute_list_of_the_model_it_ships() -> None:
    header = gzip.decompress(data_path(person.MODEL_ATTRIBUTES_FILE).read_bytes()).decode().split("\n")[0]
    assert header == "# sha256 " + hashlib.sha256(data_path("names.crfsuite").read_bytes()).hexdigest()
    attrs = person.model_attributes(person.tagger())
    assert attrs == frozenset(a for a, _label in person.tagger().info().state_features)


def test_it_keeps_its_feature_cache_bounded() -> None:
    known = KnownViews(frozenset(["w=a"]), max_size=3)
    known.views(tokenize("a b c d e f"))
    assert len(known.cache) <= 3


@pytest.mark.parametrize(
    ("word", "known"),
    [("draymond", True), ("conor", True), ("mary", True), ("hospital", False), ("the", True), ("zzqx", False)],
)
def test_it_knows_first_names_given_to_us_babies(word: str, known: bool) -> None:
    assert (lexicons.baby_name_rank(word) is not None) == known


def test_common_baby_names_rank_above_rare_ones() -> None:
    assert lexicons.baby_name_rank("mary") < lexicons.baby_name_rank("draymond") < lexicons.baby_name_rank("the")


def test_it_puts_words_used_alike_in_one_word_cluster() -> None:
    assert lexicons.word_cluster("London") == lexicons.word_cluster("Paris") is not None
    assert lexicons.word_cluster("London") != lexicons.word_cluster("Monday")
    assert lexicons.word_cluster("hOsPiTaL") == lexicons.word_cluster("hospital") is not None  # else lower case
    assert lexicons.word_cluster("zzqxv") is None


class _EvenTagger:
    """Stands in for crfsuite: every token half "O", half B-PER/I-PER."""

    def __init__(self) -> None:
        self.asked: list[int] = []

    def marginal(self, tag: str, k: int) -> float:
        self.asked.append(k)
        return 0.5 if tag == "O" else 0.25 if tag.endswith("PER") else 0.0


def test_it_never_rescues_punctuation_or_numbers_into_a_name() -> None:
    tg = _EvenTagger()
    tokens = tokenize("Maria 12 , 3way x")
    kinds, _probs, _begins = person._decode(tg, ["O"] * len(tokens), tokens)  # type: ignore[arg-type]
    assert kinds == ["PER", None, None, None, "PER"]
    assert 1 not in tg.asked and 2 not in tg.asked and 3 not in tg.asked
