"""Settings for the test suite: Bedside's own, with a throwaway data dir.

Set before bedside.settings is imported, so nothing touches ./data.
"""

import os
import tempfile

os.environ.setdefault("BEDSIDE_DATA_DIR", tempfile.mkdtemp(prefix="bedside-test-"))
os.environ.setdefault("BEDSIDE_SECRET_KEY", "test-only-secret-key-that-is-long-enough-0123456789")
os.environ.setdefault("BEDSIDE_FAST_PASSWORD_HASHER", "true")
# The stand-in networks listen on 127.0.0.1, which Bedside refuses to fetch
# from unless allowed (SSRF); in os.environ so worker subprocesses inherit it.
os.environ.setdefault("BEDSIDE_ALLOWED_FETCH_HOSTS", "127.0.0.1,localhost")
# Administrators' two-factor enrolment is tested where it is the subject
# (tests/workspace/test_two_factor.py); elsewhere admins sign in with a password.
os.environ.setdefault("BEDSIDE_ADMIN_2FA", "optional")
os.environ.setdefault("BEDSIDE_AUDIT_KEY", "test-only-audit-key-that-is-long-enough-0123456789")

from bedside.settings import *  # noqa: E402,F403

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not :memory:, so a worker subprocess can share the test database.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}  # noqa: F405

# Transactional tests empty every table between tests, the audit log included.
AUDIT_LOG_MAINTENANCE = True

# Checkpoints of the audit log's head are off: the tables are emptied between
# tests, the file would not be. tests/security/test_web_audit.py turns them on.
AUDIT_CHECKPOINT_FILE = ""
