"""The REST API: OpenAPI schema at /api/schema, docs at /api/docs.

Token auth (``Authorization: Bearer bsd_…``) for scripts, the session for the
browser (with CSRF); both get the same role checks as the pages.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import NinjaAPI
from ninja.security import HttpBearer, django_auth

from bedside.workspace.api import FieldErrors
from bedside.workspace.api import router as workspace_router
from bedside.workspace.models import ApiToken


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = ApiToken.objects.select_related("user").filter(digest=ApiToken.digest_of(token)).first()
        if found is None or not found.user.is_active:
            return None
        now = timezone.now()
        if found.last_used_at is None or (now - found.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        return found.user


api = NinjaAPI(
    title="Bedside API",
    version="1",
    description="Everything the pages show, for scripts and integrations. Same roles as the web app.",
    openapi_url="/schema",
    docs_url="/docs",
    auth=[TokenAuth(), django_auth],
    urls_namespace="api",
)
api.add_router("/", workspace_router)
api.add_router("/", "bedside.benchmark.api.router")
api.add_router("/", "bedside.sync.api.router")
api.add_router("/", "bedside.inbox.api.router")
api.add_router("/", "bedside.workspace.guard_api.router")
api.add_router("/", "bedside.workspace.vocabulary_api.router")


@api.exception_handler(FieldErrors)
def field_errors(request: HttpRequest, exc: FieldErrors) -> HttpResponse:
    return api.create_response(request, {"errors": exc.errors}, status=422)
