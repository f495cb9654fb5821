"""Who may do what with supervision, in terms of ``accounts.permissions``.

- issuing a bulletin, previewing a draft, recording a spot check and its rectifications: the
  jurisdiction's coordination office (and the admin);
- reading the issued bulletins of a jurisdiction: whoever views the jurisdiction (office, reviewer) and
  the clerks of its agencies, whom the bulletin ranks;
- answering a rectification: the clerk of the agency it is asked of (and the admin).
"""

from gongkai.web.accounts import permissions
from gongkai.web.accounts.models import Role
from gongkai.web.agencies.models import Agency

require = permissions.require


def can_supervise(user, jurisdiction: Agency) -> bool:
    return jurisdiction.is_jurisdiction and (
        permissions.is_admin(user) or permissions.acts_for(user, jurisdiction, Role.Kind.COORDINATION_OFFICE))


def can_read_bulletins(user, jurisdiction: Agency) -> bool:
    return jurisdiction.is_jurisdiction and (
        permissions.can_view_agency(user, jurisdiction)
        or permissions.viewable_agencies(user).filter(path__startswith=jurisdiction.path).exists())


def can_answer(user, agency: Agency) -> bool:
    return permissions.is_admin(user) or permissions.acts_for(user, agency, Role.Kind.CLERK)


def can_view_check(user, jurisdiction: Agency) -> bool:
    return permissions.can_view_agency(user, jurisdiction)


def supervised_jurisdictions(user) -> list[Agency]:
    return [j for j in permissions.jurisdictions_of(user) if can_supervise(user, j)]


def bulletin_jurisdictions(user) -> list[Agency]:
    """The jurisdictions whose bulletins concern the user: those they view, and those of their agencies."""
    found = {j.pk: j for j in permissions.jurisdictions_of(user)}
    if not permissions.is_admin(user):
        for agency in permissions.agencies_of(user).select_related("parent"):
            jurisdiction = agency.jurisdiction
            if jurisdiction is not None:
                found.setdefault(jurisdiction.pk, jurisdiction)
    return list(found.values())


def viewable_agencies(user):
    return permissions.viewable_agencies(user)
