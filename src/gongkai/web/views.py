"""The front door (``/``), the error pages and the favicon: pages that belong to no one app.

Under ``/api/`` an error is answered as JSON ``{"detail": …}`` in Chinese, as the API's own
refusals are (``gongkai.web.api``); elsewhere as a Chinese page in the platform's layout.
"""

from pathlib import Path

from django.http import FileResponse, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from gongkai.web import navigation, request_id
from gongkai.web.agencies.models import Agency
from gongkai.web.proactive import catalogue
from gongkai.web.reports import publication

LATEST_REPORTS = 6
FAVICON = Path(__file__).resolve().parents[1] / "static" / "favicon.svg"

ERRORS = {
    400: ("请求有误", "请求无法处理，请检查后重试。"),
    403: ("无权访问", "您没有执行此操作或查看此页面的权限。如需权限，请联系本行政区政务公开协调办公室。"),
    404: ("页面不存在", "您访问的页面不存在或已被删除，请检查网址是否正确。"),
    500: ("服务器内部错误", "服务器处理请求时出错，请稍后重试；问题持续存在的，请联系系统管理员。"),
}


@require_GET
def front_door(request):
    """政府信息公开: the catalogue's search, the public functions with what each is for, the latest
    published items and reports, and
    the sign-in for staff (a signed-in user finds the way to the workbench)."""
    reports = publication.published_reports()[:LATEST_REPORTS]
    governments = Agency.objects.filter(kind=Agency.Kind.GOVERNMENT)
    return render(request, "front_door.html", {
        "functions": [(label, url, link.description) for link in navigation.MENUS["public"]
                      for label, url in link.resolve(request.user)],
        "reports": [publication.listed(report) for report in reports],
        "latest_items": catalogue.published().select_related("agency")[:LATEST_REPORTS],
        "jurisdiction": governments.first() if governments.count() == 1 else None,
    })


def _error(request, status: int, exception=None):
    title, message = ERRORS[status]
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=status, json_dumps_params={"ensure_ascii": False})
    # Rendered without the request's context processors for a 500 (they may be what failed).
    context = {"title": title, "message": message, "status": status}
    if status == 500:
        context["request"] = request  # for the nonce of the page's styles (Content-Security-Policy)
        # The id the error's log lines carry, so that a user's report leads to the traceback.
        context["request_id"] = getattr(request, "request_id", request_id.current())
        return HttpResponse(loader.render_to_string("error.html", context), status=status)
    return render(request, "error.html", context, status=status)


def bad_request(request, exception):
    return _error(request, 400, exception)


def permission_denied(request, exception):
    return _error(request, 403, exception)


def page_not_found(request, exception):
    return _error(request, 404, exception)


def server_error(request):
    return _error(request, 500)


@require_GET
@cache_control(max_age=86400, public=True)
def favicon(request):
    return FileResponse(open(FAVICON, "rb"), content_type="image/svg+xml")
