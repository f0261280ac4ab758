"""A task for the worker tests: it leaves a line per run in a file."""

from __future__ import annotations

import os
import time

from django_tasks import task


@task(queue_name="default")
def probe(n: int, path: str, pause: float = 0.02) -> int:
    time.sleep(pause)  # long enough that two workers overlap
    # O_APPEND writes of one short line are atomic, so workers can share it.
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(f"{n} {os.getpid()}\n")
    return n
