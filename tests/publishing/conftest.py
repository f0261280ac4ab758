"""Personas and our organization, from the workspace tests."""

from tests.workspace.conftest import org, personas  # noqa: F401 - fixtures, used by name
