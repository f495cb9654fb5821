"""The bulletins for staff over JSON: a jurisdiction's issued bulletins, one bulletin as issued (its
figures per agency, ranked), and issuing a month's. Thin like the pages: ``bulletins`` decides,
``permissions`` allows, a refusal is the pages' Chinese message."""

import datetime

from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Router, Schema
from ninja.responses import Status
from ninja.security import django_auth

from gongkai.web.agencies.models import Agency
from gongkai.web.supervision import bulletins, permissions
from gongkai.web.supervision.models import Bulletin

staff_router = Router(tags=["政务公开月度通报"], auth=django_auth)


class BulletinOut(Schema):
    id: int
    month: datetime.date
    number: str
    issued_on: datetime.date
    url: str
    docx: str


class BulletinDetailOut(BulletinOut):
    content: dict


class RefusedOut(Schema):
    detail: str


def _out(request, bulletin: Bulletin) -> dict:
    return {"id": bulletin.pk, "month": bulletin.month, "number": bulletin.number, "issued_on": bulletin.issued_on,
            "url": request.build_absolute_uri(reverse("supervision:bulletin", args=[bulletin.pk])),
            "docx": request.build_absolute_uri(reverse("supervision:bulletin_file", args=[bulletin.pk, "docx"]))}


def _jurisdiction(pk: int) -> Agency:
    return get_object_or_404(Agency, pk=pk, kind=Agency.Kind.GOVERNMENT)


@staff_router.get("/jurisdictions/{pk}/bulletins", response=list[BulletinOut], summary="已签发的月度通报")
def list_bulletins(request, pk: int):
    jurisdiction = _jurisdiction(pk)
    permissions.require(permissions.can_read_bulletins(request.user, jurisdiction))
    return [_out(request, bulletin) for bulletin in bulletins.issued(jurisdiction)]


@staff_router.get("/bulletins/{pk}", response=BulletinDetailOut, summary="月度通报（签发时的内容）")
def get_bulletin(request, pk: int):
    bulletin = get_object_or_404(Bulletin.objects.select_related("jurisdiction"), pk=pk)
    permissions.require(permissions.can_read_bulletins(request.user, bulletin.jurisdiction))
    return {**_out(request, bulletin), "content": bulletin.content}


@staff_router.post("/jurisdictions/{pk}/bulletins/{month}", response={201: BulletinDetailOut, 422: RefusedOut},
                   summary="签发月度通报（month 如 2026-11）")
def issue_bulletin(request, pk: int, month: str):
    jurisdiction = _jurisdiction(pk)
    try:
        bulletin = bulletins.issue(jurisdiction, bulletins.month_of(month), request.user)
    except bulletins.BulletinError as error:
        return Status(422, {"detail": error.message})
    return Status(201, {**_out(request, bulletin), "content": bulletin.content})
