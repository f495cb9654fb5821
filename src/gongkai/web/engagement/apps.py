from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "gongkai.web.engagement"
    verbose_name = "回应解读、会议培训"

    def ready(self):
        from gongkai.web.engagement import populations

        populations.register_all()  # the records legacy items 二 and 九 count (gongkai.web.counting)
