"""Configuration problems surface as system checks with ids and hints."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.checks import Error, Info, Warning, register

from bedside.config import is_http_url
from bedside.workspace import crypto


@register()
def check_secret_key(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    if not settings.SECRET_KEY:
        return [
            Error(
                "BEDSIDE_SECRET_KEY is not set.",
                hint="Set BEDSIDE_SECRET_KEY (or BEDSIDE_SECRET_KEY_FILE) to a long random string; "
                "`bedside demo` and `bedside serve` create one in the data directory for you.",
                id="bedside.E001",
            )
        ]
    if len(settings.SECRET_KEY) < 32:
        return [
            Error(
                "BEDSIDE_SECRET_KEY is shorter than 32 characters.",
                hint="Use a long random value, e.g. python -c 'import secrets; print(secrets.token_urlsafe(50))'",
                id="bedside.E002",
            )
        ]
    return []


@register()
def check_encryption_key(app_configs: Any = None, **kwargs: Any) -> list[Error | Warning]:
    problems: list[Error | Warning] = []
    if settings.ENCRYPTION_KEYS:
        try:
            crypto._keys_from_text(settings.ENCRYPTION_KEYS, "BEDSIDE_ENCRYPTION_KEY")
        except crypto.KeyError_ as exc:
            problems.append(Error(str(exc), hint="Run `bedside genkey` for a valid key.", id="bedside.E010"))
        return problems
    path = Path(settings.ENCRYPTION_KEY_FILE)
    if path.exists():
        unsafe = crypto.key_file_problem(path)
        if unsafe:
            problems.append(Warning(unsafe, hint="The key decrypts every stored message.", id="bedside.W011"))
        try:
            crypto._keys_from_text(path.read_text(encoding="utf-8"), f"encryption key file {path}")
        except (OSError, crypto.KeyError_) as exc:
            problems.append(Error(str(exc), hint="Restore the key file from backup.", id="bedside.E012"))
    elif not os.access(_existing_parent(path), os.W_OK):
        problems.append(
            Error(
                f"the encryption key file {path} does not exist and cannot be created there",
                hint="Set BEDSIDE_ENCRYPTION_KEY, or BEDSIDE_DATA_DIR to a writable directory.",
                id="bedside.E013",
            )
        )
    return problems


@register()
def check_database(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.sqlite3":
        folder = _existing_parent(Path(db["NAME"]))
        if not os.access(folder, os.W_OK):
            return [
                Error(
                    f"the SQLite database folder {folder} is not writable",
                    hint="Set BEDSIDE_DATA_DIR to a writable directory, or DATABASE_URL for PostgreSQL.",
                    id="bedside.E020",
                )
            ]
    return []


@register()
def check_network_base_urls(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """BEDSIDE_API_BASE_<NETWORK> must name a network and be an http(s) address:
    a typo would otherwise send that network's syncs to the real API, or fail
    only when the first sync runs."""
    from bedside.networks.registry import DEMO_NETWORKS, NETWORKS

    problems: list[Error] = []
    prefix = "BEDSIDE_API_BASE_"
    for name, value in sorted(os.environ.items()):
        if not name.startswith(prefix):
            continue
        slug = name[len(prefix) :].lower()
        if slug not in NETWORKS and slug not in DEMO_NETWORKS:  # the demo's sandbox is set by `bedside demo`
            problems.append(Error(
                f"{name} names no network Bedside knows ({slug!r})",
                hint=f"Use one of: {', '.join(prefix + s.upper() for s in NETWORKS)}.",
                id="bedside.E030",
            ))
            continue
        if not is_http_url(value):
            problems.append(Error(
                f"{name}={value!r} is not an http(s) address",
                hint=f"For a stand-in server: {name}=http://127.0.0.1:8765; unset it for the network's own API.",
                id="bedside.E031",
            ))
    return problems


def _existing_parent(path: Path) -> Path:
    for candidate in [path.parent, *path.parents]:
        if candidate.exists():
            return candidate
    return Path("/")


@register(deploy=True)
def check_audit_log_role(app_configs: Any = None, **kwargs: Any) -> list[Warning | Info]:
    """The append-only audit log holds only while the app's database role
    cannot remove its triggers (README, "Deploying safely")."""
    from django.db import DatabaseError, connection

    if connection.vendor == "sqlite":
        return [Info(
            "SQLite: anyone who can write the database file can remove the audit log's triggers.",
            hint="Use PostgreSQL with the app running under a role that does not own the tables; "
            "`bedside audit verify` and the signed checkpoints still catch changes.",
            id="bedside.I040",
        )]
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT r.rolsuper, pg_has_role(current_user, c.relowner, 'MEMBER') "
                "FROM pg_roles r, pg_class c "
                "WHERE r.rolname = current_user AND c.oid = 'workspace_auditentry'::regclass"
            )
            row = cursor.fetchone()
    except DatabaseError as exc:
        return [Warning(f"could not check the database role: {str(exc).strip().splitlines()[0]}", id="bedside.W041")]
    if row is None:
        return []
    superuser, owner = row
    if superuser or owner:
        what = "is a superuser" if superuser else "owns the audit table"
        return [Warning(
            f"the database role Bedside runs as {what}, so it can disable the audit log's append-only trigger.",
            hint="Run migrations as the owning role and the app as a role with only SELECT, INSERT, UPDATE "
            "and DELETE on the tables (INSERT and SELECT on workspace_auditentry): see README, Deploying safely.",
            id="bedside.W040",
        )]
    return []


@register(deploy=True)
def check_audit_key(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    problems: list[Warning] = []
    if not settings.AUDIT_KEY:
        path = Path(settings.AUDIT_KEY_FILE)
        unsafe = crypto.key_file_problem(path)
        if unsafe:
            problems.append(Warning(unsafe, hint="Whoever reads the audit key can rewrite the audit chain.",
                                    id="bedside.W042"))
    if not settings.AUDIT_CHECKPOINT_FILE:
        problems.append(Warning(
            "audit checkpoints are off (BEDSIDE_AUDIT_CHECKPOINT_FILE is empty): removing the newest audit "
            "entries would go unnoticed.", id="bedside.W043"))
    return problems


@register()
def check_single_sign_on(app_configs: Any = None, **kwargs: Any) -> list[Error | Warning]:
    """Single sign-on settings (workspace/sso/) that cannot work, caught at start-up."""
    import shutil

    from bedside.workspace.sso import mapping

    problems: list[Error | Warning] = []
    try:
        mapping.parse_role_map(settings.SSO_ROLE_MAP)
    except mapping.RoleMapError as exc:
        problems.append(Error(str(exc), hint="Write GROUP=role entries separated by ';'.", id="bedside.E050"))
    if bool(settings.OIDC_ISSUER) != bool(settings.OIDC_RP_CLIENT_ID):
        problems.append(
            Error(
                "OpenID Connect needs both BEDSIDE_OIDC_ISSUER and BEDSIDE_OIDC_CLIENT_ID.",
                hint="Set both (and BEDSIDE_OIDC_CLIENT_SECRET), or neither.",
                id="bedside.E051",
            )
        )
    metadata_file = settings.SAML_IDP_METADATA_FILE
    if metadata_file and not Path(metadata_file).is_file():
        problems.append(
            Error(
                f"BEDSIDE_SAML_IDP_METADATA_FILE={metadata_file!r} is not a readable file.",
                hint="Save the identity provider's federation metadata there.",
                id="bedside.E052",
            )
        )
    if bool(settings.SAML_SP_KEY_FILE) != bool(settings.SAML_SP_CERT_FILE):
        problems.append(
            Error(
                "Signing SAML requests needs both BEDSIDE_SAML_SP_KEY_FILE and BEDSIDE_SAML_SP_CERT_FILE.",
                id="bedside.E053",
            )
        )
    saml_on = bool(settings.SAML_IDP_METADATA_URL or metadata_file)
    if saml_on and not shutil.which("xmlsec1"):
        problems.append(
            Error(
                "SAML sign-in needs the xmlsec1 program to check signatures, and it is not installed.",
                hint="apt-get install xmlsec1 (scripts/test and scripts/demo do).",
                id="bedside.E054",
            )
        )
    if not settings.LOCAL_SIGN_IN:
        if not (saml_on or (settings.OIDC_ISSUER and settings.OIDC_RP_CLIENT_ID)):
            problems.append(
                Error(
                    "BEDSIDE_LOCAL_SIGN_IN is false but no single sign-on is set up: only the "
                    "break-glass administrator could sign in.",
                    hint="Set BEDSIDE_OIDC_* or BEDSIDE_SAML_*, or turn local sign-in back on.",
                    id="bedside.E055",
                )
            )
        if not settings.BREAK_GLASS_ADMIN:
            problems.append(
                Warning(
                    "BEDSIDE_LOCAL_SIGN_IN is false and no BEDSIDE_BREAK_GLASS_ADMIN is named: "
                    "nobody can sign in while the identity provider is down.",
                    hint="Name one administrator account kept for emergencies.",
                    id="bedside.W050",
                )
            )
    return problems


@register(deploy=True)
def check_break_glass_account(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    """The named break-glass account must exist and be an active administrator."""
    if not settings.BREAK_GLASS_ADMIN:
        return []
    from django.contrib.auth import get_user_model

    from bedside.workspace.permissions import role_of
    from bedside.workspace.roles import Role

    user = get_user_model().objects.filter(username__iexact=settings.BREAK_GLASS_ADMIN).first()
    if user is None or role_of(user) != Role.ADMIN.value:
        return [
            Warning(
                f"The break-glass account {settings.BREAK_GLASS_ADMIN!r} does not exist or is not an active "
                "administrator.",
                hint="bedside user set-role NAME admin, or name another account.",
                id="bedside.W051",
            )
        ]
    return []
