"""Typed readers for settings that come from the environment.

Borrowed from healthchecks' habit: a boolean reader that refuses anything but
true/false, an integer reader, and a secret reader that also takes
``NAME_FILE`` (a path) for container secrets. Bad values raise
:class:`ConfigError` naming the variable, so `bedside` can print one line.
"""

from __future__ import annotations

import importlib.util
import os
import zoneinfo
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit


class ConfigError(ValueError):
    pass


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in ("true", "1", "yes", "on"):
        return True
    if value in ("false", "0", "no", "off"):
        return False
    raise ConfigError(f"{name}={raw!r} is not a boolean: use true or false")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a whole number") from None
    if minimum is not None and value < minimum:
        raise ConfigError(f"{name}={value} is too small: it must be at least {minimum}")
    return value


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


# The databases Bedside is built and tested on; dj-database-url knows more
# (MySQL, Oracle, ...) whose drivers Bedside neither installs nor supports.
DATABASE_SCHEMES = ("sqlite", "postgres", "postgresql", "pgsql")


def env_database_url(name: str, default: str) -> str:
    """A database URL for SQLite or PostgreSQL. Anything else is refused in one
    line naming the variable, without the URL's password."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    scheme, sep, rest = raw.partition("://")
    if not sep or not scheme or not rest:
        raise ConfigError(
            f"{name} is not a database URL: use postgres://USER@HOST:5432/NAME, or leave it unset for SQLite"
        )
    if scheme.lower() not in DATABASE_SCHEMES:
        raise ConfigError(
            f"{name} uses {scheme!r}, which Bedside does not support: use postgres://USER@HOST:5432/NAME, "
            "or leave it unset for SQLite"
        )
    return raw


LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if raw.upper() not in choices:
        raise ConfigError(f"{name}={raw!r} is not one of {', '.join(choices)}")
    return raw.upper()


def env_time_zone(name: str, default: str) -> str:
    """An IANA time zone name ("America/Chicago")."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        zoneinfo.ZoneInfo(raw)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"{name}={raw!r} is not a time zone: use an IANA name such as America/Chicago") from None
    return raw


def is_http_url(value: str) -> bool:
    """An http(s) address with a host ("https://bedside.hospital.org")."""
    parts = urlsplit(value.strip())
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def env_url(name: str, default: str = "") -> str:
    """An http(s) address with a host, see is_http_url."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not is_http_url(raw):
        raise ConfigError(f"{name}={raw!r} is not an http(s) address such as https://bedside.hospital.org")
    return raw


def env_dotted_path(name: str, default: str) -> str:
    """A class by dotted path whose module can be imported (checked without
    importing it: settings load before Django's apps)."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    module, _, attr = raw.rpartition(".")
    try:
        found = bool(module and attr) and importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        found = False
    if not found:
        raise ConfigError(f"{name}={raw!r}: no module {module or raw!r} to load it from")
    return raw


def env_secret(name: str, default: str = "") -> str:
    """``NAME`` itself, or the stripped contents of the file named by ``NAME_FILE``."""
    value = os.environ.get(name)
    if value:
        return value
    path = os.environ.get(f"{name}_FILE")
    if path:
        try:
            return Path(path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ConfigError(f"{name}_FILE={path!r} cannot be read: {exc.strerror}") from None
    return default


def data_dir() -> Path:
    """Where Bedside keeps its SQLite database, key file and uploads."""
    return Path(os.environ.get("BEDSIDE_DATA_DIR") or Path.cwd() / "data").resolve()


def read_secret_file(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8").strip()
    except OSError:
        return ""


def ensure_secret_file(path: Path, make_secret: Callable[[], str] | None = None) -> None:
    """Create ``path`` with a new secret (``make_secret()``, by default a
    random 50-byte token), readable by this user only, unless it exists."""
    import secrets

    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    # O_EXCL: if two processes start at once, only one writes the secret.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    with os.fdopen(fd, "w") as handle:
        handle.write((make_secret() if make_secret else secrets.token_urlsafe(50)) + "\n")
