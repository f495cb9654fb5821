from django.urls import path

from gongkai.web.applications import views

app_name = "applications"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("agencies/<int:agency_id>/register/", views.register, name="register"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/reply/", views.reply, name="reply"),
    path("jurisdictions/<int:pk>/", views.overview, name="overview"),
]
