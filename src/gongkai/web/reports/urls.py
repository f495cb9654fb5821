"""The signed-in pages of the report workflow. Public pages (``public_urls``) and the JSON API
(``gongkai.web.api``) get their own prefixes in ``gongkai.web.urls``."""

from django.urls import path

from gongkai.web.reports import views

app_name = "reports"

urlpatterns = [
    path("workbench/", views.home, name="home"),
    path("agencies/<int:agency_id>/reports/", views.create, name="create"),
    path("reports/import/", views.import_published, name="import_published"),
    path("reports/import/confirm/", views.import_confirm, name="import_confirm"),
    path("reports/<int:pk>/", views.report_detail, name="report"),
    path("reports/<int:pk>/cells/", views.save_cells, name="save_cells"),
    path("reports/<int:pk>/check/", views.check_cells, name="check"),
    path("reports/<int:pk>/sections/", views.save_sections, name="save_sections"),
    path("reports/<int:pk>/import/", views.import_xlsx, name="import"),
    path("reports/<int:pk>/draft/", views.draft_narrative, name="draft"),
    path("narrative-templates/", views.narrative_templates, name="narrative_templates"),
    path("narrative-templates/<str:format_id>/", views.narrative_template, name="narrative_template"),
    path("reports/<int:pk>/export/<str:kind>/", views.export, name="export"),
    path("reports/<int:pk>/submit/", views.submit, name="submit"),
    path("reports/<int:pk>/return/", views.return_with_comment, name="return"),
    path("reports/<int:pk>/approve/", views.approve, name="approve"),
    path("reports/<int:pk>/publish/", views.publish, name="publish"),
    path("reports/<int:pk>/reopen/", views.reopen, name="reopen"),
    path("reports/<int:pk>/history/", views.history, name="history"),
    path("reports/<int:pk>/versions/<int:number>/", views.version, name="version"),
    path("jurisdictions/<int:pk>/years/<int:year>/", views.dashboard, name="dashboard"),
    path("jurisdictions/<int:pk>/years/<int:year>/compile/", views.compile_jurisdiction, name="compile"),
]
