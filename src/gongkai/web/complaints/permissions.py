"""Who may do what with complaints, in terms of ``accounts.permissions``.

- registering and handling a complaint, and seeing the complainant's personal data: the agencies whose
  work the user does there (a clerk's agency; the coordination office, its government; an admin
  everywhere), as for applications;
- viewing complaints without personal data: whoever may view the receiving agency (the office sees
  those of every agency of its jurisdiction).
"""

from gongkai.web.accounts import permissions
from gongkai.web.agencies.models import Agency

require = permissions.require


def handled_agencies(user):
    """The agencies whose complaints the user handles, as one query."""
    return permissions.agencies_of(user)


def can_handle(user, agency: Agency) -> bool:
    return permissions.does_work_of(user, agency)


def can_view(user, agency: Agency) -> bool:
    return permissions.can_view_agency(user, agency)


def viewable_agencies(user):
    return permissions.viewable_agencies(user)
