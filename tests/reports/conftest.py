from tests.benchmark.conftest import peer_set  # noqa: F401  (the shared fixtures)
from tests.workspace.conftest import personas  # noqa: F401
