from django.apps import apps
from django.contrib import admin
from django.urls import include, path

from . import security_views, views

auth_patterns = [
    path("login/", views.login, name="login"),
    path("logout/", views.logout, name="logout"),
    path("mfa/", security_views.mfa_verify, name="mfa_verify"),
    path("mfa/setup/", security_views.mfa_setup, name="mfa_setup"),
    path("mfa/recovery-codes/", security_views.mfa_recovery_codes, name="mfa_recovery_codes"),
    path("password/change/", views.password_change, name="password_change"),
    path("password/change/done/", views.password_change_done, name="password_change_done"),
    path("password/reset/", views.password_reset, name="password_reset"),
    path("password/reset/done/", views.password_reset_done, name="password_reset_done"),
    path("password/reset/<uidb64>/<token>/", views.password_reset_confirm,
         name="password_reset_confirm"),
    path("password/reset/complete/", views.password_reset_complete,
         name="password_reset_complete"),
]

# A database that went away answers 503 "try again", not the error page (kokken/errors.py).
handler500 = "kokken.errors.server_error"
handler400 = "kokken.errors.bad_request"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("accounts/", include(auth_patterns)),
    path("accounts/profile/", views.profile, name="profile"),
    path("accounts/profile/tokens/", views.api_token_create, name="api_token_create"),
    path("accounts/profile/tokens/<int:api_token>/revoke/", views.api_token_revoke,
         name="api_token_revoke"),
    path("agencies/", views.agency_list, name="agency_list"),
    path("agencies/<slug:agency>/", views.agency_detail, name="agency_detail"),
    path("ministries/<str:ministry>/", views.ministry_detail, name="ministry_detail"),
    path("audit/", security_views.audit_list, name="audit"),
    path("audit/export.csv", security_views.audit_export, name="audit_export"),
    path("settings/security/", security_views.security_settings, name="security_settings"),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/<int:notification>/", views.notification_open, name="notification"),
    # Each app above the core mounts itself: its AppConfig names the prefix (``url_prefix``)
    # and its ``urls.py`` the patterns, so the core names no app.
    *[path(config.url_prefix, include(f"{config.name}.urls"))
      for config in apps.get_app_configs() if hasattr(config, "url_prefix")],
    path("admin/", admin.site.urls),
]
