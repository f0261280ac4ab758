"""Bedside's Django settings, all read from the environment.

SQLite in ``BEDSIDE_DATA_DIR`` is the default so that install, migrate and run
works with no set-up; set ``DATABASE_URL`` for PostgreSQL in production.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url

from bedside.config import (
    LOG_LEVELS,
    data_dir,
    env_bool,
    env_choice,
    env_database_url,
    env_dotted_path,
    env_int,
    env_secret,
    env_str,
    env_time_zone,
    env_url,
    read_secret_file,
)

DATA_DIR = data_dir()
DEBUG = env_bool("BEDSIDE_DEBUG", False)
# An empty SECRET_KEY is caught by a system check with a hint, not here, so
# `bedside --help` works before anything is configured.
SECRET_KEY = env_secret("BEDSIDE_SECRET_KEY") or read_secret_file(DATA_DIR / "secret.key")
ALLOWED_HOSTS = [h.strip() for h in env_str("BEDSIDE_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in env_str("BEDSIDE_CSRF_TRUSTED_ORIGINS").split(",") if o.strip()]
SITE_NAME = env_str("BEDSIDE_SITE_NAME", "Bedside")
# Hosts the network clients may fetch from although they are loopback, private,
# link-local or reserved (anything else of the kind is refused: SSRF). Only an
# admin sets this, e.g. for an intranet feed; the test suite allows 127.0.0.1.
ALLOWED_FETCH_HOSTS = [h.strip() for h in env_str("BEDSIDE_ALLOWED_FETCH_HOSTS").split(",") if h.strip()]
# Alerts are read outside the app (e-mail, Slack): their links need the address people use.
PUBLIC_URL = env_url("BEDSIDE_PUBLIC_URL").rstrip("/")
# Instagram and Google Business Profile take a post's image by URL and fetch it
# themselves: the public address (reachable from the internet, e.g. through the
# hospital's reverse proxy) at which Bedside's /publishing/public-media/ path is
# served. Unset: posts with images to those networks are refused before scheduling.
PUBLIC_MEDIA_URL = env_url("BEDSIDE_PUBLIC_MEDIA_URL").rstrip("/")
# Where published patient-survey stars go (static JSON and HTML snippets the
# website includes; the public web never calls Bedside).
STARS_DIR = Path(env_str("BEDSIDE_STARS_DIR") or DATA_DIR / "stars")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "djangosaml2",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "bedside.workspace",
    "bedside.channels",
    "bedside.sync",
    "bedside.benchmark",
    "bedside.inbox",
    "bedside.reputation",
    "bedside.publishing",
    "bedside.listening",
    "bedside.governance",
    "bedside.reports",
]

MIDDLEWARE = [
    "bedside.logs.RequestIdMiddleware",  # first: every later log line carries the request's id
    "django.middleware.security.SecurityMiddleware",
    "bedside.workspace.middleware.SecurityHeadersMiddleware",
    "bedside.workspace.middleware.RefuseNulCharacters",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # djangosaml2's own session for the AuthnRequest ids it waits for: its
    # cookie survives the identity provider's cross-site POST back.
    "djangosaml2.middleware.SamlSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "bedside.workspace.middleware.RoleRequiredMiddleware",
]

ROOT_URLCONF = "bedside.urls"
WSGI_APPLICATION = "bedside.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "bedside.workspace.context.shell",
            ],
            "builtins": [],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env_database_url("DATABASE_URL", f"sqlite:///{DATA_DIR / 'bedside.sqlite3'}"),
        conn_max_age=env_int("BEDSIDE_DB_CONN_MAX_AGE", 0, minimum=0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while the worker writes; the timeout makes
    # a writer wait for the lock instead of failing at once.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TASKS = {
    "default": {
        "BACKEND": env_dotted_path("BEDSIDE_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default", "sync", "triage", "publish", "reports"],
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "bedside.workspace.passwords.NotBlankOrRepeated"},
    # Not a rule: its password_changed hook revokes the person's API tokens.
    {"NAME": "bedside.workspace.passwords.RevokeTokensOnChange"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# Idle timeout: the session expires this many seconds after the last request.
SESSION_COOKIE_AGE = env_int("BEDSIDE_SESSION_TIMEOUT", 30 * 60, minimum=60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("BEDSIDE_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# SameSite=None needs Secure (browsers drop it otherwise); over plain HTTP the
# provider must then be on the same site, as in the tests.
SAML_SESSION_COOKIE_SAMESITE = "None" if SESSION_COOKIE_SECURE else "Lax"
# HSTS is sent once cookies are secure (BEDSIDE_SECURE_COOKIES=true means the
# site is served over HTTPS only); Bedside's middleware sends it, not Django's,
# because a TLS proxy in front means request.is_secure() may be false here.
SECURE_HSTS_SECONDS = env_int("BEDSIDE_HSTS_SECONDS", 365 * 24 * 3600, minimum=0) if SESSION_COOKIE_SECURE else 0
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# API tokens stop working this many days after they are made.
API_TOKEN_DAYS = env_int("BEDSIDE_API_TOKEN_DAYS", 90, minimum=1)

LOGIN_LOCKOUT_ATTEMPTS = env_int("BEDSIDE_LOCKOUT_ATTEMPTS", 5, minimum=1)
# Administrators signing in with a local password must use an authenticator
# app ("required"), or may choose to ("optional", for the demo and tests).
ADMIN_2FA = env_choice("BEDSIDE_ADMIN_2FA", "REQUIRED", ("REQUIRED", "OPTIONAL"))
# A one-time password link an administrator made works for a day.
PASSWORD_RESET_TIMEOUT = 24 * 3600
LOGIN_LOCKOUT_SECONDS = env_int("BEDSIDE_LOCKOUT_SECONDS", 15 * 60, minimum=1)

# Single sign-on (workspace/sso/; README "Single sign-on"). OpenID Connect is on
# once an issuer and client id are set, SAML once the identity provider's
# metadata is; both can be on. Groups map to roles through BEDSIDE_SSO_ROLE_MAP.
OIDC_ISSUER = env_url("BEDSIDE_OIDC_ISSUER").rstrip("/")
OIDC_RP_CLIENT_ID = env_str("BEDSIDE_OIDC_CLIENT_ID")
OIDC_RP_CLIENT_SECRET = env_secret("BEDSIDE_OIDC_CLIENT_SECRET")
OIDC_RP_SIGN_ALGO = env_choice("BEDSIDE_OIDC_SIGN_ALGO", "RS256", ("RS256", "RS384", "RS512", "ES256", "ES384", "ES512"))
OIDC_RP_SCOPES = env_str("BEDSIDE_OIDC_SCOPES", "openid email profile")
OIDC_USERNAME_CLAIM = env_str("BEDSIDE_OIDC_USERNAME_CLAIM", "preferred_username")
OIDC_GROUPS_CLAIM = env_str("BEDSIDE_OIDC_GROUPS_CLAIM", "groups")
OIDC_LABEL = env_str("BEDSIDE_OIDC_LABEL", "single sign-on")
OIDC_USE_PKCE = True
# Kept in the (server-side) session for the identity provider's sign-out:
# id_token_hint in RP-Initiated Logout (workspace/views/auth.LogoutView).
OIDC_STORE_ID_TOKEN = True
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc_callback"
OIDC_TIMEOUT = 10
# The sign-in page, with a message saying what went wrong (sso/oidc.py adds it).
LOGIN_REDIRECT_URL_FAILURE = "login"
SAML_IDP_METADATA_URL = env_url("BEDSIDE_SAML_IDP_METADATA_URL")
SAML_IDP_METADATA_FILE = env_str("BEDSIDE_SAML_IDP_METADATA_FILE")
SAML_SP_ENTITY_ID = env_str("BEDSIDE_SAML_SP_ENTITY_ID")
SAML_SP_KEY_FILE = env_str("BEDSIDE_SAML_SP_KEY_FILE")
SAML_SP_CERT_FILE = env_str("BEDSIDE_SAML_SP_CERT_FILE")
SAML_USERNAME_ATTRIBUTE = env_str("BEDSIDE_SAML_USERNAME_ATTRIBUTE")  # empty: the NameID
SAML_EMAIL_ATTRIBUTE = env_str("BEDSIDE_SAML_EMAIL_ATTRIBUTE", "email")
SAML_GROUPS_ATTRIBUTE = env_str("BEDSIDE_SAML_GROUPS_ATTRIBUTE", "groups")
SAML_LABEL = env_str("BEDSIDE_SAML_LABEL", "SAML single sign-on")
SAML_CONFIG_LOADER = "bedside.workspace.sso.saml.config_loader"
SAML_ACS_FAILURE_RESPONSE_FUNCTION = "bedside.workspace.sso.saml.acs_failure"
# AuthnRequests go by redirect: the POST binding needs an inline script,
# which the Content-Security-Policy forbids.
SAML_DEFAULT_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
SAML_SESSION_COOKIE_NAME = "bedside_saml"
# Bedside sends its own Content-Security-Policy (workspace/middleware.py).
SAML_CSP_HANDLER = ""
SSO_ROLE_MAP = env_str("BEDSIDE_SSO_ROLE_MAP")
SSO_REQUIRE_MAPPED_GROUP = env_bool("BEDSIDE_SSO_REQUIRE_MAPPED_GROUP", False)
# Passwords: on for everyone, or off for all but one break-glass administrator.
LOCAL_SIGN_IN = env_bool("BEDSIDE_LOCAL_SIGN_IN", True)
BREAK_GLASS_ADMIN = env_str("BEDSIDE_BREAK_GLASS_ADMIN").strip()
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "bedside.workspace.sso.oidc.Backend",
    "bedside.workspace.sso.saml.Backend",
]

# Encryption of PHI-bearing text at rest: a comma-separated list of Fernet
# keys (first encrypts, all decrypt, so keys can be rotated), or a key file.
ENCRYPTION_KEYS = env_secret("BEDSIDE_ENCRYPTION_KEY")
ENCRYPTION_KEY_FILE = env_str("BEDSIDE_ENCRYPTION_KEY_FILE") or str(DATA_DIR / "encryption.key")
# The key of the patient index's HMAC hashes, kept like the encryption key:
# an environment variable, or a key file created 0600 on first import.
PATIENT_INDEX_KEY = env_secret("BEDSIDE_PATIENT_INDEX_KEY")
PATIENT_INDEX_KEY_FILE = env_str("BEDSIDE_PATIENT_INDEX_KEY_FILE") or str(DATA_DIR / "patient_index.key")

# The audit log's chain is keyed (HMAC-SHA256) with a secret kept outside the
# database, like the encryption key: the value, or a key file made on first use.
AUDIT_KEY = env_secret("BEDSIDE_AUDIT_KEY")
AUDIT_KEY_FILE = env_str("BEDSIDE_AUDIT_KEY_FILE") or str(DATA_DIR / "audit.key")
# Signed checkpoints of the chain's head (count, last id, hash) are appended
# here and logged, at most this often, so removing the newest entries is caught.
AUDIT_CHECKPOINT_FILE = env_str("BEDSIDE_AUDIT_CHECKPOINT_FILE") or str(DATA_DIR / "audit-checkpoints.log")
AUDIT_CHECKPOINT_SECONDS = env_int("BEDSIDE_AUDIT_CHECKPOINT_SECONDS", 60, minimum=0)
# Governance: where Bedside writes the public community policy as a static
# HTML file (a web server or the organization's site serves it; the public
# never reaches Bedside), and where the scheduled archive export lands for a
# compliance archiver to collect. Empty: not written.
PUBLIC_POLICY_DIR = env_str("BEDSIDE_PUBLIC_POLICY_DIR")
ARCHIVE_DIR = env_str("BEDSIDE_ARCHIVE_DIR")

# Lets the audit table be emptied (the test suite does between tests). Never
# set in production: the audit log's triggers then refuse UPDATE and DELETE.
AUDIT_LOG_MAINTENANCE = False

LANGUAGE_CODE = "en-us"
TIME_ZONE = env_time_zone("BEDSIDE_TIME_ZONE", "UTC")
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
# Only needed for `collectstatic` behind a separate web server.
STATIC_ROOT = env_str("BEDSIDE_STATIC_ROOT") or None
# Serve straight from the package in development and tests, no collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

EMAIL_BACKEND = env_dotted_path("BEDSIDE_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("BEDSIDE_FROM_EMAIL", "bedside@localhost")
# Where Django's file-based e-mail backend writes (the demo's outbox: its
# alerts are delivered there, one file per message, instead of to a mail server).
EMAIL_FILE_PATH = env_str("BEDSIDE_EMAIL_FILE_PATH") or str(DATA_DIR / "outbox")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "bedside.logs.RequestIdFilter"},
        "forbidden_in_one_line": {"()": "bedside.workspace.log_filters.ForbiddenInOneLine"},
    },
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s request=%(request_id)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["request_id"]}
    },
    "root": {"handlers": ["console"], "level": env_choice("BEDSIDE_LOG_LEVEL", "INFO", LOG_LEVELS)},
    "loggers": {
        # Every 403 in one line, without the PermissionDenied's traceback.
        "django.request": {"filters": ["forbidden_in_one_line"]},
        # SQL parameters can carry ciphertext only, but never log queries at
        # DEBUG in production: they are noise and slow.
        "django.db.backends": {"level": "INFO"},
        # httpx logs every request line at INFO, and some networks (YouTube,
        # Yelp, Google) take their API key in the query string.
        "httpx": {"level": "WARNING"},
        "httpcore": {"level": "WARNING"},
        # The PDF library narrates every step at INFO and warns about screen-only
        # CSS (overflow-x) it skips: noise around `bedside report`'s one line.
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "ERROR"},
        # pysaml2 and its XML schema library narrate each step (and pysaml2
        # whole assertions, with people's names) below WARNING.
        "saml2": {"level": "WARNING"},
        "xmlschema": {"level": "WARNING"},
        "djangosaml2": {"level": "WARNING"},
    },
}

# Tests and benches swap in a fast hasher; production keeps Django's default.
if env_bool("BEDSIDE_FAST_PASSWORD_HASHER", False):
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
