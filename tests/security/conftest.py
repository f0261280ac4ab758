"""The workspace's personas (one per role, plus an outsider) and organizations,
for the security suite."""

from tests.workspace.conftest import org, peer, personas  # noqa: F401  (fixtures)
