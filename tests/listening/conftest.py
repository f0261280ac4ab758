"""Listening fixtures: the personas shared with the workspace tests, and the
alert tests' SMTP server and webhook stand-ins (spike alerts)."""

from tests.inbox.alerts.conftest import hooks, mailbox  # noqa: F401 - fixtures
from tests.workspace.conftest import Persona, personas  # noqa: F401 - fixtures
