"""What every bench script needs: one core, Django on a chosen database, a
fresh PostgreSQL database, and its own section of BENCHMARKS.md."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"


def pin_one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
        return "pinned to one CPU"
    return "not pinned"


def setup_django(database_url: str, prefix: str = "bench-", *, migrate: bool = True) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("BEDSIDE_DATA_DIR", tempfile.mkdtemp(prefix=prefix))
    os.environ.setdefault("BEDSIDE_SECRET_KEY", "bench-only-secret-key-that-is-long-enough-0123456789")
    os.environ.setdefault("BEDSIDE_FAST_PASSWORD_HASHER", "true")
    os.environ["DJANGO_SETTINGS_MODULE"] = "bedside.settings"
    import django

    django.setup()
    if not migrate:  # a helper process of a bench whose parent migrated
        return
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def fresh_postgres(name: str) -> str:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def write_section(path: Path, name: str, report: str) -> None:
    """Replace (or append) the section between this bench's markers; the file
    is read right before writing, since other benches write their own."""
    start, end = f"<!-- bench:{name}:start -->", f"<!-- bench:{name}:end -->"
    current = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    block = f"{start}\n## {name}\n\n{report}\n{end}"
    if start in current and end in current:
        before, rest = current.split(start, 1)
        _, after = rest.split(end, 1)
        updated = before + block + after
    else:
        updated = current.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(updated, encoding="utf-8")
