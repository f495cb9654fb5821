"""The written documents' pages: the documents an application's steps call for, and each one's DOCX or PDF.

Both only for those who handle the application: the documents name the applicant.
"""

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from gongkai.web.applications import documents, permissions
from gongkai.web.applications.models import Application
from gongkai.web.applications.services import ApplicationError


def _handled(request, pk: int) -> Application:
    application = get_object_or_404(Application.objects.select_related("agency"), pk=pk)
    permissions.require(permissions.can_handle(request.user, application.agency))
    return application


@login_required
def document_list(request, pk: int):
    application = _handled(request, pk)
    return render(request, "applications/documents.html", {
        "application": application, "documents": documents.applicable(application)})


@login_required
def document(request, pk: int, kind: str, to: str = "docx"):
    application = _handled(request, pk)
    event = request.GET.get("event")
    try:
        content = documents.render_document(application, kind, request.user,
                                            int(event) if event and event.isdigit() else None, to=to)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("applications:documents", pk=application.pk)
    response = HttpResponse(content, content_type=documents.MEDIA_TYPES[to])
    name = quote(documents.filename(application, kind, to))
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
    return response

