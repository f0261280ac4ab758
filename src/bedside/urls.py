from django.urls import include, path

from bedside.api import api
from bedside.channels import views as channels
from bedside.reports import views as reports_views
from bedside.workspace import demo_network
from bedside.workspace.middleware import public
from bedside.workspace.sso import oidc, saml
from bedside.workspace.views import audit, auth, organizations, settings, twofactor, vocabulary

urlpatterns = [
    path("login/", auth.login, name="login"),
    path("login/code/", auth.login_code, name="login_code"),
    path("logout/", auth.logout, name="logout"),
    # Single sign-on (workspace/sso/): each answers 404 until it is configured.
    path("oidc/authenticate/", public(oidc.start), name="oidc_start"),
    path("oidc/callback/", public(oidc.callback), name="oidc_callback"),
    path("saml2/login/", public(saml.login), name="saml2_login"),
    path("saml2/acs/", public(saml.acs), name="saml2_acs"),
    path("saml2/metadata/", public(saml.metadata), name="saml2_metadata"),
    path("password/", auth.password_change, name="password_change"),
    path("password/done/", auth.password_change_done, name="password_change_done"),
    path("password/reset/<uidb64>/<token>/", auth.password_reset_confirm, name="password_reset_confirm"),
    path("healthz", auth.healthz, name="healthz"),
    path("", reports_views.dashboard, name="dashboard"),
    # Each domain app owns its pages; its index keeps the section's name.
    path("benchmark/", include("bedside.benchmark.urls")),
    path("inbox/", include("bedside.inbox.urls")),
    path("publishing/", include("bedside.publishing.urls")),
    path("reputation/", include("bedside.reputation.urls")),
    path("listening/", include("bedside.listening.urls")),
    path("reports/", include("bedside.reports.urls")),
    path("governance/", include("bedside.governance.urls")),
    path("", include("bedside.sync.urls")),
    path("organizations/", organizations.organization_list, name="organizations"),
    path("organizations/new/", organizations.organization_edit, name="organization_new"),
    path("organizations/from-cms/", organizations.peer_from_cms, name="peer_from_cms"),
    path("organizations/<int:pk>/", channels.organization_detail, name="organization_detail"),
    path("organizations/<int:pk>/edit/", organizations.organization_edit, name="organization_edit"),
    path("organizations/<int:pk>/delete/", organizations.organization_delete, name="organization_delete"),
    path("organizations/<int:pk>/restore/", organizations.organization_restore, name="organization_restore"),
    path("channels/<int:pk>/delete/", channels.channel_delete, name="channel_delete"),
    path("audit/", audit.audit_log, name="audit"),
    # The demo's sandbox network (404 outside `bedside demo`).
    path("demo-network/", demo_network.page, name="demo_network"),
    path("demo-network/api/<path:rest>", demo_network.api, name="demo_network_api"),
    path("settings/", settings.settings_home, name="settings"),
    path("settings/users/new/", settings.user_create, name="user_create"),
    path("settings/users/<int:pk>/role/", settings.user_role, name="user_role"),
    path("settings/users/<int:pk>/deactivate/", settings.user_deactivate, name="user_deactivate"),
    path("settings/users/<int:pk>/reactivate/", settings.user_reactivate, name="user_reactivate"),
    path("settings/users/<int:pk>/reset-link/", settings.user_reset_link, name="user_reset_link"),
    path("settings/unlock/", settings.user_unlock, name="user_unlock"),
    path("settings/two-factor/", twofactor.two_factor, name="two_factor"),
    path("settings/tokens/new/", settings.token_create, name="token_create"),
    path("settings/tokens/<int:pk>/revoke/", settings.token_revoke, name="token_revoke"),
    path("settings/vocabulary/", vocabulary.vocabulary_page, name="vocabulary"),
    path("settings/vocabulary/add/", vocabulary.vocabulary_add, name="vocabulary_add"),
    path("settings/vocabulary/<int:pk>/remove/", vocabulary.vocabulary_remove, name="vocabulary_remove"),
    path("api/", api.urls),
]
