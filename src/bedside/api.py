"""The REST API: OpenAPI schema at /api/schema, docs at /api/docs.

Token auth (``Authorization: Bearer bsd_…``) for scripts, the session for the
browser (with CSRF); both get the same role checks as the pages.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, SessionAuth

from bedside.workspace.api import FieldErrors
from bedside.workspace.api import router as workspace_router
from bedside.workspace.models import ApiToken
from bedside.workspace.permissions import role_of


class TokenRejected(Exception):
    """401: no credentials, or a token that is unknown, expired or revoked."""

    def __init__(self, detail: str, *, error: str = "invalid_token") -> None:
        super().__init__(detail)
        self.detail = detail
        self.error = error


class TokenAuth(HttpBearer):
    """``Authorization: Bearer bsd_…``. A header that is there but wrong is
    answered at once (401 saying why), never passed on to the session check,
    whose CSRF refusal would only confuse a script."""

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get(self.header)
        if not header:
            return None
        scheme, _, token = header.strip().partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise TokenRejected("the Authorization header must be 'Bearer <token>'", error="invalid_request")
        return self.authenticate(request, token.strip())

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = ApiToken.objects.select_related("user").filter(digest=ApiToken.digest_of(token)).first()
        if found is None:
            raise TokenRejected("the API token is unknown (check it was copied whole)")
        if found.revoked_at is not None:
            raise TokenRejected(f"the API token was revoked ({found.revoked_reason or 'by a person'})")
        if found.is_expired:
            raise TokenRejected(f"the API token expired on {found.expires_at:%Y-%m-%d}; make a new one in Settings")
        if not found.user.is_active:
            raise TokenRejected("the API token was revoked (its owner's account is deactivated)")
        now = timezone.now()
        if found.last_used_at is None or (now - found.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        return found.user


class SignedInSession(SessionAuth):
    """The browser's session (with Django's CSRF check on unsafe methods).
    Last in the list: nobody signed in and no token means 401, not a CSRF error."""

    def __call__(self, request: HttpRequest) -> Any:
        user = super().__call__(request)
        if user is None:
            raise TokenRejected("no API token: send 'Authorization: Bearer <token>' (make one in Settings)",
                                error="")
        return user


def _signed_in_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The schema and docs are for people and scripts with an account."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and role_of(request.user) is not None:
            return view(request, *args, **kwargs)
        try:
            user = TokenAuth()(request)
        except TokenRejected:
            user = None
        if user is not None and role_of(user) is not None:
            return view(request, *args, **kwargs)
        if request.headers.get("Authorization") or request.path.endswith("/schema"):
            return HttpResponse("sign in or send an API token to read the API schema", status=401,
                                content_type="text/plain", headers={"WWW-Authenticate": "Bearer"})
        return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)

    return wrapper


api = NinjaAPI(
    title="Bedside API",
    version="1",
    description="Everything the pages show, for scripts and integrations. Same roles as the web app.",
    openapi_url="/schema",
    docs_url="/docs",
    docs_decorator=_signed_in_only,
    auth=[TokenAuth(), SignedInSession()],
    urls_namespace="api",
)
api.add_router("/", workspace_router)
api.add_router("/", "bedside.channels.api.router")
api.add_router("/", "bedside.benchmark.api.router")
api.add_router("/", "bedside.sync.api.router")
api.add_router("/", "bedside.inbox.api.router")
api.add_router("/", "bedside.inbox.alerts_api.router")
api.add_router("/", "bedside.publishing.api.router")
api.add_router("/", "bedside.publishing.recurring_api.router")
api.add_router("/", "bedside.workspace.guard_api.router")
api.add_router("/", "bedside.workspace.vocabulary_api.router")
api.add_router("/", "bedside.listening.api.router")
api.add_router("/", "bedside.workspace.people_api.router")
api.add_router("/", "bedside.reputation.api.router")
api.add_router("/", "bedside.governance.api.router")


class ErrorOut(Schema):
    detail: str


class InvalidOut(Schema):
    """422: ``detail`` lists what the schema refused (with ``loc``, where);
    ``errors`` maps a field to what Bedside's own rules refused."""

    detail: list[dict[str, Any]] | None = None
    errors: dict[str, list[str]] | None = None


def _document_errors() -> None:
    """Say in the schema what every operation can answer besides success:
    401 (no or bad token), 403 (the role does not allow it), 404 (no such
    object, where the path names one), 422 (input refused), 400 (a body that
    is not JSON)."""
    for _prefix, router in api._routers:
        for path, view in router.path_operations.items():
            for operation in view.operations:
                models = operation.response_models
                extra: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 422: InvalidOut}
                if "{" in path:
                    extra[404] = ErrorOut
                if operation.methods != ["GET"] and any(m != "GET" for m in operation.methods):
                    extra[400] = ErrorOut
                for status, model in extra.items():
                    models.setdefault(status, operation._create_response_model(model))


_document_errors()


@api.exception_handler(FieldErrors)
def field_errors(request: HttpRequest, exc: FieldErrors) -> HttpResponse:
    return api.create_response(request, {"errors": exc.errors}, status=422)


def _unauthorized(request: HttpRequest, detail: str, error: str) -> HttpResponse:
    response = api.create_response(request, {"detail": detail}, status=401)
    challenge = 'Bearer realm="bedside"'
    if error:
        challenge += f', error="{error}", error_description="{detail}"'
    response["WWW-Authenticate"] = challenge
    return response


@api.exception_handler(TokenRejected)
def token_rejected(request: HttpRequest, exc: TokenRejected) -> HttpResponse:
    return _unauthorized(request, exc.detail, exc.error)


@api.exception_handler(AuthenticationError)
def not_authenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _unauthorized(request, "no API token: send 'Authorization: Bearer <token>'", "")
