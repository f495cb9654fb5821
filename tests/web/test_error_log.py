"""Operators see errors: a failure is logged to stderr with its traceback and the request's id, and
the Chinese 500 page shows the user the same id (issue 10, item 8)."""

import io
import logging
import re

import pytest
from django.test import Client

from gongkai.web.reports import publication


@pytest.fixture
def log_stream():
    """The stream of the configured stderr handler, swapped for one the test can read."""
    handler = next(h for h in logging.getLogger("django.request").handlers if h.name == "stderr")
    stream = io.StringIO()
    # Swapped without setStream, which flushes the old stream: under pytest it is the capture of an
    # earlier test, already closed.
    previous, handler.stream = handler.stream, stream
    yield stream
    handler.stream = previous


def test_a_failure_is_logged_with_its_traceback_and_the_page_shows_the_same_request_id(db, monkeypatch, log_stream):
    def broken(**filters):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(publication, "published_reports", broken)
    response = Client(raise_request_exception=False).get("/public/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "服务器内部错误" in page
    shown = re.search(r'<code class="request-id">([0-9a-f]{16})</code>', page).group(1)
    assert response["X-Request-ID"] == shown
    log = log_stream.getvalue()
    assert f"ERROR [request {shown}] django.request: Internal Server Error: /public/" in log
    assert "Traceback (most recent call last)" in log
    assert "RuntimeError: the database went away" in log


def test_every_response_carries_a_request_id_and_a_proxys_id_is_kept(db):
    first, second = Client().get("/public/"), Client().get("/public/")
    assert re.fullmatch(r"[0-9a-f]{16}", first["X-Request-ID"])
    assert first["X-Request-ID"] != second["X-Request-ID"]
    assert Client().get("/public/", headers={"X-Request-ID": "proxy-1234abcd"})["X-Request-ID"] == "proxy-1234abcd"
    # A header that could forge log lines is replaced, not echoed.
    forged = Client().get("/public/", headers={"X-Request-ID": "x\nERROR fake"})["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{16}", forged)
