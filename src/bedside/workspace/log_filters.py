"""Logging filters named in settings.LOGGING."""

from __future__ import annotations

import logging


class ForbiddenInOneLine(logging.Filter):
    """A 403 is the role matrix doing its job, not a bug: Django logs it with
    the whole traceback of the PermissionDenied; keep the one line that says
    who was refused what ("Forbidden (Permission denied): /audit/")."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
        return True
