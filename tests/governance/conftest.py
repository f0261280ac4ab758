"""Governance fixtures: the personas shared with the workspace tests."""

from tests.workspace.conftest import Persona, personas  # noqa: F401 - fixtures
