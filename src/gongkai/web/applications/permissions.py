"""Who may do what with applications, in terms of ``accounts.permissions`` (where roles are decided)
and ``reports.permissions``.

- handling (registering, recording each step, seeing the applicant's personal data): the agencies
  whose work the user does there: a clerk's agency; for the coordination office, its government's
  own applications; an admin everywhere;
- viewing an agency's applications without personal data: whoever may view the agency;
- the overview of a jurisdiction: whoever may open its dashboard (coordination office, reviewer);
- entering a year's holiday arrangement: the coordination office of any jurisdiction, or an admin;
- filling an annual report's tables 三 and 四 from the records: whoever may edit the report; seeing the
  computed tables and the applications behind a cell: whoever may view the report;
- applying online and looking an application up by its tracking code: anyone, signed in or not (the
  public pages show no personal data).
"""

from gongkai.web.accounts import permissions
from gongkai.web.agencies.models import Agency
from gongkai.web.reports import permissions as report_permissions

require = permissions.require


def handled_agencies(user):
    """The agencies whose applications the user handles, as one query."""
    return permissions.agencies_of(user)


def can_handle(user, agency: Agency) -> bool:
    return permissions.does_work_of(user, agency)


def can_view(user, agency: Agency) -> bool:
    return permissions.can_view_agency(user, agency)


def viewable_agencies(user):
    return permissions.viewable_agencies(user)


def can_view_overview(user, jurisdiction: Agency) -> bool:
    return report_permissions.can_view_dashboard(user, jurisdiction)


def can_enter_calendar(user) -> bool:
    return report_permissions.edits_settings(user)


def can_fill_report(user, report) -> bool:
    return report_permissions.can_edit_report(user, report)


def can_view_computed(user, report) -> bool:
    return report_permissions.can_view_report(user, report)


def can_edit_document_templates(user) -> bool:
    """The documents' texts are the installation's: the coordination office or an admin edits them."""
    return can_enter_calendar(user)
