from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "gongkai.web.reports"
    verbose_name = "政府信息公开工作年度报告"

    def ready(self) -> None:
        from django.db import transaction
        from django.db.models.signals import post_save

        from gongkai.web.reports import published_cache
        from gongkai.web.reports.models import PublishedVersion

        def published(sender, created: bool, **kwargs) -> None:
            if created:
                # Now, and again once the version is visible to other processes: an answer a process
                # read in between (without the new version) is asked again too.
                published_cache.new_publication()
                transaction.on_commit(published_cache.new_publication)

        post_save.connect(published, sender=PublishedVersion, weak=False,
                          dispatch_uid="published_cache.new_publication")
