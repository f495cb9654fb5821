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
from gongkai.web.agencies.models import Agency

require = permissions.require


def can_register(user, agency: Agency) -> bool:
    return any(candidate.pk == agency.pk for candidate in permissions.agencies_of(user))


def registering_agencies(user) -> list[Agency]:
    return permissions.agencies_of(user)


def can_view_register(user, agency: Agency) -> bool:
    return permissions.can_view_agency(user, agency)


def can_edit_taxonomy(user) -> bool:
    return permissions.is_admin(user) or any(
        permissions.can_compile(user, jurisdiction) for jurisdiction in permissions.jurisdictions_of(user))


def can_review_guide(user, agency: Agency) -> bool:
    jurisdiction = agency.jurisdiction
    return jurisdiction is not None and permissions.can_compile(user, jurisdiction)


def can_view_timeliness(user, jurisdiction: Agency) -> bool:
    return permissions.can_view_dashboard(user, jurisdiction)


def offices_of(user) -> list[Agency]:
    """The jurisdictions whose timeliness and guides the user oversees."""
    return [j for j in permissions.jurisdictions_of(user) if permissions.can_view_dashboard(user, j)]

