"""The public pages: published annual reports for everyone, without signing in.

Only published versions are read (``publication``); a draft, a submitted or an approved report
never reaches these pages, and a report reopened for correction shows its last published version.
"""

from types import SimpleNamespace

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from gongkai.render import render as render_report
from gongkai.render.html import TABLE_CSS, render_html, render_table
from gongkai.render.layout import paragraphs, report_outline
from gongkai.web.agencies.models import Agency
from gongkai.web.reports import kept_pages, publication, published_cache

# Between the title, head and content blocks of ``public/report.html`` (see ``public/_parts.html``).
PARTS_SEPARATOR = "<!-- gongkai:part -->"


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@require_GET
def report_list(request):
    """Published reports, filtered by jurisdiction, agency and year (query parameters)."""
    jurisdiction_id, agency_id, year = (_int(request.GET.get(name)) for name in ("jurisdiction", "agency", "year"))
    jurisdiction = get_object_or_404(Agency, pk=jurisdiction_id, kind=Agency.Kind.GOVERNMENT) \
        if jurisdiction_id else None
    agency = get_object_or_404(Agency, pk=agency_id) if agency_id else None
    reports = publication.published_reports(jurisdiction=jurisdiction, agency=agency, year=year)
    agencies = publication.publishing_agencies()
    return render(request, "public/list.html", {
        "reports": [publication.listed(report) for report in reports],
        "jurisdictions": Agency.objects.filter(kind=Agency.Kind.GOVERNMENT),
        "agencies": agencies.filter(path__startswith=jurisdiction.path) if jurisdiction else agencies,
        "years": publication.published_years(),
        "jurisdiction": jurisdiction, "agency": agency, "year": year,
    })


def _published(pk: int, number: int | None):
    report = get_object_or_404(publication.published_reports(), pk=pk)
    versions = list(report.versions.all())
    version = versions[-1] if number is None else next((v for v in versions if v.number == number), None)
    if version is None:
        raise Http404
    return report, versions, version


def _state(pk: int, number: int | None) -> published_cache.Published:
    state = published_cache.published(pk, number)
    if state is None:
        raise Http404
    return state


@require_GET
def report_page(request, pk: int, number: int | None = None):
    """A published version in the official layout, with its charts, downloads and the other versions;
    built once per version and publication of its agency (``published_cache``). A visitor who is not
    signed in and has no message waiting gets the whole page as kept (``kept_pages``: conditional GET,
    gzip, and next time from the middleware); anyone else gets the kept report in a page rendered for
    them (their menu, their messages)."""
    state = _state(pk, number)
    key = f"page:{state.version_stamp}:{state.agency_stamp}"
    parts = published_cache.built_once(key, lambda: _page_parts(pk, state.number), local=True)
    if request.user.is_authenticated or messages.get_messages(request):
        return _page(request, parts, str(getattr(request, "csp_nonce", "")))
    page = published_cache.built_once(
        f"{key}:kept:{request.path}",
        lambda: kept_pages.KeptPage.of(_anonymous_page(request, parts), state.agency_published_at), local=True)
    response = page.response(request)
    response.kept_page = page
    return response


def _page(request, parts: tuple[str, str, str], nonce: str) -> HttpResponse:
    title, head, body = parts
    return render(request, "public/report_cached.html", {
        "title": title, "head": mark_safe(head.replace(published_cache.NONCE, nonce)),
        "body": mark_safe(body.replace(published_cache.NONCE, nonce))})


def _anonymous_page(request, parts: tuple[str, str, str]) -> str:
    """The page as every visitor who is not signed in sees it, with the nonce's placeholder."""
    nonce = str(getattr(request, "csp_nonce", ""))
    html = _page(request, parts, published_cache.NONCE).content.decode()
    return html.replace(nonce, published_cache.NONCE) if nonce else html


def _page_parts(pk: int, number: int) -> tuple[str, str, str]:
    """The page's title, head and content, rendered by ``public/report.html`` without a request."""
    report, versions, version = _published(pk, number)
    core = publication.version_core(version)
    outline = report_outline(core)
    year_charts, trend = publication.year_charts(core), publication.agency_trend(report.agency)
    sections = [{"heading": item.heading, "paragraphs": paragraphs(item.text),
                 "table": mark_safe(render_table(item.table, core.sheet)) if item.table else ""}
                for item in [*outline.body, *outline.appendices]]
    html = render_to_string("public/report.html", {
        "report": report, "core": core, "version": version, "versions": versions, "latest": versions[-1],
        "sections": sections, "table_css": mark_safe(TABLE_CSS),
        "charts": {"year": [chart.drawing() for chart in year_charts], "trend": [chart.drawing() for chart in trend]},
        "chart_tables": publication.chart_tables(year_charts, trend),
        "downloads": publication.DOWNLOADS,
        "request": SimpleNamespace(csp_nonce=published_cache.NONCE),
    })
    title, head, body = html.split(PARTS_SEPARATOR)
    return title.strip(), head, body


@require_GET
def download(request, pk: int, number: int, kind: str):
    """A rendition of one published version, rendered by the core from the frozen data once; ``html``
    is the printable full text."""
    if kind != "html" and kind not in publication.DOWNLOADS:
        raise Http404
    state = _state(pk, number)
    content, filename = published_cache.built_once(f"download:{state.version_stamp}:{kind}",
                                                   lambda: _rendition(pk, number, kind))
    if kind == "html":
        return HttpResponse(content)
    return HttpResponse(content, content_type=publication.DOWNLOADS[kind],
                        headers={"Content-Disposition": content_disposition_header(True, filename)})


def _rendition(pk: int, number: int, kind: str) -> tuple[bytes, str]:
    _, _, version = _published(pk, number)
    core = publication.version_core(version)
    content = render_html(core).encode("utf-8") if kind == "html" else render_report(core, kind)
    return content, f"{core.display_title}（第{version.number}版）.{kind}"
