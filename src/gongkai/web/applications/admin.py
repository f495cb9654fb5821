from django.contrib import admin, messages
from django.utils import timezone

from gongkai.web.applications import permissions, services
from gongkai.web.applications.models import CalendarYear, DocumentTemplate


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    """The coordination office enters each year's State Council arrangement; saving recomputes every
    open deadline (through the service, which records the change on each application)."""

    list_display = ["year", "source", "entered_by", "entered_at"]
    fields = ["year", "source", "holidays", "workdays"]

    def has_module_permission(self, request):
        return permissions.can_enter_calendar(request.user)

    def has_view_permission(self, request, obj=None):
        return permissions.can_enter_calendar(request.user)

    def has_add_permission(self, request):
        return permissions.can_enter_calendar(request.user)

    def has_change_permission(self, request, obj=None):
        return permissions.can_enter_calendar(request.user)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        changed = services.enter_calendar_year(request.user, year=obj.year, source=obj.source,
                                               holidays=obj.holidays.split(), workdays=obj.workdays.split())
        messages.info(request, f"已重新计算未办结申请的答复期限，{changed}件申请的期限有变化。")


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(admin.ModelAdmin):
    """The office edits the documents' texts; the kinds are fixed (seeded from documents.yaml), so
    none is added or deleted here."""

    list_display = ["name", "updated_by", "updated_at"]
    fields = ["name", "title", "number", "addressee", "body"]

    def has_module_permission(self, request):
        return permissions.can_edit_document_templates(request.user)

    def has_view_permission(self, request, obj=None):
        return permissions.can_edit_document_templates(request.user)

    def has_change_permission(self, request, obj=None):
        return permissions.can_edit_document_templates(request.user)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        obj.updated_by, obj.updated_at = request.user, timezone.now()
        super().save_model(request, obj, form, change)
