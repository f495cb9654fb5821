from django.urls import path

from gongkai.web.engagement import views

app_name = "engagement"

urlpatterns = [
    path("facts/", views.facts, name="facts"),
    path("items/search/", views.item_search, name="item_search"),
    *(path(f"{kind}/", views.records, {"kind": kind}, name=kind) for kind in views.KINDS),
    path("<kind>/<int:pk>/", views.edit, name="edit"),
    path("<kind>/<int:pk>/delete/", views.delete, name="delete"),
]
