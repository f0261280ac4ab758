"""Fixtures every network client's tests share."""

from __future__ import annotations

import pytest


@pytest.fixture
def waits() -> list[float]:
    """What a client's transport was told to wait (Retry-After, backoff):
    tests hand ``waits.append`` to it as its sleep, so nothing really sleeps."""
    return []
