"""Public pages and the API: every role × every endpoint, and no draft ever reaches the public.

Roles: anonymous, clerk (教育局, the report's agency), other_clerk (民政局), coordinator (九台区
协调办), reviewer (九台区). 教育局's 2016 report was published with 3 applications received, then
reopened: its draft says 99, which only its own staff may see. 民政局's report was never published.
"""

import gzip
import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.render import render
from gongkai.render.opendata import cell_records
from gongkai.sheets import report_from_dict
from gongkai.web.reports import services
from tests.pdf_helpers import OPEN_CJK_FONTS, fonts, page_text
from tests.web.conftest import PARTIAL

RECEIVED = "stats.application.received|value"
ROLES = ["anonymous", "clerk", "other_clerk", "coordinator", "reviewer"]
EVERYONE = set(ROLES)
STAFF_VIEWERS = {"clerk", "coordinator", "reviewer"}
EDITORS = {"clerk"}
OFFICE = {"coordinator", "reviewer"}


def publish(report, world, values, note=""):
    """Fill ``report`` with ``values`` and take it through review to a new published version."""
    if report.status == "published":
        services.reopen(report, world.admin, note or "更正")
    services.save_cells(report, world.admin, values, report.revision)
    services.submit(report, world.admin)
    services.approve(report, world.admin, override=PARTIAL)
    return services.publish(report, world.admin, note, override=PARTIAL)


@pytest.fixture
def site(world, report):
    """The published-then-reopened 教育局 report, and 民政局's unpublished draft."""
    publish(report, world, {RECEIVED: "3", "stats.application.received.online|value": "3"})
    services.reopen(report, world.admin, "数据有误")
    services.save_cells(report, world.admin, {RECEIVED: "99"}, report.revision)
    world.published = report
    world.draft = services.create_report(world.civil, 2016, world.other_clerk)
    services.save_cells(world.draft, world.other_clerk, {RECEIVED: "77"}, world.draft.revision)
    return world


def as_role(client, world, role):
    if role != "anonymous":
        client.force_login(getattr(world, role))
    return client


def url(world, template):
    return template.format(published=world.published.pk, draft=world.draft.pk, agency=world.education.pk,
                           jurisdiction=world.government.pk)


# (name, url template, roles answered with 200; every other role gets ``refused``)
PUBLIC = [
    ("公开报告列表", "/public/", EVERYONE),
    ("按年度", "/public/?year=2016", EVERYONE),
    ("按单位", "/public/?agency={agency}", EVERYONE),
    ("按行政区", "/public/?jurisdiction={jurisdiction}", EVERYONE),
    ("公开报告", "/public/reports/{published}/", EVERYONE),
    ("公开版本", "/public/reports/{published}/versions/1/", EVERYONE),
    ("打印版全文", "/public/reports/{published}/versions/1/html/", EVERYONE),
    ("下载PDF", "/public/reports/{published}/versions/1/pdf/", EVERYONE),
    ("下载DOCX", "/public/reports/{published}/versions/1/docx/", EVERYONE),
    ("下载XLSX", "/public/reports/{published}/versions/1/xlsx/", EVERYONE),
    ("下载JSON", "/public/reports/{published}/versions/1/json/", EVERYONE),
    ("下载CSV", "/public/reports/{published}/versions/1/csv/", EVERYONE),
    ("未公开的报告", "/public/reports/{draft}/", set()),
    ("未公开报告的下载", "/public/reports/{draft}/versions/1/json/", set()),
    ("不存在的版本", "/public/reports/{published}/versions/2/", set()),
    ("API 报告列表", "/api/reports", EVERYONE),
    ("API 报告", "/api/reports/{published}", EVERYONE),
    ("API 统计数", "/api/reports/{published}/cells", EVERYONE),
    ("API 未公开的报告", "/api/reports/{draft}", set()),
    ("API 未公开报告的统计数", "/api/reports/{draft}/cells", set()),
    ("OpenAPI", "/api/openapi.json", EVERYONE),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "template", "allowed"), PUBLIC, ids=[c[0] for c in PUBLIC])
def test_public_endpoint(client, site, role, name, template, allowed):
    response = as_role(client, site, role).get(url(site, template))
    assert response.status_code == (200 if role in allowed else 404)


# (name, method, url template, body, roles answered with 2xx); anonymous gets 401, others 403.
STAFF = [
    ("报告状态", "get", "/api/staff/reports/{published}", None, STAFF_VIEWERS),
    ("当前统计数", "get", "/api/staff/reports/{published}/cells", None, STAFF_VIEWERS),
    ("核对结果", "get", "/api/staff/reports/{published}/findings", None, STAFF_VIEWERS),
    ("保存统计数", "put", "/api/staff/reports/{published}/cells", {"values": {RECEIVED: 5}}, EDITORS),
    ("报送情况", "get", "/api/staff/jurisdictions/{jurisdiction}/years/2016/submissions", None, OFFICE),
    ("民政局的草稿", "get", "/api/staff/reports/{draft}/cells", None, {"other_clerk", "coordinator", "reviewer"}),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "method", "template", "body", "allowed"), STAFF, ids=[c[0] for c in STAFF])
def test_staff_endpoint(client, site, role, name, method, template, body, allowed):
    if body is not None:
        body = {**body, "revision": site.published.revision}
    response = getattr(as_role(client, site, role), method)(
        url(site, template), json.dumps(body) if body else None, content_type="application/json")
    expected = 200 if role in allowed else 401 if role == "anonymous" else 403
    assert response.status_code == expected, response.content[:300]


def published_value(page: str, key: str) -> str:
    return re.search(rf'data-key="{re.escape(key)}"[^>]*>([^<]*)<', page).group(1)


def test_public_page_shows_the_published_version_not_the_draft(client, site):
    page = client.get(f"/public/reports/{site.published.pk}/").content.decode()
    assert published_value(page, RECEIVED) == "3"
    assert "99" not in re.findall(r">(\d+)<", page)
    listing = client.get("/public/").content.decode()
    assert "九台区教育局" in listing and "九台区民政局" not in listing


def test_api_never_exposes_a_draft(client, site):
    reports = client.get("/api/reports").json()
    assert [r["id"] for r in reports] == [site.published.pk]
    cells = {c["key"]: c["value"] for c in client.get(f"/api/reports/{site.published.pk}/cells").json()}
    assert cells[RECEIVED] == 3


def test_api_cells_are_the_core_open_data_records(client, site):
    version = site.published.versions.get()
    assert client.get(f"/api/reports/{site.published.pk}/cells").json() == cell_records(
        report_from_dict(version.data))


def test_downloads_are_the_core_renditions_of_the_frozen_version(client, site):
    core = report_from_dict(site.published.versions.get().data)
    for kind in ("json", "csv", "xlsx"):
        response = client.get(f"/public/reports/{site.published.pk}/versions/1/{kind}/")
        assert "attachment" in response["Content-Disposition"]
        if kind != "xlsx":  # the workbook's zip carries a timestamp
            assert response.content == render(core, kind)
    assert client.get(f"/public/reports/{site.published.pk}/versions/1/odt/").status_code == 404


def test_an_older_version_stays_readable_and_is_marked_superseded(client, site):
    publish(site.published, site, {RECEIVED: "4"}, note="更正收到申请数")
    old = client.get(f"/public/reports/{site.published.pk}/versions/1/").content.decode()
    current = client.get(f"/public/reports/{site.published.pk}/").content.decode()
    assert "本版本已被更正" in old and published_value(old, RECEIVED) == "3"
    assert "本版本已被更正" not in current and published_value(current, RECEIVED) == "4"
    assert "更正收到申请数" in current
    detail = client.get(f"/api/reports/{site.published.pk}").json()
    assert [(v["number"], v["superseded"]) for v in detail["versions"]] == [(1, True), (2, False)]
    assert [c["value"] for c in client.get(f"/api/reports/{site.published.pk}/cells?version=1").json()
            if c["key"] == RECEIVED] == [3]


def test_charts_carry_the_year_and_the_agency_trend(client, site):
    later = services.create_report(site.education, 2017, site.clerk)
    publish(later, site, {RECEIVED: "8", "stats.application.replies.granted|value": "8"})
    page = client.get(f"/public/reports/{later.pk}/").content.decode()
    data = json.loads(re.search(r'<script id="chart-data" type="application/json">(.*?)</script>', page, re.S)
                      .group(1))
    replies = data["year"][0]  # 收到申请的方式 and 主动公开渠道 have no values: left out, not drawn empty
    assert len(data["year"]) == 1 and replies["title"] == "申请答复情况"
    assert replies["values"][1] == 8 and replies["values"][0] is None  # not reported is a gap, not zero
    applications = next(s for s in data["trend"] if s["title"] == "收到申请数")
    assert applications["labels"] == ["2016", "2017"] and applications["values"] == [3, 8]
    assert "echarts.min.js" in page and "cdn" not in page.lower()


def test_list_filters_by_jurisdiction_agency_and_year(client, site):
    assert "九台区教育局" in client.get(f"/public/?jurisdiction={site.government.pk}").content.decode()
    for query in (f"jurisdiction={site.other.pk}", "year=2015", f"agency={site.civil.pk}"):
        assert "九台区教育局" not in client.get(f"/public/?{query}").content.decode().split("</form>")[1]
    assert client.get(f"/api/reports?jurisdiction={site.other.pk}").json() == []
    assert len(client.get("/api/reports?year=2016").json()) == 1


def test_the_api_docs_work_offline(client):
    """The browsable docs load Swagger UI from the installation's static files: no CDN (the pages must
    work without internet)."""
    import re

    page = client.get("/api/docs").content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert assets and not [asset for asset in assets if asset.startswith("http")]
    for asset in assets:
        assert client.get(asset).status_code == 200, asset


def test_openapi_document_lists_the_paths(client, site):
    document = json.loads(client.get("/api/openapi.json").content)
    assert document["openapi"].startswith("3.")
    assert {"/api/reports", "/api/reports/{report_id}", "/api/reports/{report_id}/cells",
            "/api/staff/reports/{report_id}/cells", "/api/staff/reports/{report_id}/findings",
            "/api/staff/jurisdictions/{jurisdiction_id}/years/{year}/submissions"} <= set(document["paths"])


def test_saving_cells_through_the_api_checks_revision_and_values(client, site):
    client.force_login(site.clerk)
    path = f"/api/staff/reports/{site.published.pk}/cells"
    revision = site.published.revision

    def put(body):
        return client.put(path, json.dumps(body), content_type="application/json")

    saved = put({"revision": revision, "values": {RECEIVED: "12", "stats.fees|value": "0.5"}})
    assert saved.status_code == 200 and saved.json() == {"revision": revision + 1, "changed": 2}
    stale = put({"revision": revision, "values": {RECEIVED: "13"}})
    assert stale.status_code == 409 and "他人修改" in stale.json()["detail"]
    invalid = put({"revision": revision + 1, "values": {RECEIVED: "-1"}})
    assert invalid.status_code == 422 and RECEIVED in invalid.json()["errors"]
    cleared = put({"revision": revision + 1, "values": {RECEIVED: None}})
    assert cleared.status_code == 200
    cells = client.get(path).json()
    assert cells["revision"] == revision + 2
    assert {c["key"]: c["value"] for c in cells["cells"]}["stats.fees|value"] == "0.5"
    assert {c["key"]: c["value"] for c in cells["cells"]}[RECEIVED] is None
    # The public still sees the published version.
    assert published_value(Client().get(f"/public/reports/{site.published.pk}/").content.decode(), RECEIVED) == "3"


def test_api_writes_need_the_csrf_token(site):
    client = Client(enforce_csrf_checks=True)
    client.force_login(site.clerk)
    path = f"/api/staff/reports/{site.published.pk}/cells"
    body = json.dumps({"revision": site.published.revision, "values": {RECEIVED: "12"}})
    assert client.put(path, body, content_type="application/json").status_code == 403
    token = client.get(reverse("reports:home")).context["csrf_token"]  # as a signed-in page offers it
    response = client.put(path, body, content_type="application/json", headers={"X-CSRFToken": str(token)})
    assert response.status_code == 200


def test_findings_and_submissions_for_the_office(client, site):
    client.force_login(site.coordinator)
    services.save_cells(site.published, site.admin, {"stats.proactive.items|value": "5",
                                                     "stats.proactive.channels.website|value": "9"},
                        site.published.revision)
    findings = client.get(f"/api/staff/reports/{site.published.pk}/findings").json()
    assert any(f["rule"] == "L-6" and "stats.proactive.channels.website|value" in f["cells"] for f in findings)
    rows = {r["agency"]: r for r in client.get(
        f"/api/staff/jurisdictions/{site.government.pk}/years/2016/submissions").json()}
    assert rows["九台区教育局"]["status"] == "draft" and rows["九台区教育局"]["published_versions"] == 1
    assert rows["其塔木镇人民政府"]["report_id"] is None


def test_a_published_version_is_built_once_then_served_without_a_query(client, site, django_assert_num_queries):
    page = f"/public/reports/{site.published.pk}/"
    first = client.get(page)
    with django_assert_num_queries(0):  # nothing published since: the page and what it shows are kept
        again = client.get(page)
    nonces = [re.findall(r'nonce="([^"]+)"', response.content.decode()) for response in (first, again)]
    assert nonces[0] and nonces[1] and set(nonces[0]).isdisjoint(nonces[1])  # each response its own nonce
    for response, (nonce, *_) in zip((first, again), nonces, strict=True):
        assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
    assert again.content.decode().replace(nonces[1][0], "N") == first.content.decode().replace(nonces[0][0], "N")
    assert "下载 PDF" in again.content.decode()
    pdf = f"/public/reports/{site.published.pk}/versions/1/pdf/"
    built = client.get(pdf)
    with django_assert_num_queries(0):
        kept = client.get(pdf)
    assert kept.content == built.content and kept["Content-Type"] == "application/pdf"
    assert built.content.startswith(b"%PDF") and ".pdf" in built["Content-Disposition"]


def test_the_pdf_download_embeds_the_open_cjk_fonts(client, site):
    pdf = client.get(f"/public/reports/{site.published.pk}/versions/1/pdf/").content
    assert "九台区教育局" in page_text(pdf)[0]
    assert fonts(pdf) == OPEN_CJK_FONTS  # (name, embedded)


def test_a_kept_page_changes_when_its_agency_publishes_again(client, site):
    old = f"/public/reports/{site.published.pk}/versions/1/"
    assert "本版本已被更正" not in client.get(old).content.decode()
    publish(site.published, site, {RECEIVED: "4"}, note="更正收到申请数")
    assert "本版本已被更正" in client.get(old).content.decode()
    assert 'data-chart="trend"' not in client.get(old).content.decode()
    publish(services.create_report(site.education, 2017, site.clerk), site, {RECEIVED: "8"})
    assert 'data-chart="trend"' in client.get(old).content.decode()  # the agency's years, now two


def test_a_kept_page_shows_each_visitor_their_own_header(client, site):
    page = f"/public/reports/{site.published.pk}/"
    anonymous = client.get(page).content.decode()
    assert "工作人员登录" in anonymous and "退出" not in anonymous
    client.force_login(site.clerk)
    signed_in = client.get(page).content.decode()
    assert "退出" in signed_in and "工作人员登录" not in signed_in
    assert published_value(signed_in, RECEIVED) == published_value(anonymous, RECEIVED) == "3"
    client.logout()
    assert "退出" not in client.get(page).content.decode()


def test_a_browser_that_has_the_page_is_told_it_has_not_changed(client, site):
    """Conditional GET: the page's entity tag and last modification answer 304 without a body (and so
    without a CSP header, which would not match the nonce in the browser's copy), still cacheable."""
    page = f"/public/reports/{site.published.pk}/"
    first = client.get(page)
    assert first["ETag"].startswith('W/"') and first["Last-Modified"]
    for condition in ({"HTTP_IF_NONE_MATCH": first["ETag"]}, {"HTTP_IF_MODIFIED_SINCE": first["Last-Modified"]}):
        again = client.get(page, **condition)
        assert again.status_code == 304 and again.content == b""
        assert "Content-Security-Policy" not in again and "no-store" not in again.get("Cache-Control", "")
        assert again["ETag"] == first["ETag"]
    assert client.get(page, HTTP_IF_NONE_MATCH='W/"another"').status_code == 200


def test_the_kept_page_is_answered_gzipped_with_its_own_nonce(client, site):
    page = f"/public/reports/{site.published.pk}/"
    plain = client.get(page)
    for _ in range(2):  # built by the view, then answered by the middleware: the same page and headers
        zipped = client.get(page, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
        assert zipped["Content-Encoding"] == "gzip" and "Accept-Encoding" in zipped["Vary"]
        assert int(zipped["Content-Length"]) == len(zipped.content) < len(plain.content) / 2
        assert zipped["X-Frame-Options"] == plain["X-Frame-Options"] and "Cookie" in zipped["Vary"]
        html = gzip.decompress(zipped.content).decode()
        nonce = re.search(r'nonce="([^"]+)"', html)[1]
        assert f"'nonce-{nonce}'" in zipped["Content-Security-Policy"] and nonce not in plain.content.decode()
        assert html.replace(nonce, "N") == plain.content.decode().replace(
            re.search(r'nonce="([^"]+)"', plain.content.decode())[1], "N")


def test_a_new_publication_is_a_new_page_for_a_browser_that_kept_the_old_one(client, site):
    page, old = f"/public/reports/{site.published.pk}/", f"/public/reports/{site.published.pk}/versions/1/"
    kept = {path: client.get(path) for path in (page, old)}
    publish(site.published, site, {RECEIVED: "4"}, note="更正收到申请数")
    for path, response in kept.items():
        again = client.get(path, HTTP_IF_NONE_MATCH=response["ETag"])
        assert again.status_code == 200 and again["ETag"] != response["ETag"]
    assert published_value(client.get(page).content.decode(), RECEIVED) == "4"
    assert "本版本已被更正" in client.get(old).content.decode()
