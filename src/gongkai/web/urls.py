"""URL map: the public front door at ``/``, each signed-in role's home at ``workbench/``, sign-in under
``accounts/``, Django admin under ``admin/``. Public report pages are under ``public/``, the JSON API
(``gongkai.web.api``) under ``api/``. Errors are answered by ``gongkai.web.views`` (pages in
Chinese; JSON under ``api/``)."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from gongkai.web import views
from gongkai.web.accounts import lockout_views
from gongkai.web.api import api

admin.site.site_header = "政府信息公开工作平台 · 系统管理"
admin.site.site_title = "政府信息公开工作平台"
admin.site.index_title = "系统管理"
admin.site.site_url = "/workbench/"

urlpatterns = [
    path("", views.front_door, name="front_door"),
    path("favicon.ico", views.favicon),
    path("admin/", admin.site.urls),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Every user changes their own password (Django's validators, AUTH_PASSWORD_VALIDATORS, in Chinese).
    path("accounts/password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password_change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("accounts/lockouts/", lockout_views.lockouts, name="lockouts"),
    path("public/", include("gongkai.web.reports.public_urls")),
    path("api/", api.urls),
    path("applications/", include("gongkai.web.applications.urls")),
    path("proactive/", include("gongkai.web.proactive.urls")),
    path("catalogue/", include("gongkai.web.proactive.public_urls")),
    path("engagement/", include("gongkai.web.engagement.urls")),
    path("complaints/", include("gongkai.web.complaints.urls")),
    path("supervision/", include("gongkai.web.supervision.urls")),
    path("", include("gongkai.web.reports.urls")),
]

handler400 = views.bad_request
handler403 = views.permission_denied
handler404 = views.page_not_found
handler500 = views.server_error
