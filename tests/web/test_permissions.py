"""Every role × every page: allowed (the page or its redirect) or refused (403).

Roles: clerk (教育局), other_clerk (民政局), coordinator (九台区协调办), reviewer (九台区), admin,
outsider (双阳区协调办), nobody (signed in without a role).
"""

import pytest
from django.urls import reverse

from gongkai.web.accounts import permissions
from gongkai.web.reports import services
from gongkai.web.reports.models import AnnualReport
from tests.web.conftest import PARTIAL

ROLES = ["clerk", "other_clerk", "coordinator", "reviewer", "admin", "outsider", "nobody"]
VIEWERS = {"clerk", "coordinator", "reviewer", "admin"}
EDITORS = {"clerk", "admin"}
REVIEWERS = {"coordinator", "reviewer", "admin"}
PUBLISHERS = {"reviewer", "admin"}
OFFICE = {"coordinator", "admin"}
EVERYONE = set(ROLES)


def advance(report, world, status):
    """Take ``report`` through the workflow up to ``status``."""
    if status == "draft":
        return
    services.submit(report, world.admin)
    if status == "approved" or status == "published":
        services.approve(report, world.admin, override=PARTIAL)
    if status == "published":
        services.publish(report, world.admin, override=PARTIAL)


# (name, method, state of 教育局's report, target: url name and its arguments, post data, roles allowed)
CASES = [
    ("report_page", "get", "draft", ("reports:report", "report"), {}, VIEWERS),
    ("save_cells", "post", "draft", ("reports:save_cells", "report"), {"revision": "0"}, EDITORS),
    ("live_check", "post", "draft", ("reports:check", "report"), {}, VIEWERS),
    ("save_sections", "post", "draft", ("reports:save_sections", "report"), {"revision": "0"}, EDITORS),
    ("import_xlsx", "post", "draft", ("reports:import", "report"), {}, EDITORS),
    ("export_docx", "get", "draft", ("reports:export", "report", "docx"), {}, VIEWERS),
    ("export_xlsx", "get", "draft", ("reports:export", "report", "xlsx"), {}, VIEWERS),
    ("history", "get", "draft", ("reports:history", "report"), {}, VIEWERS),
    ("submit", "post", "draft", ("reports:submit", "report"), {}, EDITORS),
    ("return", "post", "submitted", ("reports:return", "report"), {"comment": "请补充"}, REVIEWERS),
    ("approve", "post", "submitted", ("reports:approve", "report"), {"override": PARTIAL}, REVIEWERS),
    ("publish_confirmation", "get", "approved", ("reports:publish", "report"), {}, PUBLISHERS),
    ("publish", "post", "approved", ("reports:publish", "report"), {"confirm": "1", "override": PARTIAL}, PUBLISHERS),
    ("reopen", "post", "published", ("reports:reopen", "report"), {"reason": "数据有误"}, PUBLISHERS),
    ("published_version", "get", "published", ("reports:version", "report", 1), {}, VIEWERS),
    ("dashboard", "get", "draft", ("reports:dashboard", "jurisdiction", 2016), {}, {"coordinator", "reviewer", "admin"}),
    ("compile", "post", "approved", ("reports:compile", "jurisdiction", 2016), {}, OFFICE),
    ("create_report", "post", "draft", ("reports:create", "education"), {"year": "2017"}, EDITORS),
    ("home", "get", "draft", ("reports:home",), {}, EVERYONE),
    # The jurisdiction's own report: compiled and edited by the office, approved by the reviewer only.
    ("edit_jurisdiction_report", "post", "draft", ("reports:save_cells", "own"), {"revision": "0"}, OFFICE),
    ("approve_jurisdiction_report", "post", "submitted", ("reports:approve", "own"), {"override": PARTIAL},
     {"reviewer", "admin"}),
]


def resolve(target, world, report, own):
    name, *args = target
    objects = {"report": report.pk, "own": own.pk, "jurisdiction": world.government.pk,
               "education": world.education.pk}
    return reverse(name, args=[objects.get(a, a) for a in args])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "method", "state", "target", "data", "allowed"), CASES, ids=[c[0] for c in CASES])
def test_role_may_or_may_not_open_page(client, world, report, role, name, method, state, target, data, allowed):
    own = services.create_report(world.government, 2016, world.admin)
    subject = own if target[1:2] == ("own",) else report
    advance(subject, world, state)
    client.force_login(getattr(world, role))
    response = getattr(client, method)(resolve(target, world, report, own), data)
    if role in allowed:
        assert response.status_code in (200, 302), response.content[:300]
    else:
        assert response.status_code == 403


def test_anonymous_is_sent_to_login(client, report):
    response = client.get(reverse("reports:report", args=[report.pk]))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_refused_action_changes_nothing(client, world, report):
    client.force_login(world.other_clerk)
    client.post(reverse("reports:save_cells", args=[report.pk]),
                {"revision": "0", "stats.proactive.items|value": "5"})
    client.post(reverse("reports:submit", args=[report.pk]))
    report.refresh_from_db()
    assert report.status == "draft" and report.revision == 0 and not report.cells.exists()


def test_clerk_sees_only_their_agency_on_the_home_page(client, world, report):
    services.create_report(world.civil, 2016, world.other_clerk)
    client.force_login(world.clerk)
    page = client.get(reverse("reports:home")).content.decode()
    assert "九台区教育局" in page and "九台区民政局" not in page


def test_submitted_report_is_no_longer_editable_by_its_clerk(client, world, report):
    services.submit(report, world.clerk)
    client.force_login(world.clerk)
    response = client.post(reverse("reports:save_cells", args=[report.pk]),
                           {"revision": str(report.revision), "stats.proactive.items|value": "5"})
    assert response.status_code == 403
    assert AnnualReport.objects.get(pk=report.pk).cells.count() == 0


@pytest.mark.parametrize("role", ["clerk", "other_clerk", "coordinator", "reviewer", "admin", "outsider", "nobody"])
def test_viewable_agencies_are_exactly_those_each_may_view(world, role):
    """The query that lists a user's agencies agrees with the check made on each one."""
    from gongkai.web.agencies.models import Agency

    user = getattr(world, role)
    Agency.objects.create(name="九台区第一中学", kind=Agency.Kind.PUBLIC_ENTERPRISE, parent=world.education)
    expected = {agency for agency in Agency.objects.all() if permissions.can_view_agency(user, agency)}
    assert set(permissions.viewable_agencies(user)) == expected
