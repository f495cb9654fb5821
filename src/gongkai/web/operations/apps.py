from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "gongkai.web.operations"
    verbose_name = "运行维护"
