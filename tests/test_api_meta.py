"""Meta-test: every REST API operation checks a capability before it acts.

Pages carry ``@requires(Can.…)`` (tests/test_meta.py); an API operation
checks inside its body, with ``need(request, Can.…)`` or
``user_can(request.auth, Can.…)``. A new operation that forgets fails here."""

from __future__ import annotations

import ast
import inspect
import textwrap
from collections.abc import Callable, Iterator
from typing import Any

from bedside.api import api

CHECKS = {"need", "user_can"}


def _operations() -> Iterator[tuple[str, Callable[..., Any]]]:
    api.urls  # noqa: B018 - builds the routers' operations
    for _prefix, router in api._routers:
        for path, path_operation in router.path_operations.items():
            for operation in path_operation.operations:
                yield f"{'/'.join(operation.methods)} {path}", operation.view_func


def checks_a_capability(view: Callable[..., Any], depth: int = 2) -> bool:
    """True when the body calls need()/user_can() with a ``Can.…`` member,
    itself or in a helper of its own module that it calls (``_review``)."""
    view = inspect.unwrap(view)
    tree = ast.parse(textwrap.dedent(inspect.getsource(view)))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
            continue
        if node.func.id in CHECKS:
            for arg in node.args:
                if isinstance(arg, ast.Attribute) and isinstance(arg.value, ast.Name) and arg.value.id == "Can":
                    return True
            continue
        helper = view.__globals__.get(node.func.id)
        if (depth and inspect.isfunction(helper) and helper.__module__ == view.__module__
                and checks_a_capability(helper, depth - 1)):
            return True
    return False


def test_every_api_operation_checks_a_capability() -> None:
    operations = list(_operations())
    assert len(operations) > 20  # the API's routers were all found
    unchecked = [name for name, view in operations if not checks_a_capability(view)]
    assert not unchecked, f"API operations without need(request, Can.…): {unchecked}"


def _forgets(request: Any, org_id: int) -> dict[str, int]:
    return {"id": org_id}


def _checks(request: Any, org_id: int) -> dict[str, int]:
    need(request, Can.VIEW)  # type: ignore[name-defined]  # noqa: F821 - parsed, never run
    return {"id": org_id}


def test_an_operation_that_forgets_its_check_is_caught() -> None:
    assert not checks_a_capability(_forgets)
    assert checks_a_capability(_checks)


def test_no_two_api_schemas_share_a_name_with_different_shapes() -> None:
    """OpenAPI keys schemas by class name: two modules' ``QueueOut`` made the
    inbox's queues answer be checked against the evergreen queues' shape."""
    import sys

    from ninja import Schema

    api.urls  # noqa: B018 - imports every router's module
    shapes: dict[str, dict[str, Any]] = {}
    clashes = []
    for module in [m for name, m in list(sys.modules.items()) if name.startswith("bedside.") and m is not None]:
        for value in vars(module).values():
            if (isinstance(value, type) and issubclass(value, Schema) and value is not Schema
                    and value.__module__ == module.__name__):
                shape = value.model_json_schema()
                seen = shapes.setdefault(value.__name__, shape)
                if seen != shape:
                    clashes.append(f"{value.__name__} in {module.__name__}")
    assert not clashes, f"schemas named like another of a different shape: {clashes}"
