"""The API does what its OpenAPI schema says: a bounded schemathesis run (in
CI through the suite) against the app, with a token for every role.

Every generated request (valid and invalid input alike, negative and huge
numbers, NUL characters, ...) must get an answer the schema documents, with
a body of the documented shape, and never a 500.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from bedside.api import api
from bedside.workspace.models import ApiToken

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
# Examples per operation and role: about 5 x 23 x 5 requests, well under two
# minutes on two cores; raise it locally for a deeper run.
EXAMPLES = 5
ROLES = ["admin", "manager", "responder", "reviewer", "viewer"]


@pytest.fixture
def api_schema():
    """The schema as served, called in-process through Django's WSGI handler.
    As Django's test client does, the handler must not close the database
    connection after each request: the test's transaction lives on it."""
    schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api"))
    schema.app = WSGIHandler()
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield schema
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _operations(api_schema) -> list:
    return [result.ok() for result in api_schema.get_all_operations()]


@pytest.mark.parametrize("role", ROLES)
def test_every_operation_answers_as_its_schema_says(personas, org, peer, api_schema, role) -> None:
    _, raw = ApiToken.issue(personas[role].user, "schemathesis")
    headers = {"Authorization": f"Bearer {raw}"}
    failures: list[str] = []
    for operation in _operations(api_schema):

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def run(case) -> None:
            response = case.call(headers=headers)
            try:
                case.validate_response(response, checks=CHECKS, headers=headers)
            except Exception as exc:  # collected, reported together below
                failures.append(f"{case.operation.label} as {role}: {str(exc).splitlines()[0]}\n{case.as_curl_command()}")

        run()
    assert failures == [], "\n\n".join(failures[:10])
