from django.urls import include, path

from gongkai.web.applications import office_views, public_views, views

app_name = "applications"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("apply/", public_views.choose, name="choose"),
    path("apply/<int:agency_id>/", public_views.apply, name="apply"),
    path("track/", public_views.track, name="track"),
    path("agencies/<int:agency_id>/register/", views.register, name="register"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/steps/<slug:name>/", views.step, name="step"),
    path("<int:pk>/documents/", include("gongkai.web.applications.document_urls")),
    path("jurisdictions/<int:pk>/", views.overview, name="overview"),
    path("calendar/", office_views.calendar, name="calendar"),
    path("document-templates/", office_views.document_templates, name="document_templates"),
    path("document-templates/<slug:kind>/", office_views.document_template, name="document_template"),
    path("reports/<int:pk>/fill/", views.fill_report, name="fill_report"),
    path("reports/<int:pk>/computed/", views.computed, name="computed"),
    path("reports/<int:pk>/cells/<str:key>/", views.behind, name="behind"),
]
