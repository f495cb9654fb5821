"""Who may do what with applications, in terms of ``accounts.permissions`` (where roles are decided).

- handling (registering, recording each step, seeing the applicant's personal data): the agencies
  whose work the user does there: a clerk's agency; for the coordination office, its government's
  own applications; an admin everywhere;
- viewing an agency's applications without personal data: whoever may view the agency;
- the overview of a jurisdiction: whoever may open its dashboard (coordination office, reviewer);
- entering a year's holiday arrangement: the coordination office of any jurisdiction, or an admin.
"""

from gongkai.web.accounts import permissions
from gongkai.web.agencies.models import Agency

require = permissions.require


def can_handle(user, agency: Agency) -> bool:
    return any(candidate.pk == agency.pk for candidate in permissions.agencies_of(user))


def can_view(user, agency: Agency) -> bool:
    return permissions.can_view_agency(user, agency)


def can_view_overview(user, jurisdiction: Agency) -> bool:
    return permissions.can_view_dashboard(user, jurisdiction)


def can_enter_calendar(user) -> bool:
    return permissions.is_admin(user) or any(
        permissions.can_compile(user, jurisdiction) for jurisdiction in permissions.jurisdictions_of(user))
