from django.urls import path

from gongkai.web.supervision import views

app_name = "supervision"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("<int:pk>/bulletins/", views.bulletins, name="bulletins"),
    path("<int:pk>/bulletins/<int:year>-<int:month>/", views.draft, name="draft"),
    path("bulletins/<int:pk>/", views.bulletin, name="bulletin"),
    path("bulletins/<int:pk>.<str:to>", views.bulletin_file, name="bulletin_file"),
    path("<int:pk>/checks/", views.checks, name="checks"),
    path("rectifications/<int:pk>/", views.answer, name="answer"),
]
