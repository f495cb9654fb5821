"""The JSON API under ``/api/``: one router per app, mounted here; the OpenAPI document is
``/api/openapi.json`` and its browsable form ``/api/docs``.

Every refusal is answered in Chinese as ``{"detail": …}``, the way the pages word it: the handlers
below replace django-ninja's English defaults for a refused permission, a request that cannot be
read, a missing sign-in, an object that does not exist, and parameters that do not validate (these also
list the fields in ``errors``).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

from gongkai.web.applications import api as applications
from gongkai.web.proactive import api as proactive
from gongkai.web.reports.api import public_router, staff_router
from gongkai.web.supervision import api as supervision


class ChineseAPI(NinjaAPI):
    """The API whose document (and so /api/docs) speaks Chinese: each operation has its Chinese summary;
    the docstrings django-ninja would add as descriptions are the code's English comments."""

    def get_openapi_schema(self, **kwargs):
        schema = super().get_openapi_schema(**kwargs)
        for operations in schema["paths"].values():
            for operation in operations.values():
                operation.pop("description", None)
        return schema


api = ChineseAPI(title="政府信息公开工作平台 API", version="1", urls_namespace="api",
                 description="政府信息公开工作平台的数据接口：已公开的年度报告及其统计数向所有人开放；"
                             "/api/staff/ 下的接口供工作人员登录后使用。")
api.add_router("/", public_router)
api.add_router("/staff/", staff_router)
api.add_router("/", applications.public_router)
api.add_router("/staff/", applications.staff_router)
api.add_router("/", proactive.public_router)
api.add_router("/staff/", proactive.staff_router)
api.add_router("/staff/", supervision.staff_router)

# django-ninja's own refusals, by status (our endpoints answer with their own messages).
HTTP_ERRORS = {400: "请求内容无法解析，应为有效的 JSON。", 401: "请先登录。", 403: "您没有执行此操作的权限。",
               404: "请求的对象不存在。", 429: "请求过于频繁，请稍后再试。"}


def _problem(error: dict) -> str:
    """One pydantic error in words; its ``type`` decides, its ``ctx`` gives the bound."""
    kind, context = error.get("type", ""), error.get("ctx") or {}
    if kind == "missing":
        return "必须填写"
    if kind.startswith("int_"):
        return "应为整数"
    if kind.startswith(("float_", "decimal_")):
        return "应为数字"
    if kind.startswith("bool_"):
        return "应为 true 或 false"
    if kind.startswith(("date_", "datetime_")):
        return "应为日期（YYYY-MM-DD）"
    if kind == "greater_than_equal":
        return f"应不小于 {context.get('ge')}"
    if kind == "less_than_equal":
        return f"应不大于 {context.get('le')}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return "应为 JSON 对象"
    if kind == "list_type":
        return "应为列表"
    if kind == "string_type":
        return "应为文字"
    return "不符合要求"


@api.exception_handler(ValidationError)
def invalid_parameters(request, error):
    # loc: ("body", "payload", "revision"), ("query", "limit"), …; the field is what the caller wrote.
    errors = {}
    for item in error.errors:
        place = [str(part) for part in item.get("loc", ()) if part not in ("body", "query", "path", "payload")]
        errors[".".join(place) or "请求内容"] = _problem(item)
    detail = "请求参数不符合要求：" + "；".join(f"{field}{problem}" for field, problem in errors.items()) + "。"
    return api.create_response(request, {"detail": detail, "errors": errors}, status=422)


@api.exception_handler(HttpError)
def refused_request(request, error):
    message = HTTP_ERRORS.get(error.status_code, str(error))
    return api.create_response(request, {"detail": message}, status=error.status_code)


@api.exception_handler(PermissionDenied)
def permission_denied(request, error):
    # The same refusal as the pages (``permissions.require``), as JSON with status 403.
    return api.create_response(request, {"detail": str(error) or HTTP_ERRORS[403]}, status=403)


@api.exception_handler(Http404)
def not_found(request, error):
    # get_object_or_404 says "No AnnualReport matches the given query." in English; the API says it in Chinese.
    return api.create_response(request, {"detail": HTTP_ERRORS[404]}, status=404)
