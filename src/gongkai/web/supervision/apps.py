from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "gongkai.web.supervision"
    verbose_name = "政务公开监督检查"
