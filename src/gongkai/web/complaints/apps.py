from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "gongkai.web.complaints"
    verbose_name = "举报投诉"

    def ready(self):
        from gongkai.web.complaints import populations

        populations.register_all()  # the records legacy item 六 counts (gongkai.web.counting)
