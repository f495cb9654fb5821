from django.urls import path

from gongkai.web.complaints import views

app_name = "complaints"

urlpatterns = [
    path("", views.complaints, name="list"),
    path("agencies/<int:agency_id>/new/", views.register, name="register"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/step/", views.step, name="step"),
    path("<int:pk>/close/", views.close, name="close"),
]
