"""The agencies' 政府信息公开指南: the clerk writes a version (a new one starts from the latest), submits it;
the coordination office returns it with a comment or publishes it. Published versions are never changed."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from gongkai.errors import InputError
from gongkai.text import clean_text
from gongkai.web.agencies.models import Agency
from gongkai.web.proactive import permissions
from gongkai.web.proactive.models import Guide
from gongkai.web.proactive.services import ItemError

Status = Guide.Status
EDITABLE = (Status.DRAFT, Status.RETURNED)


def _clean(value: str, label: str) -> str:
    try:
        return clean_text(value, label)
    except InputError as error:
        raise ItemError(f"{label}{error.message}。") from None


def published(agency: Agency) -> Guide | None:
    return agency.guides.filter(status=Status.PUBLISHED).order_by("-number").first()


def working_version(agency: Agency) -> Guide | None:
    """The version being written or reviewed, if any."""
    return agency.guides.exclude(status=Status.PUBLISHED).order_by("-number").first()


@transaction.atomic
def save_draft(agency: Agency, user, text: str) -> Guide:
    permissions.require(permissions.can_register(user, agency))
    text = _clean(text, "指南正文").strip()
    if not text:
        raise ItemError("指南正文不能为空。", {"text": "指南正文不能为空。"})
    guide = working_version(agency)
    if guide is not None and guide.status == Status.SUBMITTED:
        raise ItemError("该指南已报送审核，审核前不能修改。")
    if guide is None:
        number = (agency.guides.aggregate(n=Max("number"))["n"] or 0) + 1
        guide = Guide(agency=agency, number=number, edited_by=user)
    guide.text, guide.edited_by, guide.edited_at, guide.status = text, user, timezone.now(), Status.DRAFT
    guide.save()
    return guide


@transaction.atomic
def submit(guide: Guide, user) -> Guide:
    permissions.require(permissions.can_register(user, guide.agency))
    if guide.status not in EDITABLE:
        raise ItemError("只有草稿或已退回的指南才能报送审核。")
    guide.status = Status.SUBMITTED
    guide.save(update_fields=["status"])
    return guide


@transaction.atomic
def review(guide: Guide, user, *, approve: bool, comment: str = "") -> Guide:
    """The office publishes the version, or returns it with a comment."""
    permissions.require(permissions.can_review_guide(user, guide.agency))
    if guide.status != Status.SUBMITTED:
        raise ItemError("只有待审核的指南才能审核。")
    comment = _clean(comment, "审核意见").strip()
    if not approve and not comment:
        raise ItemError("退回时须填写审核意见。", {"comment": "退回时须填写审核意见。"})
    guide.reviewed_by, guide.review_comment = user, comment
    guide.status = Status.PUBLISHED if approve else Status.RETURNED
    guide.published_at = timezone.now() if approve else None
    guide.save()
    return guide
