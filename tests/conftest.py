"""Fixtures shared by the whole suite."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.standin.server import StandIn


@pytest.fixture
def standin() -> Iterator[StandIn]:
    """A fresh stand-in for the networks' APIs on 127.0.0.1; load routes with
    ``standin.load("youtube", ...)``."""
    server = StandIn().start()
    yield server
    server.stop()
