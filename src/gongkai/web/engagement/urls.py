from django.urls import path

from gongkai.web.engagement import views

app_name = "engagement"

urlpatterns = [
    path("responses/", views.responses, name="responses"),
    path("responses/<int:pk>/", views.edit_response, name="edit_response"),
    path("responses/<int:pk>/delete/", views.delete_response, name="delete_response"),
]
