"""Meta-tests: no page is left unguarded, no setting undocumented."""

from __future__ import annotations

import re
from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver

ROOT = Path(__file__).resolve().parents[1]

# Pages any signed-in person may open whatever their role.
ANY_ROLE = {"logout", "password_change", "password_change_done"}


def _patterns(resolver: URLResolver, prefix: str = ""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def test_every_page_is_public_on_purpose_or_needs_a_capability() -> None:
    unguarded = []
    for route, pattern in _patterns(get_resolver()):
        if route.startswith(("api/", "static/")):
            continue  # the API checks capabilities per operation
        view = pattern.callback
        if getattr(view, "bedside_public", False) or pattern.name in ANY_ROLE:
            continue
        if not hasattr(view, "required_capabilities"):
            unguarded.append(f"/{route} ({pattern.name})")
    assert not unguarded, f"pages without @requires(Can.…): {unguarded}"


def test_every_setting_read_from_the_environment_is_documented() -> None:
    sources = "\n".join(p.read_text() for p in [ROOT / "src/bedside/settings.py", ROOT / "src/bedside/config.py"])
    names = set(re.findall(r'env_(?:bool|int|str|secret)\("(BEDSIDE_[A-Z_]+)"', sources))
    readme = (ROOT / "README.md").read_text()
    missing = sorted(n for n in names if n not in readme)
    assert names and not missing, f"settings missing from the README: {missing}"


def test_the_demo_and_the_tests_install_into_different_environments() -> None:
    # scripts/test reinstalls its environment in editable mode with the test tools; doing that
    # to the demo's environment pulled templates and CSS from under a running demo.

    root = Path(__file__).resolve().parents[1]

    def venv_of(script: str) -> str:
        text = (root / "scripts" / script).read_text()
        found = re.search(r"^VENV=(\S+)$", text, re.M) or re.search(r"\[ -x (\S+?)/bin/python \]", text)
        assert found, f"scripts/{script} names no virtual environment"
        return found.group(1)

    assert venv_of("demo") != venv_of("test")
