"""Django set-up for the console: configure, check, migrate, each failure one
line (``Error: ...``) rather than a traceback.

Every app's commands call :func:`setup_django` from here, so no app imports the
``bedside`` command itself (cli sits at the top of the layers).
"""

from __future__ import annotations

import os
import sys

import click


def setup_django(*, create_secrets: bool = False) -> None:
    """Configure Django and fail with one clear line per configuration error."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bedside.settings")
    from bedside.config import ConfigError, data_dir, ensure_secret_file

    try:
        if create_secrets and not (os.environ.get("BEDSIDE_SECRET_KEY") or os.environ.get("BEDSIDE_SECRET_KEY_FILE")):
            ensure_secret_file(data_dir() / "secret.key")
        import django

        django.setup()
    except ConfigError as exc:
        raise click.ClickException(f"configuration: {exc}") from None
    except PermissionError as exc:
        raise click.ClickException(
            f"cannot write {exc.filename}: set BEDSIDE_DATA_DIR to a writable directory"
        ) from None

    from django.core import checks

    errors = [m for m in checks.run_checks(include_deployment_checks=False) if m.level >= checks.ERROR]
    if errors:
        for message in errors:
            hint = f" Hint: {message.hint}" if message.hint else ""
            click.echo(f"Error: {message.msg} [{message.id}]{hint}", err=True)
        sys.exit(2)


def is_database_failure(exc: BaseException) -> bool:
    utils = sys.modules.get("django.db.utils")
    if utils is None:
        return False
    # Not IntegrityError or DataError: those are about the data, and say so.
    return isinstance(exc, (utils.OperationalError, utils.InterfaceError, utils.ProgrammingError))


def database_error(exc: Exception) -> click.ClickException:
    from django.conf import settings

    db = settings.DATABASES["default"]
    where = db.get("HOST") or db.get("NAME")
    lines = str(exc).strip().splitlines() or [type(exc).__name__]
    missing = any(word in lines[0] for word in ("no such table", "does not exist"))
    hint = "run `bedside migrate` against the database DATABASE_URL names" if missing and "database" not in lines[0] \
        else "check DATABASE_URL, or leave it unset for SQLite in BEDSIDE_DATA_DIR"
    return click.ClickException(f"cannot use the database at {where}: {lines[0].strip()} ({hint})")


def migrate_quietly(verbosity: int = 0) -> None:
    from django.core.management import call_command
    from django.db.utils import OperationalError

    try:
        call_command("migrate", interactive=False, verbosity=verbosity)
    except OperationalError as exc:
        raise database_error(exc) from None
