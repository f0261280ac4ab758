"""The name model's plumbing: the features it is trained on, and the summed
scores it is tagged with (the same tags and marginals, far fewer attributes)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bedside.guard import lexicons
from bedside.guard.crfsuite_model import ModelFormatError, read_model
from bedside.guard.features import sentence_features
from bedside.guard.lexicons import data_path
from bedside.guard.recognizers import person
from bedside.guard.state_scores import StateScores
from bedside.guard.tokens import tokenize

TEXTS = [
    "shoutout to nurse jessica on 4 west , she was amazing",
    "JOHN SMITH WAS MY SURGEON",
    "RT @mayoclinic : Dr. Okonkwo joins the team in Rochester",
    "Pt seen 3/14 by Dr Patel; BP 120/80, family (daughter Maria) at bedside.",
    "a",
    "!!!",
]
# Long enough for every neighbour view, mixed case, sentence starts and a
# capital mid-sentence, names and places.
LONG_TEXTS = [
    "Pt is a 67 yo man admitted 3/14 from Boston. Seen by Dr Patel; wife Maria at bedside. "
    "Plan: CT head, f/u with Dr. Okonkwo at Mayo Clinic in Rochester. NPO after midnight. "
    "Family (daughter Jessica Lee, son Ahmed) updated by phone. GOING HOME TOMORROW.",
    "Huge thanks to nurse jess and the whole 4 West team at St. Mary's !! "
    "@drsmith you are the best . Sarah Connor and John wished they had you in LA",
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


@pytest.mark.parametrize("text", TEXTS + LONG_TEXTS)
def test_it_tags_from_summed_scores_as_from_every_feature(text: str) -> None:
    tg = person.tagger()
    tokens = tokenize(text)
    labels = tg.labels()
    full = tg.tag(sentence_features(tokens))
    full_marginals = [tg.marginal(y, k) for k in range(len(tokens)) for y in labels]
    summed = person.state_scores().xseq(tokens)
    assert all(len(item) == len(labels) - 1 for item in summed)  # a few attributes a token, not ~16
    assert tg.tag(summed) == full
    assert [tg.marginal(y, k) for k in range(len(tokens)) for y in labels] == pytest.approx(full_marginals, abs=1e-9)


def test_it_reads_the_exact_weights_the_tagger_rounds() -> None:
    model = read_model(data_path("names.crfsuite"))
    info = person.tagger().info()
    assert model.labels == person.tagger().labels()
    attr = {name: i for i, name in enumerate(model.attributes)}
    label = {name: i for i, name in enumerate(model.labels)}
    rounded = [(model.state[attr[a], label[y]], w) for (a, y), w in info.state_features.items()]
    assert all(abs(exact - w) <= 5e-7 for exact, w in rounded)
    assert any(exact != round(exact, 6) for exact, _w in rounded)  # more digits than info() gives
    assert int((model.state != 0).sum()) == len(info.state_features)
    assert {(a, b): model.transitions[label[a], label[b]] for a, b in info.transitions} == pytest.approx(
        info.transitions, abs=5e-7)


def test_it_rejects_a_file_that_is_not_a_crfsuite_model(tmp_path: Path) -> None:
    bad = tmp_path / "names.crfsuite"
    bad.write_bytes(b"PK\x03\x04" + bytes(60))
    with pytest.raises(ModelFormatError, match="not a CRFsuite crf1d model"):
        read_model(bad)
    bad.write_bytes(b"lCRF")
    with pytest.raises(ModelFormatError, match="too short"):
        read_model(bad)


def test_it_says_how_the_whole_text_is_cased() -> None:
    assert "dc=upper" in sentence_features(tokenize("JOHN SMITH WAS MY SURGEON"))[0]
    assert "dc=lower" in sentence_features(tokenize("shoutout to nurse jessica on 4 west"))[0]
    mid = sentence_features(tokenize("we saw Jessica today. Great"))
    assert "capmid" in mid[2] and "capmid" not in mid[5]


def test_it_keeps_its_token_table_bounded() -> None:
    scores = StateScores(data_path("names.crfsuite"), max_tokens=3)
    tg = person.tagger()
    first = tg.tag(scores.xseq(tokenize("Jane Doe saw Dr Patel")))
    scores.xseq(tokenize("a b c d e f g h"))
    assert len(scores._table.rows) <= 8
    assert tg.tag(scores.xseq(tokenize("Jane Doe saw Dr Patel"))) == first


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


def test_the_shipped_word_table_is_built_from_the_shipped_name_lists_and_clusters() -> None:
    """The guard reads names and clusters from words.marisa/words.records.zz;
    a list rebuilt without rebuilding the table (scripts/build_word_table.py)
    would silently tag with stale ranks."""
    ranks, clusters = lexicons._raw_name_ranks(), lexicons._clusters()
    trie, records = lexicons.build_word_table(ranks, clusters)
    assert trie == data_path(lexicons.WORDS_TRIE).read_bytes()
    assert records == data_path(lexicons.WORDS_RECORDS).read_bytes()


def test_every_word_reads_back_from_the_table_as_its_lists_say() -> None:
    ranks, clusters = lexicons._raw_name_ranks(), lexicons._clusters()
    table = lexicons.word_table()
    for word in set(clusters).union(ranks["f"], ranks["l"], ranks["s"]):
        want = tuple(None if ranks[k].get(word) is None else int(ranks[k][word]) for k in "fls")
        assert table.name_ranks(word) == want, word
        assert table.cluster(word) == (None if word not in clusters else int(clusters[word])), word
    assert table.name_ranks("zzqx") == (None, None, None) and table.cluster("zzqx") is None


def test_a_value_too_big_for_its_field_is_refused_not_wrapped() -> None:
    with pytest.raises(ValueError, match="does not fit field 'f'"):
        lexicons.build_word_table({"f": {"ann": str(1 << 16)}, "l": {}, "s": {}}, {})


def test_a_records_file_of_another_table_is_refused() -> None:
    import marisa_trie

    trie, records = lexicons.build_word_table({"f": {"ann": "1"}, "l": {}, "s": {}}, {"ann": "5", "bob": "6"})
    other = marisa_trie.Trie(["ann"])
    with pytest.raises(ValueError, match="does not match"):
        lexicons.WordTable(other, records)


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


def test_it_tags_the_same_when_threads_meet_new_words_at_once() -> None:
    # Each thread's texts are words no other text has, so every scan adds rows
    # to the shared table while the others read and grow it.
    texts = [f"Dr Zq{i}x met Aby{i}n Krol{i}ski and nurse jess{i}ca in room {i} at Ville{i}burg"
             for i in range(1000)]
    fresh = StateScores(data_path("names.crfsuite"))
    serial = [person.tagger().tag(fresh.xseq(tokenize(t))) for t in texts]

    shared = StateScores(data_path("names.crfsuite"))

    def tag(text: str) -> list[str]:
        return person.tagger().tag(shared.xseq(tokenize(text)))  # one tagger per thread

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert list(pool.map(tag, texts)) == serial
    assert shared._table.size >= len(shared._table.rows) > 4096  # it grew while in use
