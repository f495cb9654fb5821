"""Who may do what with annual reports, in terms of ``accounts.permissions`` (where roles are decided).

- clerk: sees, edits and submits the reports of their agency;
- coordination office: sees every report of its jurisdiction, edits and submits the jurisdiction's
  own report (the compiled one), returns or approves the submitted reports of its agencies;
- reviewer (分管领导): sees every report of its jurisdiction, approves the jurisdiction's report,
  publishes approved reports and reopens a published one for correction;
- admin: everything.
"""

from gongkai.web.accounts import permissions as roles
from gongkai.web.accounts.models import Role
from gongkai.web.agencies.models import Agency
from gongkai.web.reports.models import AnnualReport

EDITABLE = (AnnualReport.Status.DRAFT, AnnualReport.Status.RETURNED)
# What the reports app asks about roles, under the names its modules use.
require, is_admin, role_kinds = roles.require, roles.is_admin, roles.role_kinds
agencies_of, jurisdictions_of, viewable_agencies = roles.agencies_of, roles.jurisdictions_of, roles.viewable_agencies


def can_create_report(user, agency: Agency) -> bool:
    if roles.is_admin(user):
        return True
    if agency.is_jurisdiction:
        return roles.acts_for(user, agency, Role.Kind.COORDINATION_OFFICE)
    return roles.acts_for(user, agency, Role.Kind.CLERK)


def can_import_report(user, agency: Agency) -> bool:
    """Record a report the agency published before (or outside) the platform: its clerk, the
    coordination office of its jurisdiction, an admin."""
    return roles.is_admin(user) or roles.acts_for(user, agency, Role.Kind.CLERK, Role.Kind.COORDINATION_OFFICE)


def importing_agencies(user):
    """The agencies ``can_import_report`` allows, as one query."""
    return roles.viewable_agencies(user, (Role.Kind.CLERK, Role.Kind.COORDINATION_OFFICE)).order_by("path")


def can_view_report(user, report) -> bool:
    return roles.can_view_agency(user, report.agency)


def can_edit_report(user, report) -> bool:
    return report.status in EDITABLE and can_create_report(user, report.agency)


def can_submit_report(user, report) -> bool:
    return can_edit_report(user, report)


def can_review_report(user, report) -> bool:
    """Return with a comment or approve a submitted report: an agency's report is reviewed by the
    coordination office; the jurisdiction's own report, which that office compiled, by the reviewer."""
    if report.status != AnnualReport.Status.SUBMITTED:
        return False
    if roles.is_admin(user):
        return True
    if report.agency.is_jurisdiction:
        return roles.acts_for(user, report.agency, Role.Kind.REVIEWER)
    return roles.acts_for(user, report.agency, Role.Kind.COORDINATION_OFFICE, Role.Kind.REVIEWER)


def can_publish_report(user, report) -> bool:
    return report.status == AnnualReport.Status.APPROVED and (
        roles.is_admin(user) or roles.acts_for(user, report.agency, Role.Kind.REVIEWER))


def can_reopen_report(user, report) -> bool:
    return report.status == AnnualReport.Status.PUBLISHED and (
        roles.is_admin(user) or roles.acts_for(user, report.agency, Role.Kind.REVIEWER))


def can_view_dashboard(user, jurisdiction: Agency) -> bool:
    return jurisdiction.is_jurisdiction and (
        roles.is_admin(user)
        or roles.acts_for(user, jurisdiction, Role.Kind.COORDINATION_OFFICE, Role.Kind.REVIEWER))


def can_compile(user, jurisdiction: Agency) -> bool:
    return jurisdiction.is_jurisdiction and (
        roles.is_admin(user) or roles.acts_for(user, jurisdiction, Role.Kind.COORDINATION_OFFICE))


def edits_settings(user) -> bool:
    """The installation's settings (holidays, document and narrative templates): a coordination office
    or an admin edits them."""
    return roles.is_admin(user) or any(can_compile(user, jurisdiction) for jurisdiction in jurisdictions_of(user))


can_edit_narrative_templates = edits_settings
