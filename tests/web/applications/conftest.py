"""Fixtures of the application tests: a fixed "today", and an application registered the usual way."""

import datetime

import pytest
from django.utils import timezone

from gongkai.web.applications import services

TODAY = datetime.date(2026, 12, 31)
APPLICANT = {"name": "张三丰", "id_document": "居民身份证 220181199001011234", "phone": "13900001111",
             "address": "吉林省长春市九台区幸福路88号", "email": ""}


@pytest.fixture(autouse=True)
def today(monkeypatch):
    """Every service refuses dates after today; the tests' dates are fixed, so today is too."""
    monkeypatch.setattr(timezone, "localdate", lambda *args: TODAY)
    return TODAY


def apply(agency, user, received, *, kind="natural_person", channel="in_person", **extra):
    return services.register(agency, user, channel=channel, received=received, applicant_kind=kind,
                             description="2025年度九台区义务教育阶段学校招生计划", form_requirements="电子邮件",
                             applicant=extra.pop("applicant", APPLICANT), **extra)
