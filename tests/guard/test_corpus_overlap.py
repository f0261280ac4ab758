"""No sentence of the evaluation corpora is copied into our code, tests,
benchmarks or scripts (issue 12, honest figures): a rule written against a
corpus sentence, or a test that asserts one, makes every figure on that corpus
in-sample.

Every string literal (adjacent literals joined) and every comment of at least
MIN_CHARS characters in tests/, src/, bench/ and scripts/, and every line (or
JSON string) of their data files, is matched, lower-cased
and with runs of spaces collapsed, as a substring of every text of
../shared/data/phi/*.jsonl, in one Aho-Corasick pass over the corpora. Skipped
when the corpora are not beside the checkout (they are not shipped).

    python -m tests.guard.test_corpus_overlap     # lists every hit: file, line, corpus, text
"""

from __future__ import annotations

import ast
import io
import json
import os
import re
import tokenize
from pathlib import Path

import ahocorasick
import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPORA = ROOT.parent / "shared" / "data" / "phi"
FOLDERS = ("tests", "src", "bench", "scripts")
MIN_CHARS = int(os.environ.get("CORPUS_OVERLAP_MIN_CHARS", "25"))
_SPACES = re.compile(r"\s+")


def _norm(s: str) -> str:
    return _SPACES.sub(" ", s).strip().lower()


def _literal_value(token: str) -> str:
    """The text of a string literal as written, prefixes and quotes removed
    (an f-string's braces stay: they never occur in the corpora's prose)."""
    body = token.lstrip("rRbBuUfF")
    quote = body[:3] if body[:3] in ('"""', "'''") else body[:1]
    return body[len(quote) : len(body) - len(quote)]


def pieces(path: Path) -> list[tuple[int, str]]:
    """(line, text) of every string literal and comment long enough to check."""
    try:
        source = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return []
    out: list[tuple[int, str]] = []
    run: list[str] = []
    run_line = 0
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError):
        return []
    for tok in tokens:
        if tok.type == tokenize.STRING:
            if not run:
                run_line = tok.start[0]
            try:
                value = ast.literal_eval(tok.string)  # escapes as the program sees them
            except (ValueError, SyntaxError):
                value = _literal_value(tok.string)  # an f-string: its text as written
            run.append(value if isinstance(value, str) else value.decode("latin-1"))
            continue
        if tok.type in (tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT) and run:
            continue  # implicit concatenation across lines
        if run:
            out.append((run_line, "".join(run)))
            run = []
        if tok.type == tokenize.COMMENT:
            out.append((tok.start[0], tok.string.lstrip("#")))
    if run:
        out.append((run_line, "".join(run)))
    return [(line, text) for line, text in out if len(_norm(text)) >= MIN_CHARS]


_JSON_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')
DATA_SUFFIXES = (".json", ".jsonl", ".txt", ".csv", ".tsv", ".md", ".html")


def data_pieces(path: Path) -> list[tuple[int, str]]:
    """(line, text) of each line of a data file, or of each string in a JSON
    line, long enough to check."""
    out: list[tuple[int, str]] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError:
        return []
    for n, line in enumerate(lines, 1):
        if path.suffix in (".json", ".jsonl"):
            for m in _JSON_STRING.finditer(line):
                try:
                    out.append((n, json.loads(f'"{m.group(1)}"')))
                except json.JSONDecodeError:
                    out.append((n, m.group(1)))
        else:
            out.append((n, line))
    return [(line, text) for line, text in out if len(_norm(text)) >= MIN_CHARS]


def checked_files() -> list[Path]:
    return sorted(
        p for folder in FOLDERS for p in (ROOT / folder).rglob("*")
        if p.is_file() and p.suffix in (".py", *DATA_SUFFIXES) and ".venv" not in p.parts
        and "egg-info" not in str(p)
    )


def overlaps() -> list[tuple[str, int, str, str]]:
    """(file, line, corpus file, literal) for every literal or comment found
    inside a corpus text."""
    automaton = ahocorasick.Automaton()
    where: dict[str, list[tuple[str, int]]] = {}
    for path in checked_files():
        for line, text in pieces(path) if path.suffix == ".py" else data_pieces(path):
            key = _norm(text)
            where.setdefault(key, []).append((str(path.relative_to(ROOT)), line))
    for key in where:
        automaton.add_word(key, key)
    automaton.make_automaton()
    hits: dict[tuple[str, int], tuple[str, str]] = {}
    for corpus in sorted(CORPORA.glob("*.jsonl")):
        with corpus.open(encoding="utf-8") as fh:
            for raw in fh:
                text = _norm(json.loads(raw)["text"])
                for _end, key in automaton.iter(text):
                    for place in where[key]:
                        hits.setdefault(place, (corpus.name, key))
    return sorted((f, line, corpus, key) for (f, line), (corpus, key) in hits.items())


@pytest.mark.skipif(not any(CORPORA.glob("*.jsonl")), reason="the corpora (../shared/data/phi) are not here")
def test_no_corpus_sentence_is_copied_into_code_or_tests() -> None:
    found = overlaps()
    assert not found, "corpus text copied into the code (write your own row of the same shape):\n" + "\n".join(
        f"  {f}:{line} ({corpus}): {text[:100]!r}" for f, line, corpus, text in found
    )


def test_the_checker_reads_literals_joined_and_comments() -> None:
    # The checker itself must see what a copy would look like, or the test above cannot fail.
    sample = ROOT / "tests" / "guard" / "test_corpus_overlap.py"
    texts = [_norm(t) for _line, t in pieces(sample)]
    assert "the checker itself must see what a copy would look like, or the test above cannot fail." in texts
    assert any(t.startswith("no sentence of the evaluation corpora") for t in texts)


if __name__ == "__main__":
    for f, line, corpus, text in overlaps():
        print(f"{f}:{line}\t{corpus}\t{text[:160]}")
