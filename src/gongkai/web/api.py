"""The JSON API under ``/api/``: one router per app, mounted here; the OpenAPI document is
``/api/openapi.json`` and its browsable form ``/api/docs``."""

from django.core.exceptions import PermissionDenied
from ninja import NinjaAPI

from gongkai.web.applications import api as applications
from gongkai.web.reports.api import public_router, staff_router

api = NinjaAPI(title="政府信息公开工作平台 API", version="1", urls_namespace="api")
api.add_router("/", public_router)
api.add_router("/staff/", staff_router)
api.add_router("/", applications.public_router)
api.add_router("/staff/", applications.staff_router)


@api.exception_handler(PermissionDenied)
def permission_denied(request, error):
    # The same refusal as the pages (``permissions.require``), as JSON with status 403.
    return api.create_response(request, {"detail": str(error) or "您没有执行此操作的权限。"}, status=403)
