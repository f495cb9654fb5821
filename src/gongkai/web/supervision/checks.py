"""Spot checks (抽查、督查) the coordination office records, and the rectifications (整改) they ask of the
agencies concerned, open until the agency answers with what it did."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from gongkai.web.agencies.models import Agency
from gongkai.web.errors import Refused
from gongkai.web.supervision import permissions
from gongkai.web.supervision.models import Rectification, SpotCheck

CheckError = Refused


def _not_future(day: datetime.date, label: str) -> None:
    if day > timezone.localdate():
        raise CheckError(f"{label}（{day:%Y-%m-%d}）不能晚于今天。")


def record(jurisdiction: Agency, user, *, checked_on: datetime.date, subject: str, findings: str,
           agencies: list[Agency], requirement: str = "", deadline: datetime.date | None = None) -> SpotCheck:
    """Record a check of ``agencies`` (all in the jurisdiction) and, when a ``requirement`` is given, ask
    each of them to rectify by ``deadline`` (not before the check)."""
    permissions.require(permissions.can_supervise(user, jurisdiction))
    _not_future(checked_on, "检查日期")
    if not agencies:
        raise CheckError("涉及单位：请至少选择一个单位。")
    outside = [agency.name for agency in agencies if not jurisdiction.contains(agency)]
    if outside:
        raise CheckError(f"涉及单位：{'、'.join(outside)}不属于{jurisdiction.name}。")
    if requirement.strip() and deadline is None:
        raise CheckError("整改期限：提出整改要求时须填写整改期限。")
    if deadline is not None and not requirement.strip():
        raise CheckError("整改要求：填写了整改期限，请同时填写整改要求。")
    if deadline is not None and deadline < checked_on:
        raise CheckError(f"整改期限（{deadline:%Y-%m-%d}）不能早于检查日期（{checked_on:%Y-%m-%d}）。")
    with transaction.atomic():
        check = SpotCheck.objects.create(jurisdiction=jurisdiction, checked_on=checked_on, subject=subject.strip(),
                                         findings=findings.strip(), recorded_by=user)
        check.agencies.set(agencies)
        if deadline is not None:
            Rectification.objects.bulk_create(
                Rectification(spot_check=check, agency=agency, requirement=requirement.strip(), deadline=deadline)
                for agency in agencies)
    return check


def answer(rectification: Rectification, user, *, answered_on: datetime.date, text: str) -> Rectification:
    """The agency reports what it rectified; the rectification is closed."""
    permissions.require(permissions.can_answer(user, rectification.agency))
    _not_future(answered_on, "整改完成日期")
    if answered_on < rectification.spot_check.checked_on:
        raise CheckError(f"整改完成日期（{answered_on:%Y-%m-%d}）不能早于检查日期"
                         f"（{rectification.spot_check.checked_on:%Y-%m-%d}）。")
    if not text.strip():
        raise CheckError("整改情况：请说明整改情况。")
    with transaction.atomic():
        current = Rectification.objects.select_for_update().get(pk=rectification.pk)
        if not current.is_open:
            raise CheckError("该整改要求已经答复，不能重复答复。")
        current.answer, current.answered_on = text.strip(), answered_on
        current.answered_by, current.answered_at = user, timezone.now()
        current.save(update_fields=["answer", "answered_on", "answered_by", "answered_at"])
    return current


def open_rectifications(agencies):
    """The rectifications of ``agencies`` still open, the earliest deadline first."""
    return (Rectification.objects.filter(agency__in=agencies, answered_on__isnull=True)
            .select_related("agency", "spot_check").order_by("deadline", "pk"))


def checks(jurisdiction: Agency):
    return (SpotCheck.objects.filter(jurisdiction=jurisdiction).prefetch_related("agencies", "rectifications__agency")
            .order_by("-checked_on", "-pk"))
