"""Who may do what with this app's records, in terms of ``accounts.permissions``.

- recording, changing and deleting an agency's responses: those who fill in its annual report (a
  clerk for their agency; a coordination office for its government; an admin everywhere);
- viewing them: whoever may view the agency.
"""

from gongkai.web.accounts import permissions
from gongkai.web.agencies.models import Agency

require = permissions.require


def recording_agencies(user):
    """The agencies whose records the user keeps, as one query."""
    return permissions.agencies_of(user)


def can_record(user, agency: Agency) -> bool:
    return permissions.is_admin(user) or recording_agencies(user).filter(pk=agency.pk).exists()


def can_view(user, agency: Agency) -> bool:
    return permissions.can_view_agency(user, agency)


def viewable_agencies(user):
    return permissions.viewable_agencies(user)
