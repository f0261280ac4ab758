"""Build the guard's word table (src/bedside/guard/data/words.marisa and
words.records.zz) from the name lists and Brown clusters it ships
(names.tsv.gz, clusters.tsv.gz).

    python scripts/build_word_table.py

Run it after scripts/train_guard_model.py rewrites either list. The same
lists give the same bytes; tests/guard/test_name_model.py fails when the
table and its sources disagree.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from bedside.guard import lexicons  # noqa: E402

OUT = ROOT / "src" / "bedside" / "guard" / "data"


def main() -> None:
    trie, records = lexicons.build_word_table(lexicons._raw_name_ranks(), lexicons._clusters())
    (OUT / lexicons.WORDS_TRIE).write_bytes(trie)
    (OUT / lexicons.WORDS_RECORDS).write_bytes(records)
    lexicons.word_table.cache_clear()
    print(f"wrote {lexicons.WORDS_TRIE} ({len(trie) // 1024} KiB) and {lexicons.WORDS_RECORDS} "
          f"({len(records) // 1024} KiB)")


if __name__ == "__main__":
    main()
