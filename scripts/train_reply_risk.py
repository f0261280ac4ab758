"""Train the guard's reply-risk model and choose its thresholds, on the
train/dev two thirds of bench/data/reply_risk only (the held-out third is
never read here).

    pip install -e ".[train]"   # simple_icd_10_cm, for the clinical word list
    python scripts/train_reply_risk.py

1. Builds src/bedside/guard/data/icd10cm_words.txt.gz: words of the ICD-10-CM
   code descriptions of chapters A-U (public domain, US CDC/CMS; read from the
   MIT-licensed simple_icd_10_cm package) that occur in at least three descriptions, less
   the ICD boilerplate words and everyday words of the guard's common list.
2. Chooses the L2 strength by 5-fold cross-validation (fixed seed): the one
   that allows most safe dev texts at the target recall (step 3).
3. From the out-of-fold probabilities, combined with the rules' own verdicts
   (the guard run without the model) and the guard's gate (reply_risk.gate:
   a text with an anchoring cue is raised from the review threshold, one
   without from the unanchored threshold, never less than UNANCHORED_FLOOR,
   and careful wording without a cue never), chooses the pair that allows
   most safe dev texts with combined violation recall >= TARGET_RECALL; and
   the block threshold: the lowest at which out-of-fold precision >= BLOCK_PRECISION.
4. Trains on all of train/dev and writes src/bedside/guard/data/reply_risk.json.gz,
   its intercept shifted so that the review threshold is probability 0.5.
Logistic regression is fitted here with numpy (full-batch gradient descent
with Adam, a fixed number of steps): the same run gives the same file.
"""

from __future__ import annotations

import gzip
import json
import math
import random
import re
import sys
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from bedside.guard import reply_risk  # noqa: E402
from bedside.guard.context import Context  # noqa: E402
from bedside.guard.lexicons import term_list  # noqa: E402

DATA = ROOT / "bench" / "data" / "reply_risk" / "train_dev.jsonl"
OUT_DIR = ROOT / "src" / "bedside" / "guard" / "data"
SEED = 12
FOLDS = 5
STEPS = 600
L2_GRID = (0.03, 0.1, 0.3, 1.0, 3.0)
TARGET_RECALL = 0.98  # out-of-fold on dev. A margin over the 0.95 asked of the held-out third: in the second pass the held-out third came out 4 points under dev out-of-fold (0.928 vs 0.971), dev rows and features having been written from dev errors
BLOCK_PRECISION = 0.98
# A review threshold under this would raise everyday replies on one cue (a
# weekday, "your"): the search starts here. 0.3 until the third pass of issue
# 12; at 0.3 the 0.98 recall target was out of reach for most L2 strengths.
REVIEW_FLOOR = 0.25
# With no cue a reviewer can name, word n-grams alone raise a text only when
# the model finds a violation more likely than not.
UNANCHORED_FLOOR = 0.5
REPLY = Context(kind="review_reply")
POST = Context(kind="post")


def build_icd_words() -> None:
    try:
        import simple_icd_10_cm as icd
    except ImportError:
        if (OUT_DIR / reply_risk.ICD_WORDS_FILE).is_file():
            print("simple_icd_10_cm not installed; keeping the shipped ICD-10-CM word list")
            return
        sys.exit('simple_icd_10_cm is needed once to build the ICD-10-CM word list: pip install -e ".[train]"')
    counts: Counter[str] = Counter()
    for code in icd.get_all_codes(True):
        if code[0] in "VWXYZ":
            # External causes (V-Y: "struck by a vehicle in a street") and
            # factors influencing contact (Z: "encounter in a department") are
            # written in everyday words; the diseases and injuries are not.
            continue
        counts.update(set(re.findall(r"[a-z]+", icd.get_description(code).lower())))
    common = set(term_list("common_words.txt.gz"))
    words = sorted(w for w, n in counts.items()
                   if n >= 3 and len(w) >= 4 and w not in reply_risk._ICD_GENERIC and w not in common)
    body = "# Words of ICD-10-CM code descriptions (public domain, CDC/CMS), via simple_icd_10_cm (MIT).\n"
    body += "# Built by scripts/train_reply_risk.py; a word list, not the classification.\n"
    body += "\n".join(words) + "\n"
    (OUT_DIR / reply_risk.ICD_WORDS_FILE).write_bytes(gzip.compress(body.encode("utf-8"), mtime=0))
    reply_risk.clinical_vocabulary.cache_clear()
    print(f"ICD-10-CM words: {len(words)}")


def persons(text: str, ctx: Context) -> int:
    """PERSON findings of the guard's identifier stage, as the recognizer sees them."""
    from bedside.guard import scan

    return sum(1 for f in scan(text, ctx).findings if f.label == "PERSON" and f.score >= 0.5)


def rules_verdict(text: str, ctx: Context) -> str:
    """The guard's verdict without the model: its findings dropped, the policy rerun."""
    from bedside.guard import policy, scan

    found = [f for f in scan(text, ctx).findings if f.rule != policy.REPLY_RISK_RULE]
    return policy.decide(found, ctx)[0]


class Sparse:
    """Rows of a sparse matrix as flat index/value arrays (CSR without scipy)."""

    def __init__(self, rows: list[dict[int, float]]) -> None:
        self.n = len(rows)
        self.ptr = np.cumsum([0] + [len(r) for r in rows])
        self.idx = np.fromiter((i for r in rows for i in r), dtype=np.int64, count=int(self.ptr[-1]))
        self.val = np.fromiter((v for r in rows for v in r.values()), dtype=np.float64, count=int(self.ptr[-1]))
        self.row = np.repeat(np.arange(self.n), np.diff(self.ptr))

    def dot(self, w: np.ndarray) -> np.ndarray:
        return np.bincount(self.row, weights=self.val * w[self.idx], minlength=self.n)

    def tdot(self, r: np.ndarray, dim: int) -> np.ndarray:
        return np.bincount(self.idx, weights=self.val * r[self.row], minlength=dim)


def fit(rows: list[dict[int, float]], y: np.ndarray, l2: float) -> tuple[np.ndarray, float]:
    dim = reply_risk.dimension()
    X = Sparse(rows)
    w = np.zeros(dim)
    b = 0.0
    m_w, v_w = np.zeros(dim), np.zeros(dim)
    m_b = v_b = 0.0
    lr, beta1, beta2, eps = 0.05, 0.9, 0.999, 1e-8
    n = len(y)
    for step in range(1, STEPS + 1):
        p = 1.0 / (1.0 + np.exp(-(X.dot(w) + b)))
        r = p - y
        g_w = X.tdot(r, dim) / n + l2 * w / n
        g_b = float(r.mean())
        m_w = beta1 * m_w + (1 - beta1) * g_w
        v_w = beta2 * v_w + (1 - beta2) * g_w * g_w
        m_b = beta1 * m_b + (1 - beta1) * g_b
        v_b = beta2 * v_b + (1 - beta2) * g_b * g_b
        c1, c2 = 1 - beta1**step, 1 - beta2**step
        w -= lr * (m_w / c1) / (np.sqrt(v_w / c2) + eps)
        b -= lr * (m_b / c1) / (math.sqrt(v_b / c2) + eps)
    return w, b


def predict(rows: list[dict[int, float]], w: np.ndarray, b: float) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-(Sparse(rows).dot(w) + b)))


def folds(data: list[dict]) -> list[int]:
    """A fold per row, stratified by (kind, label), from a fixed seed."""
    rng = random.Random(SEED)
    fold = [0] * len(data)
    for key in sorted({(d["kind"], d["label"]) for d in data}):
        members = [i for i, d in enumerate(data) if (d["kind"], d["label"]) == key]
        rng.shuffle(members)
        for j, i in enumerate(members):
            fold[i] = j % FOLDS
    return fold


def out_of_fold(rows, y, fold, l2, learn) -> np.ndarray:
    oof = np.zeros(len(y))
    for k in range(FOLDS):
        train = [i for i in range(len(y)) if fold[i] != k and learn[i]]
        test = [i for i in range(len(y)) if fold[i] == k]
        w, b = fit([rows[i] for i in train], y[train], l2)
        oof[test] = predict([rows[i] for i in test], w, b)
    return oof


def without_model() -> None:
    """Train from the rules alone: a previous model (perhaps of other
    features) must not run inside the scans that count names and rules."""
    (OUT_DIR / reply_risk.MODEL_FILE).unlink(missing_ok=True)
    reply_risk.model.cache_clear()
    reply_risk.available.cache_clear()


def block_point(oof: np.ndarray, y: np.ndarray) -> float:
    """The lowest threshold at which out-of-fold precision reaches BLOCK_PRECISION."""
    for t in np.arange(0.05, 1.0, 0.01):
        over = oof >= t
        if over.sum() and y[over].mean() >= BLOCK_PRECISION:
            return float(round(t, 2))
    return 0.99


def held_by(oof, ruled, gate, review_at, unanchored_at) -> np.ndarray:
    """What the guard holds (reply_risk.threshold): the rules, an anchored text
    from review_at, an unanchored one from unanchored_at unless it is in
    careful wording (gate is 1 anchored, 0 neither, -1 careful and unanchored)."""
    return ruled | ((oof >= review_at) & (gate == 1)) | ((oof >= max(review_at, unanchored_at)) & (gate == 0))


def thresholds(oof, ruled, viol, safe, gate) -> tuple[float, float] | None:
    """(review_at, unanchored_at): the pair that allows most safe dev texts while
    rules and model together hold TARGET_RECALL of the violations; a text
    with no anchoring cue is raised only from unanchored_at."""
    best = None
    for t in np.arange(REVIEW_FLOOR, 0.96, 0.01):
        for u in np.arange(max(t, UNANCHORED_FLOOR), 0.991, 0.02):
            held = held_by(oof, ruled, gate, t, u)
            if held[viol].mean() < TARGET_RECALL:
                break
            allowed = 1 - held[safe].mean()
            if best is None or allowed > best[0]:
                best = (allowed, float(round(t, 2)), float(round(u, 2)))
    return None if best is None else best[1:]


def main() -> None:
    without_model()
    build_icd_words()
    data = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()]
    y = np.array([1.0 if d["label"] == "violation" else 0.0 for d in data])
    ctxs = [POST if d["kind"] == "post" else REPLY for d in data]
    rows = [reply_risk.features(d["text"], d["kind"] == "post", persons(d["text"], c)) for d, c in zip(data, ctxs,
                                                                                                        strict=True)]
    fold = folds(data)
    ruled = np.array([rules_verdict(d["text"], c) != "allow" for d, c in zip(data, ctxs, strict=True)])
    viol, safe = y == 1, y == 0
    print(f"rules alone on dev: recall {ruled[viol].mean():.3f}, safe allowed {1 - ruled[safe].mean():.3f}")
    learn = np.ones(len(y), dtype=bool)
    # As in the guard: without an anchoring cue only the block threshold raises a text.
    gate = np.array([reply_risk.gate(r, d["kind"] == "post") for r, d in zip(rows, data, strict=True)])
    best = None
    for l2 in L2_GRID:
        oof = out_of_fold(rows, y, fold, l2, learn)
        pair = thresholds(oof, ruled, viol, safe, gate)
        allowed = 1 - held_by(oof, ruled, gate, *pair)[safe].mean() if pair else 0.0
        print(f"l2={l2}: out-of-fold thresholds (review, unanchored) {pair}, safe allowed {allowed:.3f}")
        if pair and (best is None or allowed > best[0]):
            best = (allowed, l2, oof, pair)
    if best is None:
        sys.exit("no thresholds reach the target recall on dev")
    _, l2, oof, (review_at, unanchored_at) = best
    block_at = max(review_at, block_point(oof, y))
    held = held_by(oof, ruled, gate, review_at, unanchored_at)
    print(f"review at {review_at} (anchored) / {unanchored_at} (unanchored), block at {block_at}: dev "
          f"(out-of-fold) recall {held[viol].mean():.3f}, safe allowed {1 - held[safe].mean():.3f}")
    w, b = fit([r for r, keep in zip(rows, learn, strict=True) if keep], y[learn], l2)
    # Shift the intercept so that the review threshold reads as 0.5 (the engine
    # keeps risk findings from 0.4 up); the block threshold moves with it.
    shift = -math.log(review_at / (1 - review_at))
    def shifted(p: float) -> float:
        return round(1 / (1 + math.exp(-(math.log(p / (1 - p)) + shift))), 4)

    nonzero = [[int(i), round(float(v), 5)] for i, v in enumerate(w) if abs(v) >= 1e-4]
    out = {
        "version": 1,
        "designed": list(reply_risk.DESIGNED),
        "hash_bits": reply_risk.HASH_BITS,
        "bias": round(float(b) + shift, 5),
        "weights": nonzero,
        "review_at": 0.5,
        "block_at": shifted(block_at),
        "unanchored_at": shifted(unanchored_at),
        "trained_on": f"bench/data/reply_risk/train_dev.jsonl ({len(data)} rows), l2={l2}, steps={STEPS}, "
                      f"dev thresholds review {review_at} unanchored {unanchored_at} block {block_at} before the intercept shift",
    }
    payload = json.dumps(out, separators=(",", ":"), sort_keys=True).encode("utf-8")
    (OUT_DIR / reply_risk.MODEL_FILE).write_bytes(gzip.compress(payload, mtime=0))
    reply_risk.model.cache_clear()
    reply_risk.available.cache_clear()
    print(f"wrote {reply_risk.MODEL_FILE}: {len(nonzero)} weights, {len(payload) // 1024} KiB before gzip")


if __name__ == "__main__":
    main()
