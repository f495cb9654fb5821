"""The written documents' URLs, included under an application's ``<pk>/documents/`` (in the app's namespace)."""

from django.urls import path

from gongkai.web.applications import document_views

urlpatterns = [
    path("", document_views.document_list, name="documents"),
    path("<slug:kind>.docx", document_views.document, name="document"),
    path("<slug:kind>.pdf", document_views.document, {"to": "pdf"}, name="document_pdf"),
]
