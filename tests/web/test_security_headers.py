"""Production settings and the headers of every page (issue 10, item 7): the production switch
(`GONGKAI_HTTPS=1`) makes `check --deploy` clean and turns on HSTS, the redirect to HTTPS and secure
cookies; every page has a Content-Security-Policy its HTML keeps to; responses that may carry
personal data are never stored by a browser or a proxy."""

import datetime
import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.web.applications import services as applications
from gongkai.web.reports import services
from tests.web.conftest import PARTIAL, sqlite_pass_only

from .conftest import login

ROOT = Path(__file__).resolve().parents[2]


def web(arguments: list[str], tmp_path: Path, **environment: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
               **environment)
    env.pop("GONGKAI_HTTPS", None)
    # The browser tests set this for the test process (Playwright's loop); a deployment never has it.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.update(environment)
    return subprocess.run([sys.executable, "-m", "gongkai.web", *arguments], env=env, capture_output=True,
                          text=True, check=False, cwd=ROOT)


PRODUCTION = {"GONGKAI_HTTPS": "1", "GONGKAI_ALLOWED_HOSTS": "gongkai.example.gov.cn"}


@sqlite_pass_only
def test_check_deploy_is_clean_with_the_production_switch(tmp_path):
    key = secrets.token_urlsafe(50)
    clean = web(["check", "--deploy", "--fail-level", "WARNING"], tmp_path, GONGKAI_SECRET_KEY=key, **PRODUCTION)
    assert clean.returncode == 0, clean.stderr
    assert "System check identified no issues" in clean.stdout
    without = web(["check", "--deploy"], tmp_path, GONGKAI_SECRET_KEY=key)
    assert {"security.W004", "security.W008", "security.W012", "security.W016"} <= set(
        re.findall(r"security\.W\d+", without.stderr + without.stdout))


SWITCHED = """
import json
from django.test import Client
plain = Client().get("/accounts/login/")
secure = Client().get("/accounts/login/", secure=True)
proxied = Client().get("/accounts/login/", headers={"X-Forwarded-Proto": "https"})
print(json.dumps({"plain": [plain.status_code, plain.get("Location")],
                  "hsts": secure.get("Strict-Transport-Security"),
                  "csrf_cookie_secure": bool(secure.cookies["csrftoken"]["secure"]),
                  "proxied": proxied.status_code}))
"""


@sqlite_pass_only
def test_the_production_switch_redirects_to_https_sets_hsts_and_secure_cookies(tmp_path):
    done = web(["shell", "--no-imports", "-c", SWITCHED], tmp_path, GONGKAI_SECRET_KEY=secrets.token_urlsafe(50),
               GONGKAI_HTTPS="1", GONGKAI_ALLOWED_HOSTS="testserver")
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["plain"] == [301, "https://testserver/accounts/login/"]
    assert seen["hsts"] == "max-age=31536000; includeSubDomains; preload"
    assert seen["csrf_cookie_secure"] is True
    assert seen["proxied"] == 200  # behind the reverse proxy that terminates TLS


@pytest.fixture
def application(world):
    return applications.register(world.education, world.clerk, channel="online", received=datetime.date(2026, 3, 2),
                                 applicant_kind="natural_person", description="九台区学前教育普惠性幼儿园名单",
                                 applicant={"name": "李红", "id_document": "居民身份证 220181199203030022",
                                            "phone": "13900000003", "address": "长春市九台区幸福里3号"})


def staff_pages(world, report, application) -> list[str]:
    return [reverse("reports:home"), reverse("reports:report", args=[report.pk]),
            reverse("reports:history", args=[report.pk]),
            reverse("applications:queue"), reverse("applications:detail", args=[application.pk])]


def public_pages(report) -> list[str]:
    return [reverse("front_door"), reverse("public:list"), reverse("public:report", args=[report.pk]), reverse("applications:choose"),
            reverse("applications:track"), reverse("login")]


def keeps_to_the_policy(response) -> None:
    """No inline script, no style or event attribute; every <style> carries the response's nonce."""
    page = response.content.decode()
    policy = response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    for directive in ("default-src 'self'", "object-src 'none'", "frame-ancestors 'none'", "base-uri 'self'"):
        assert directive in policy
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    assert f"style-src 'self' 'nonce-{nonce}'" in policy
    for tag in re.findall(r"<script\b[^>]*>", page):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    for tag in re.findall(r"<style\b[^>]*>", page):
        assert f'nonce="{nonce}"' in tag, tag
    assert not re.search(r"<[a-z][^>]*\sstyle=", page), re.search(r"<[a-z][^>]*\sstyle=[^>]*>", page).group(0)
    assert not re.search(r"<[a-z][^>]*\son[a-z]+=", page)


def test_every_key_page_keeps_to_the_content_security_policy(client, world, report, application):
    services.save_cells(report, world.clerk, {"stats.proactive.items|value": "3"}, report.revision)
    services.submit(report, world.clerk)
    services.approve(report, world.coordinator, override=PARTIAL)
    services.publish(report, world.reviewer, override=PARTIAL)
    for path in public_pages(report):
        keeps_to_the_policy(client.get(path))
    login(client, world.clerk)
    for path in staff_pages(world, report, application):
        response = client.get(path)
        assert response.status_code == 200, path
        keeps_to_the_policy(response)
    office = login(Client(), world.coordinator)
    for path in (reverse("reports:home"), reverse("reports:dashboard", args=[world.government.pk, report.year]),
                 reverse("applications:overview", args=[world.government.pk]), reverse("applications:calendar"),
                 reverse("applications:document_templates"),
                 reverse("applications:document_template", args=["reply_granted"]), reverse("password_change"),
                 reverse("lockouts")):
        response = office.get(path)
        assert response.status_code == 200, path
        keeps_to_the_policy(response)


def test_the_500_page_keeps_to_the_policy(db, monkeypatch):
    from gongkai.web.reports import publication

    def broken(**filters):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(publication, "published_reports", broken)
    response = Client(raise_request_exception=False).get(reverse("public:list"))
    assert response.status_code == 500
    keeps_to_the_policy(response)
    assert no_store(response)


def no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


def test_responses_that_may_carry_personal_data_are_never_stored(world, report, application):
    anonymous = Client()
    tracked = anonymous.post(reverse("applications:track"), {"code": application.tracking_code})
    assert "九台区学前教育普惠性幼儿园名单" in tracked.content.decode()
    assert no_store(tracked)
    assert no_store(anonymous.post("/api/applications/track", {"code": application.tracking_code},
                                   content_type="application/json"))
    assert no_store(anonymous.get(reverse("applications:choose")))
    clerk = login(Client(), world.clerk)
    for path in staff_pages(world, report, application):
        assert no_store(clerk.get(path)), path
    assert no_store(clerk.get(f"/api/staff/applications/{application.pk}"))
    assert no_store(clerk.get(f"/api/staff/reports/{report.pk}"))


def test_published_reports_stay_cacheable_for_the_public(client, world, report):
    services.submit(report, world.clerk)
    services.approve(report, world.coordinator, override=PARTIAL)
    services.publish(report, world.reviewer, override=PARTIAL)
    page = client.get(reverse("public:report", args=[report.pk]))
    assert page.status_code == 200 and not no_store(page)
    assert not no_store(client.get(f"/api/reports/{report.pk}"))
    # Signed in, the same page shows the user's name: never stored.
    assert no_store(login(Client(), world.clerk).get(reverse("public:report", args=[report.pk])))
