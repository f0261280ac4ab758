"""The hook through which apps add panels to the dashboard
(``reports.views.dashboard``, which reads every app): an app above workspace
cannot be imported from here, so it registers a callable instead."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

# A callable taking the request and returning {"title", "lines": [{"text",
# "url", "alarm"}]} or None (nothing to say to this person now).
PANELS: list[Callable[[HttpRequest], dict[str, Any] | None]] = []
