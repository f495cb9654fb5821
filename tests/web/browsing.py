"""Helpers of the browser tests (Playwright driving Debian's /usr/bin/chromium); the fixture
``browser`` is in conftest (and every web test hashes passwords with ``fast_passwords``).

A browser test takes the ``browser`` fixture (one Chromium per module; each test opens its own
contexts with ``new_page`` and closes them) and is thereby marked ``browser``: make test runs it once,
in the PostgreSQL pass, since what a page shows does not depend on the database. What is SQLite's own
is tested without a browser. Run them alone with ``pytest -m browser``, the rest with ``-m "not browser"``.

Playwright's sync API runs an event loop in the test's thread, so Django's guard against database
calls from async code must be lifted for the fixtures that write through the ORM.
"""

import os
from pathlib import Path

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402
from playwright.sync_api import expect, sync_playwright  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PASSWORD = "correct-horse-battery"


def launch():
    """A context manager yielding Chromium."""
    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=[
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run"])
    return playwright, browser


def new_page(browser, live_server, user=None, width=1300, timeout=5000):
    """A page in a fresh browser context; signed in as ``user`` through a session cookie, which is
    quicker than the form (the clerk's test of the form is ``sign_in``)."""
    context = browser.new_context(viewport={"width": width, "height": 1000}, locale="zh-CN")
    if user is not None:
        client = Client()
        client.force_login(user)
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "url": live_server.url,
                              "value": client.cookies[settings.SESSION_COOKIE_NAME].value}])
    page = context.new_page()
    page.set_default_timeout(timeout)
    return page


def sign_in(page, live_server, user):
    user.set_password(PASSWORD)  # the shared fixtures make users without one (tests use force_login)
    user.save(update_fields=["password"])
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill(user.username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.locator("header.top")).to_contain_text(user.get_full_name() or user.username)
