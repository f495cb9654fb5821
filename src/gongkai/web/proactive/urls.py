from django.urls import path

from gongkai.web.proactive import views

app_name = "proactive"

urlpatterns = [
    path("", views.register_home, name="register"),
    path("agencies/<int:agency_id>/items/new/", views.item_new, name="item_new"),
    path("agencies/<int:agency_id>/import/", views.import_upload, name="import"),
    path("agencies/<int:agency_id>/guide/", views.guide_edit, name="guide_edit"),
    path("imports/<str:token>/", views.import_mapping, name="import_mapping"),
    path("items/<int:pk>/", views.item_detail, name="item"),
    path("items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("items/<int:pk>/publish/", views.item_publish, name="item_publish"),
    path("items/<int:pk>/withdraw/", views.item_withdraw, name="item_withdraw"),
    path("taxonomy/", views.taxonomy, name="taxonomy"),
    path("guides/<int:pk>/review/", views.guide_review, name="guide_review"),
    path("jurisdictions/<int:pk>/timeliness/", views.timeliness_page, name="timeliness"),
]
