from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "gongkai.web.applications"
    verbose_name = "依申请公开"

    def ready(self):
        from gongkai.web.applications import populations

        populations.register_all()  # the records tables 三 and 四 count (gongkai.web.counting)
