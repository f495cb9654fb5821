"""URL map: the signed-in workflow at the root, sign-in under ``accounts/``, Django admin under
``admin/``. Public report pages are under ``public/``, the JSON API (``gongkai.web.api``) under ``api/``."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from gongkai.web.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("public/", include("gongkai.web.reports.public_urls")),
    path("api/", api.urls),
    path("applications/", include("gongkai.web.applications.urls")),
    path("proactive/", include("gongkai.web.proactive.urls")),
    path("catalogue/", include("gongkai.web.proactive.public_urls")),
    path("", include("gongkai.web.reports.urls")),
]
