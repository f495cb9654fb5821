"""Who may do what with the register, in terms of ``accounts.permissions`` (where roles are decided).

- registering, editing, publishing and withdrawing an agency's items, importing them, writing its
  指南: whoever handles the agency's work (its clerk; the coordination office for its government's own
  items; an admin);
- seeing an agency's register (drafts and history included): whoever may view the agency;
- editing the taxonomy (主题分类, 体裁) and the agencies' catalogue particulars: the coordination office
  of any jurisdiction, or an admin;
- reviewing and publishing a 指南, and the timeliness page of a jurisdiction: its coordination office
  (or an admin);
- the catalogue, published items, published 指南 and the feeds: anyone.
"""

from gongkai.web.accounts import permissions
from gongkai.web.accounts.models import Role
from gongkai.web.agencies.models import Agency

require = permissions.require
OFFICE = Role.Kind.COORDINATION_OFFICE


def registering_agencies(user):
    """The agencies whose items the user registers, as one query."""
    return permissions.agencies_of(user)


def can_register(user, agency: Agency) -> bool:
    return permissions.is_admin(user) or registering_agencies(user).filter(pk=agency.pk).exists()


def can_view_register(user, agency: Agency) -> bool:
    return permissions.can_view_agency(user, agency)


def _is_office_of(user, jurisdiction: Agency | None) -> bool:
    return jurisdiction is not None and jurisdiction.is_jurisdiction and (
        permissions.is_admin(user) or permissions.acts_for(user, jurisdiction, OFFICE))


def can_edit_taxonomy(user) -> bool:
    return permissions.is_admin(user) or any(_is_office_of(user, j) for j in permissions.jurisdictions_of(user))


def can_review_guide(user, agency: Agency) -> bool:
    return _is_office_of(user, agency.jurisdiction)


def can_view_timeliness(user, jurisdiction: Agency) -> bool:
    return _is_office_of(user, jurisdiction)


def offices_of(user) -> list[Agency]:
    """The jurisdictions whose timeliness and guides the user oversees."""
    return [j for j in permissions.jurisdictions_of(user) if _is_office_of(user, j)]
