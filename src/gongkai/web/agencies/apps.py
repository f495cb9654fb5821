from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "gongkai.web.agencies"
    verbose_name = "行政机关"
