"""Who may do what: the one place where permissions are decided.

Every view, service and API endpoint asks these functions; nothing else inspects roles.
- clerk: sees, edits and submits the reports of their agency;
- coordination office: sees every report of its jurisdiction, edits and submits the jurisdiction's
  own report (the compiled one), returns or approves the submitted reports of its agencies;
- reviewer (分管领导): sees every report of its jurisdiction, approves the jurisdiction's report,
  publishes approved reports and reopens a published one for correction;
- admin: everything.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from gongkai.web.accounts.models import Role
from gongkai.web.agencies.models import Agency

EDITABLE = ("draft", "returned")


def _roles(user) -> list[Role]:
    if not user.is_authenticated:
        return []
    if not hasattr(user, "_gongkai_roles"):
        user._gongkai_roles = list(user.roles.select_related("agency__parent"))
    return user._gongkai_roles


def is_admin(user) -> bool:
    return user.is_authenticated and (user.is_superuser or any(r.kind == Role.Kind.ADMIN for r in _roles(user)))


def role_kinds(user) -> set[str]:
    """The kinds of role the user holds; a superuser counts as an admin."""
    kinds = {role.kind for role in _roles(user)}
    if is_admin(user):
        kinds.add(Role.Kind.ADMIN)
    return kinds


def _acts_for(user, agency: Agency, *kinds: str) -> bool:
    """Whether one of the user's roles of ``kinds`` covers ``agency``."""
    for role in _roles(user):
        if role.kind not in kinds or role.scope is None:
            continue
        if role.kind == Role.Kind.CLERK and role.scope.pk == agency.pk:
            return True
        if role.kind != Role.Kind.CLERK and role.scope.contains(agency):
            return True
    return False


def jurisdictions_of(user) -> list[Agency]:
    """The jurisdictions whose dashboard the user may open."""
    if is_admin(user):
        return list(Agency.objects.filter(kind=Agency.Kind.GOVERNMENT))
    found = {role.scope.pk: role.scope for role in _roles(user)
             if role.kind in (Role.Kind.COORDINATION_OFFICE, Role.Kind.REVIEWER) and role.scope}
    return list(found.values())


def agencies_of(user) -> list[Agency]:
    """The agencies whose reports the user fills in."""
    if is_admin(user):
        return list(Agency.objects.all())
    agencies = {role.agency.pk: role.agency for role in _roles(user) if role.kind == Role.Kind.CLERK}
    for jurisdiction in jurisdictions_of(user):
        if _acts_for(user, jurisdiction, Role.Kind.COORDINATION_OFFICE):
            agencies[jurisdiction.pk] = jurisdiction
    return list(agencies.values())


def can_view_agency(user, agency: Agency) -> bool:
    return is_admin(user) or _acts_for(user, agency, Role.Kind.CLERK, Role.Kind.COORDINATION_OFFICE,
                                       Role.Kind.REVIEWER)


def viewable_agencies(user):
    """The agencies ``can_view_agency`` allows, as one query (a clerk's agency; an office's or a
    reviewer's jurisdiction by the prefix of its path), for lists that must not test them one by one."""
    if is_admin(user):
        return Agency.objects.all()
    condition = Q(pk__in=[])
    for role in _roles(user):
        if role.scope is None:
            continue
        condition |= Q(pk=role.scope.pk) if role.kind == Role.Kind.CLERK else Q(path__startswith=role.scope.path)
    return Agency.objects.filter(condition)


def can_create_report(user, agency: Agency) -> bool:
    if is_admin(user):
        return True
    if agency.is_jurisdiction:
        return _acts_for(user, agency, Role.Kind.COORDINATION_OFFICE)
    return _acts_for(user, agency, Role.Kind.CLERK)


def can_view_report(user, report) -> bool:
    return can_view_agency(user, report.agency)


def can_edit_report(user, report) -> bool:
    return report.status in EDITABLE and can_create_report(user, report.agency)


def can_submit_report(user, report) -> bool:
    return can_edit_report(user, report)


def can_review_report(user, report) -> bool:
    """Return with a comment or approve a submitted report: an agency's report is reviewed by the
    coordination office; the jurisdiction's own report, which that office compiled, by the reviewer."""
    if report.status != "submitted":
        return False
    if is_admin(user):
        return True
    if report.agency.is_jurisdiction:
        return _acts_for(user, report.agency, Role.Kind.REVIEWER)
    return _acts_for(user, report.agency, Role.Kind.COORDINATION_OFFICE, Role.Kind.REVIEWER)


def can_publish_report(user, report) -> bool:
    return report.status == "approved" and (is_admin(user) or _acts_for(user, report.agency, Role.Kind.REVIEWER))


def can_reopen_report(user, report) -> bool:
    return report.status == "published" and (is_admin(user) or _acts_for(user, report.agency, Role.Kind.REVIEWER))


def can_view_dashboard(user, jurisdiction: Agency) -> bool:
    return jurisdiction.is_jurisdiction and (
        is_admin(user) or _acts_for(user, jurisdiction, Role.Kind.COORDINATION_OFFICE, Role.Kind.REVIEWER))


def can_compile(user, jurisdiction: Agency) -> bool:
    return jurisdiction.is_jurisdiction and (
        is_admin(user) or _acts_for(user, jurisdiction, Role.Kind.COORDINATION_OFFICE))


def require(allowed: bool) -> None:
    """Refuse the request (HTTP 403) unless ``allowed``."""
    if not allowed:
        raise PermissionDenied("您没有执行此操作的权限。")
