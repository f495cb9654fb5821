"""The coordination office's settings of the procedure, on pages of the platform (``office_views``):
the State Council's holiday arrangement of each year and the texts of the written documents.

Each change is recorded with who, when, and the old and new values (``gongkai.web.changelog``).
"""

from collections.abc import Iterable

from django.contrib.admin.models import ADDITION, CHANGE
from django.db import transaction
from django.utils import timezone

from gongkai.web.applications import permissions, services
from gongkai.web.applications.models import CalendarYear, DocumentTemplate
from gongkai.web.changelog import log_change

TEMPLATE_FIELDS = ("name", "title", "number", "addressee", "body")
CALENDAR_FIELDS = ("source", "holidays", "workdays")


def enter_calendar_year(user, *, year: int, source: str, holidays: Iterable, workdays: Iterable) -> int:
    """录入节假日安排 through the procedure's service (which recomputes every open deadline), logged;
    returns how many due dates changed."""
    with transaction.atomic():
        previous = CalendarYear.objects.filter(year=year).first()
        old = {field: getattr(previous, field) for field in CALENDAR_FIELDS} if previous else {}
        changed = services.enter_calendar_year(user, year=year, source=source, holidays=holidays, workdays=workdays)
        entry = CalendarYear.objects.get(year=year)
        log_change(user, entry, CHANGE if previous else ADDITION, old,
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
        log_change(user, current, CHANGE, old, {field: getattr(current, field) for field in TEMPLATE_FIELDS})
    return current

