from django.contrib import admin

from gongkai.web.reports.models import AnnualReport, PublishedVersion, ReportEvent


@admin.register(AnnualReport)
class AnnualReportAdmin(admin.ModelAdmin):
    list_display = ["agency", "year", "format_id", "status", "revision"]
    list_filter = ["year", "status"]
    # Values, status and history change only through the services, which record every change.
    readonly_fields = ["status", "revision", "published"]


@admin.register(PublishedVersion)
class PublishedVersionAdmin(admin.ModelAdmin):
    list_display = ["report", "number", "published_at", "published_by"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReportEvent)
class ReportEventAdmin(admin.ModelAdmin):
    list_display = ["report", "kind", "target", "old", "new", "user", "at"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
