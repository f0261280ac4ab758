"""The demo workspace, assembled from every app's sample data.

It sits on top of the layers: each app keeps its own sample data in its
``sample`` module (a ``load()`` returning counts), and this package asks each
in turn, the workspace's organizations and people first. Loading is
idempotent, so `bedside demo` can be run again and again, but only on a
database that holds nothing else: it refuses one with real organizations or
people.
"""

from __future__ import annotations

import importlib
from typing import Any

from django.db import transaction

from bedside.workspace import audit
from bedside.workspace.sample import demo_password, foreign_data

__all__ = ["DemoRefused", "SAMPLES", "demo_password", "foreign_data", "load"]

#: The apps' sample modules, in the order their data builds on each other:
#: organizations, their channels, messages on those channels, then the
#: benchmark's history (which counts the messages).
SAMPLES = (
    "bedside.workspace.sample",
    "bedside.channels.sample",
    "bedside.inbox.sample",
    "bedside.benchmark.sample",
    "bedside.sync.sample",
    "bedside.publishing.sample",
    "bedside.reputation.sample",
    "bedside.listening.sample",
    "bedside.governance.sample",
)


class DemoRefused(Exception):
    """The database holds more than the demo: loading it would add accounts to a real workspace."""


@transaction.atomic
def load() -> dict[str, Any]:
    """Load the sample workspace; the demo accounts' password, when they are
    made now, is returned as ``created["password"]`` to be shown once."""
    foreign = foreign_data()
    if foreign:
        raise DemoRefused("this database holds a real workspace (" + "; ".join(foreign) + "): the demo would add "
                          "accounts to it. Run the demo with its own BEDSIDE_DATA_DIR (or DATABASE_URL).")
    created: dict[str, Any] = {}
    for name in SAMPLES:
        created.update(importlib.import_module(name).load() or {})
    if created.get("organizations") or created.get("users"):
        audit.record("demo_loaded", actor="system",
                     detail={k: v for k, v in created.items() if k != "password"})  # never the password
    return created
