from django.apps import AppConfig


class ProactiveConfig(AppConfig):
    name = "gongkai.web.proactive"
    label = "proactive"
    verbose_name = "主动公开"

    def ready(self):
        from gongkai.web.proactive import populations

        populations.register_all()  # the items legacy 一 and 表二 第二十条第（一）项 count (gongkai.web.counting)
