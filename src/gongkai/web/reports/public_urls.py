"""Public pages of published reports, mounted under ``public/`` (no sign-in)."""

from django.urls import path

from gongkai.web.reports import public_views

app_name = "public"

urlpatterns = [
    path("", public_views.report_list, name="list"),
    path("reports/<int:pk>/", public_views.report_page, name="report"),
    path("reports/<int:pk>/versions/<int:number>/", public_views.report_page, name="version"),
    path("reports/<int:pk>/versions/<int:number>/<str:kind>/", public_views.download, name="download"),
]
