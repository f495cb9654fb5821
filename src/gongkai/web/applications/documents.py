"""The written documents of the procedure (补正告知书, 征求第三方意见函, 延长答复期限告知书, 收费通知书,
答复书 per outcome class), generated from the case as DOCX or PDF in the core's GB/T 9704 typography.

Each document belongs to one step, an ``ApplicationEvent``: a document for a step that did not happen
cannot be generated. Its text is a ``DocumentTemplate`` the office edits (seeded from
``documents.yaml``), rendered with Django's template engine over a whitelist of plain strings built
here, so a template can neither reach a model nor run code. Its number opens with the agency's 机关代字
(``Agency.designation``), is given once, on the first generation, and kept in the register
(``IssuedDocument``).
"""

from __future__ import annotations

import datetime
import functools
import io
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.db import transaction
from django.db.models import Max
from django.template import Context, TemplateSyntaxError

from gongkai.deadlines import load_rules
from gongkai.render.docx import add_body, add_document_number, add_title, official_document, signature_block
from gongkai.render.layout import display_date
from gongkai.render.pdf import html_to_pdf, official_document_html
from gongkai.web.agencies.models import Agency
from gongkai.web.applications import permissions, rules
from gongkai.web.applications.models import Application, ApplicationEvent, DocumentTemplate, IssuedDocument
from gongkai.web.applications.models.documents import compile_template
from gongkai.web.applications.services import ApplicationError

DOCUMENTS_FILE = Path(__file__).with_name("documents.yaml")
TEMPLATE_FIELDS = ("name", "title", "number", "addressee", "body")
LABEL_NUMBER = re.compile(r"^(（[一二三四五六七八九十]+）|\d+\.)")
MEDIA_TYPES = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
               "pdf": "application/pdf"}


@functools.cache
def load() -> dict:
    return yaml.safe_load(DOCUMENTS_FILE.read_text(encoding="utf-8"))


def default_templates() -> dict[str, dict[str, str]]:
    """Kind → the fields of its ``DocumentTemplate`` as ``documents.yaml`` gives them (for seeding)."""
    return {kind: {field: entry[field] for field in TEMPLATE_FIELDS} for kind, entry in load()["templates"].items()}


def _fill(text: str, context: dict[str, object]) -> str:
    try:
        return compile_template(text).render(Context(context)).strip()
    except TemplateSyntaxError as error:
        raise ApplicationError(f"文书模板有误，请在文书模板中修改：{error}") from None


# ---------------------------------------------------------------- which documents apply


def _matches(outcome: str, prefix: str) -> bool:
    return outcome == prefix or outcome.startswith(prefix + ".")


def kind_of(event: ApplicationEvent) -> str | None:
    """The document a step calls for, if any."""
    for kind, entry in load()["templates"].items():
        if entry["event"] != event.kind:
            continue
        if "pause_kinds" in entry and event.payload.get("pause_kind") not in entry["pause_kinds"]:
            continue
        if "outcomes" in entry and not any(_matches(event.payload.get("outcome", ""), prefix)
                                           for prefix in entry["outcomes"]):
            continue
        return kind
    return None


@dataclass(frozen=True)
class Applicable:
    kind: str
    name: str
    event: ApplicationEvent

    @property
    def date(self) -> datetime.date:
        return document_date(self.kind, self.event)


def applicable(application: Application) -> list[Applicable]:
    """The documents of the steps the application went through, in the order of the steps."""
    names = dict(DocumentTemplate.objects.values_list("kind", "name"))
    found = []
    for event in application.events.all():
        kind = kind_of(event)
        if kind is not None:
            found.append(Applicable(kind, names.get(kind, load()["templates"][kind]["name"]), event))
    return found


def _step(application: Application, kind: str, event_id: int | None) -> ApplicationEvent:
    if kind not in load()["templates"]:
        raise ApplicationError(f"没有「{kind}」这种文书。")
    steps = [item.event for item in applicable(application) if item.kind == kind
             and (event_id is None or item.event.pk == event_id)]
    if not steps:
        entry = load()["templates"][kind]
        step = ApplicationEvent.Kind(entry["event"]).label
        raise ApplicationError(f"该申请没有需要制作{entry['name']}的办理事项（{step}），不能生成该文书。")
    return steps[-1]  # the latest, when a step was taken more than once and none was named


# ---------------------------------------------------------------- the placeholders


def _display(value):
    """Payload dates are ISO strings (``services._event``); documents write them the official way."""
    if isinstance(value, str) and len(value) == 10:
        try:
            return display_date(datetime.date.fromisoformat(value))
        except ValueError:
            return value
    return value


def review_body(agency: Agency) -> str:
    """The review organ a reply names (``rules.review_organs``): the first government among them."""
    government = next((organ for organ in rules.review_organs(agency) if organ.is_jurisdiction), None)
    return government.name if government else "上一级人民政府"


def _reply_context(application: Application, payload: dict, day: datetime.date) -> dict[str, object]:
    outcome = payload["outcome"]
    parts = [LABEL_NUMBER.sub("", part).strip() for part in rules.outcomes(payload["format"])[outcome].split(" › ")]
    reason = parts[-1] if len(parts) > 1 and parts[-1] != "其他" else ""
    bases = load()["reply_bases"]
    basis = bases[max((prefix for prefix in bases if _matches(outcome, prefix)), key=len)]
    first = load()["review_first"]
    reply = application.reply
    return {
        "outcome": parts[0], "reason": reason, "basis": basis, "note": reply.note,
        "review_body": review_body(application.agency),
        "review_first": day >= first["from"] and any(_matches(outcome, prefix) for prefix in first["outcomes"]),
    }


def context(application: Application, kind: str, event: ApplicationEvent) -> dict[str, object]:
    """The whitelist of placeholders (documented in ``documents.yaml``): strings, numbers and flags only."""
    entry = load()["templates"][kind]
    day = document_date(kind, event)
    applicant = application.applicant
    values: dict[str, object] = {key: _display(value) for key, value in event.payload.items()}
    values.update({
        "agency": application.agency.name, "designation": application.agency.designation,
        "applicant": applicant.name, "address": applicant.address,
        "received": display_date(application.received), "tracking_code": application.tracking_code,
        "description": application.description, "form_requirements": application.form_requirements,
        "date": display_date(day), "year": day.year, "regulation": load()["regulation_title"],
    })
    regulation = load_rules().regulation_for(application.received)
    if kind == "consultation":
        values["working_days"] = regulation.limits["third_party_consultation"].working_days
    elif kind == "extension":
        values["extension_days"] = regulation.limits["extension"].working_days
    elif kind == "fee":
        method = rules.fee_methods()[event.payload["method"]]
        values.update(method=method.label, unit=method.unit, amount=f"{application.fee_notice.amount:.2f}",
                      payment_days=rules.setting("fee_payment_working_days"))
    elif entry["event"] == ApplicationEvent.Kind.REPLIED:
        values.update(_reply_context(application, event.payload, day))
    return values


# ---------------------------------------------------------------- the document


def _number(application: Application, kind: str, event: ApplicationEvent, template: DocumentTemplate,
            values: dict[str, object], user) -> str:
    """The document's number: the one it was given, else the next serial of its series."""
    with transaction.atomic():
        issued = IssuedDocument.objects.filter(event=event, kind=kind).first()
        if issued is not None:
            return issued.number
        Agency.objects.select_for_update().get(pk=application.agency_id)  # one numbering at a time per agency
        series = _fill(template.number, {**values, "serial": ""})
        last = IssuedDocument.objects.filter(agency_id=application.agency_id, series=series).aggregate(
            Max("serial"))["serial__max"] or 0
        number = _fill(template.number, {**values, "serial": last + 1})
        IssuedDocument.objects.create(application=application, event=event, kind=kind, agency_id=application.agency_id,
                                      series=series, serial=last + 1, number=number, issued_by=user)
        return number


@dataclass(frozen=True)
class Content:
    """A document's text, laid out the same way in DOCX and PDF."""

    title: list[str]
    number: str
    addressee: str
    paragraphs: list[str]
    signature: list[str]
    date: str


def render_document(application: Application, kind: str, user, event_id: int | None = None,
                    to: str = "docx") -> bytes:
    """The DOCX (or PDF) of ``kind`` for the application's step (``event_id``, else the latest step
    calling for it), ready to sign and seal. Only those who handle the application may (it names the
    applicant)."""
    content = document_content(application, kind, user, event_id)
    if to == "pdf":
        return html_to_pdf(official_document_html(
            title=content.title, number=content.number, addressee=content.addressee,
            paragraphs=content.paragraphs, signature=content.signature))
    return _docx(title=content.title, number=content.number, addressee=content.addressee,
                 paragraphs=content.paragraphs, signature=content.signature)


def document_content(application: Application, kind: str, user, event_id: int | None = None) -> Content:
    """The document's text from its template, numbered on first generation (``_number``)."""
    permissions.require(permissions.can_handle(user, application.agency))
    regulation = load_rules().regulation_for(application.received)
    if regulation.key != load()["regulation"]:
        raise ApplicationError(f"该申请收到于{display_date(application.received)}，适用{regulation.short_name}；"
                               "文书模板依据2019年《条例》编写，不能用于该申请。")
    event = _step(application, kind, event_id)
    template = DocumentTemplate.objects.get(kind=kind)
    values = context(application, kind, event)
    if "designation" in template.number and not application.agency.designation:
        raise ApplicationError(f"「{application.agency.name}」尚未填写机关代字，发文字号无法编号；"
                               "请管理员在管理后台的「行政机关」中填写后再生成文书。")
    values["number"] = _number(application, kind, event, template, values, user)
    return Content(
        title=_fill(template.title, values).splitlines(), number=values["number"],
        addressee=_fill(template.addressee, values),
        paragraphs=[line.strip() for line in _fill(template.body, values).splitlines() if line.strip()],
        signature=[application.agency.name, values["date"]], date=values["date"])


def document_date(kind: str, event: ApplicationEvent) -> datetime.date:
    """The date a document carries: its step's date (not when the step was recorded)."""
    return datetime.date.fromisoformat(event.payload[load()["templates"][kind]["date"]])


def _docx(*, title: list[str], number: str, addressee: str, paragraphs: list[str], signature: list[str]) -> bytes:
    document = official_document()
    add_title(document, title)
    add_document_number(document, number)
    add_body(document, addressee, indent=False)
    for text in paragraphs:
        paragraph = add_body(document, text)
    paragraph.paragraph_format.keep_with_next = True  # the last paragraph goes with the signature
    # Two blank lines leave room for the seal, which is pressed over the issuer and the date.
    signature_block(document, signature, blank_lines=2)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def filename(application: Application, kind: str, to: str = "docx") -> str:
    return f"{application.tracking_code}-{load()['templates'][kind]['name']}.{to}"
