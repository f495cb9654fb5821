"""Roles and the agencies they cover: the one place where roles are inspected.

Each app decides its own permissions in its ``permissions`` module (reports, applications …) in terms
of these functions; nothing else reads roles.
- clerk: acts for their agency;
- coordination office and reviewer (分管领导): act for their jurisdiction's whole subtree;
- admin: everything.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from gongkai.web.accounts.models import Role
from gongkai.web.agencies.models import Agency


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


def acts_for(user, agency: Agency, *kinds: str) -> bool:
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


def agencies_of(user):
    """The agencies whose reports the user fills in (and whose applications they handle), as one query:
    a clerk's agency; each jurisdiction the user sees whose coordination office the user is."""
    if is_admin(user):
        return Agency.objects.all()
    ids = {role.agency_id for role in _roles(user) if role.kind == Role.Kind.CLERK}
    ids |= {jurisdiction.pk for jurisdiction in jurisdictions_of(user)
            if acts_for(user, jurisdiction, Role.Kind.COORDINATION_OFFICE)}
    return Agency.objects.filter(pk__in=ids).order_by("pk")


def does_work_of(user, agency: Agency) -> bool:
    """Whether ``agency`` is one of ``agencies_of(user)``: who handles its applications and complaints."""
    return is_admin(user) or agencies_of(user).filter(pk=agency.pk).exists()


def can_view_agency(user, agency: Agency) -> bool:
    return is_admin(user) or acts_for(user, agency, Role.Kind.CLERK, Role.Kind.COORDINATION_OFFICE,
                                       Role.Kind.REVIEWER)


def viewable_agencies(user, kinds: tuple[str, ...] | None = None):
    """The agencies ``can_view_agency`` allows (or ``acts_for`` with ``kinds``), as one query (a clerk's
    agency; an office's or a reviewer's jurisdiction by the prefix of its path), for lists that must not
    test them one by one."""
    if is_admin(user):
        return Agency.objects.all()
    condition = Q(pk__in=[])
    for role in _roles(user):
        if role.scope is None or (kinds is not None and role.kind not in kinds):
            continue
        condition |= Q(pk=role.scope.pk) if role.kind == Role.Kind.CLERK else Q(path__startswith=role.scope.path)
    return Agency.objects.filter(condition)


def require(allowed: bool) -> None:
    """Refuse the request (HTTP 403) unless ``allowed``."""
    if not allowed:
        raise PermissionDenied("您没有执行此操作的权限。")


def can_manage_lockouts(user) -> bool:
    """Open the page of sign-in lockouts: the admin and the coordination offices."""
    return is_admin(user) or any(role.kind == Role.Kind.COORDINATION_OFFICE and role.scope for role in _roles(user))


def can_unlock_account(user, account) -> bool:
    """The admin unlocks any account; a coordination office those whose every role lies within its
    jurisdiction (an account of no role, or of another jurisdiction, is the admin's)."""
    if is_admin(user):
        return True
    if account is None or not can_manage_lockouts(user):
        return False
    roles = list(account.roles.select_related("agency"))
    return bool(roles) and all(role.agency and acts_for(user, role.agency, Role.Kind.COORDINATION_OFFICE)
                               for role in roles)


def can_unlock_address(user) -> bool:
    """An address may be shared by people of any jurisdiction: only the admin unlocks it."""
    return is_admin(user)
