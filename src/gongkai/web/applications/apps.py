from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "gongkai.web.applications"
    verbose_name = "依申请公开"
