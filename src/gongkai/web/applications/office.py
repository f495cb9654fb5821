"""The coordination office's settings of the procedure, on pages of the platform (``office_views``):
the State Council's holiday arrangement of each year and the texts of the written documents.

Each change is recorded with who, when, and the old and new values, in Django's change log
(``LogEntry``), which the pages list and the admin's history of the object shows too.
"""

from collections.abc import Iterable

from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from gongkai.web.applications import permissions, services
from gongkai.web.applications.models import CalendarYear, DocumentTemplate

TEMPLATE_FIELDS = ("name", "title", "number", "addressee", "body")
CALENDAR_FIELDS = ("source", "holidays", "workdays")


def _log(user, obj, action: int, old: dict, new: dict) -> None:
    changed = [field for field in new if old.get(field) != new[field]]
    labels = {field: str(obj._meta.get_field(field).verbose_name) for field in changed}
    message = "；".join(f"{labels[field]}：由“{old.get(field, '')}”改为“{new[field]}”" for field in changed)
    LogEntry.objects.log_actions(user.pk, [obj], action, change_message=message or "未作修改", single_object=True)


def history(obj, limit: int = 20) -> list[LogEntry]:
    """The latest changes of ``obj`` (who, when, old and new), most recent first."""
    return list(LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk))
                .select_related("user").order_by("-action_time")[:limit])


def enter_calendar_year(user, *, year: int, source: str, holidays: Iterable, workdays: Iterable) -> int:
    """录入节假日安排 through the procedure's service (which recomputes every open deadline), logged;
    returns how many due dates changed."""
    with transaction.atomic():
        previous = CalendarYear.objects.filter(year=year).first()
        old = {field: getattr(previous, field) for field in CALENDAR_FIELDS} if previous else {}
        changed = services.enter_calendar_year(user, year=year, source=source, holidays=holidays, workdays=workdays)
        entry = CalendarYear.objects.get(year=year)
        _log(user, entry, CHANGE if previous else ADDITION, old,
             {field: getattr(entry, field) for field in CALENDAR_FIELDS})
    return changed


def update_document_template(user, template: DocumentTemplate, values: dict[str, str]) -> DocumentTemplate:
    """修改文书模板: a template that does not compile is refused (Django's ``ValidationError``, by field)."""
    permissions.require(permissions.can_edit_document_templates(user))
    with transaction.atomic():
        current = DocumentTemplate.objects.select_for_update().get(pk=template.pk)
        old = {field: getattr(current, field) for field in TEMPLATE_FIELDS}
        for field in TEMPLATE_FIELDS:
            setattr(current, field, values[field])
        current.full_clean()
        current.updated_by, current.updated_at = user, timezone.now()
        current.save()
        _log(user, current, CHANGE, old, {field: getattr(current, field) for field in TEMPLATE_FIELDS})
    return current

