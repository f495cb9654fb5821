"""The applications API: the public tracking lookup, and the clerks' registering, steps and lists.

Thin like the pages: permissions from ``permissions``, every write by ``services``. Request bodies are
the pages' forms (``RegisterForm``, ``steps.STEPS``) described as schemas; the forms validate them, so
the field rules and their Chinese messages stay in one place. The applicant's personal data is in the
detail of an application alone, and only for those who handle it, as on the application page.
"""

import dataclasses
import datetime
from typing import Annotated, Any

from django import forms
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.responses import Status
from ninja.security import django_auth
from pydantic import ConfigDict, WithJsonSchema, create_model

from gongkai.render.opendata import cell_records
from gongkai.web.agencies.models import Agency
from gongkai.web.applications import permissions, rules, services, statistics
from gongkai.web.applications.forms import RegisterForm, TrackingForm
from gongkai.web.applications.models import Application
from gongkai.web.applications.public_views import TOO_MANY
from gongkai.web.applications.steps import STEPS, Step
from gongkai.web.reports.api import CellOut, Message
from gongkai.web.reports.models import AnnualReport
from gongkai.web.throttle import services as throttle

public_router = Router(tags=["依申请公开（公众查询）"])
# Session authentication; django-ninja then checks the CSRF token on unsafe methods.
staff_router = Router(tags=["依申请公开"], auth=django_auth)

PAGE_SIZE = 100
MAX_PAGE_SIZE = 500
MAX_INTEGER = 2**63 - 1  # the databases' largest integer (ids, OFFSET): beyond it a query fails, not refuses


# ---------------------------------------------------------------- request bodies from the forms

JSON_TYPES = [  # the first class a form field is an instance of gives its JSON type (ModelChoiceField: a pk)
    (forms.DateField, {"type": "string", "format": "date"}),
    (forms.IntegerField, {"type": "integer"}),
    (forms.ModelChoiceField, {"type": "integer"}),
    (forms.EmailField, {"type": "string", "format": "email"}),
    (forms.Field, {"type": "string"}),
]


def form_schema(form_class: type[forms.Form]) -> type[Schema]:
    """The request body of ``form_class``, documented field by field (label, help text, type, choices).

    Every value is accepted here and handed to the form as text, as the page posts it: the form alone
    refuses, so that each message names the field by its label."""
    fields = {}
    for name, field in form_class.base_fields.items():
        spec = dict(next(spec for kind, spec in JSON_TYPES if isinstance(field, kind)))
        if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
            spec["enum"] = [str(value) for value, _ in field.choices if value != ""]
        fields[name] = (Annotated[Any, WithJsonSchema(spec)],
                        Field(None, title=str(field.label), description=str(field.help_text) or None))
    required = [name for name, field in form_class.base_fields.items() if field.required]

    class Base(Schema):
        model_config = ConfigDict(json_schema_extra={"required": required} if required else None)

    return create_model(form_class.__name__.removesuffix("Form") + "In", __base__=Base, **fields)


def form_data(payload: Schema) -> dict[str, object]:
    """The body as the page would post it: text, except a list or an object, which the form refuses."""
    return {name: "" if value is None else value if isinstance(value, list | dict) else str(value)
            for name, value in payload.model_dump().items()}


class InvalidOut(Schema):
    detail: str
    errors: dict[str, str]  # field → its message; the service's refusals concern no single field


def refused(form: forms.Form) -> Status:
    """The form's errors as one sentence naming each field by its label, and field by field."""
    errors = {name: "".join(messages) for name, messages in form.errors.items()}
    detail = "；".join(f"{form.fields[name].label}：{message}" if name in form.fields else message
                      for name, message in errors.items())
    return Status(422, {"detail": detail.replace("。；", "；"), "errors": errors})


def service_refused(error: services.ApplicationError) -> Status:
    return Status(422, {"detail": error.message, "errors": {}})


# ---------------------------------------------------------------- public: tracking (查询)

TrackingIn = form_schema(TrackingForm)


class TrackingFeeOut(Schema):
    amount: str  # yuan, as an exact decimal string
    pay_by: datetime.date


class TrackingReplyOut(Schema):
    replied_on: datetime.date
    outcome_label: str
    note: str


class TrackingOut(Schema):
    agency: str
    channel: str
    channel_label: str
    received: datetime.date
    description: str
    status: str
    status_label: str
    supplement_due: datetime.date | None  # while the application awaits the applicant's supplement
    due: datetime.date | None  # while open; None while the clock waits for the supplement
    due_provisional: bool
    extended: bool
    fee: TrackingFeeOut | None
    reply: TrackingReplyOut | None


@public_router.post("/applications/track", response={200: TrackingOut, 404: Message, 422: InvalidOut, 429: Message},
                    summary="以查询码查询申请办理情况")
def track(request, payload: TrackingIn):
    """What the public tracking page shows, never the applicant's personal data. The code is posted,
    not put in the address, so that it stays out of logs; lookups share the page's rate limit."""
    form = TrackingForm(form_data(payload))
    if not form.is_valid():
        return refused(form)
    if not throttle.allow("track", throttle.client_address(request), rules.setting("tracking_lookups_per_hour")):
        return Status(429, {"detail": TOO_MANY})
    application = (Application.objects.select_related("agency", "reply", "fee_notice")
                   .filter(tracking_code=form.cleaned_data["code"]).first())
    if application is None:
        return Status(404, {"detail": "未找到该查询码对应的申请，请核对后重新输入。"})
    reply = getattr(application, "reply", None)
    fee = getattr(application, "fee_notice", None)
    awaiting_supplement = application.status == Application.Status.AWAITING_SUPPLEMENT
    return Status(200, {
        "agency": application.agency.name, "channel": application.channel,
        "channel_label": application.get_channel_display(), "received": application.received,
        "description": application.description, "status": application.status,
        "status_label": application.get_status_display(),
        "supplement_due": application.supplement_due if awaiting_supplement else None,
        "due": application.due if application.is_open else None,
        "due_provisional": application.is_open and application.due_provisional,
        "extended": application.extended_on is not None,
        "fee": {"amount": str(fee.amount), "pay_by": fee.pay_by} if fee else None,
        "reply": {"replied_on": reply.replied_on, "outcome_label": reply.get_outcome_display(),
                  "note": reply.note} if reply else None})


# ---------------------------------------------------------------- staff: lists and the application


class ApplicationOut(Schema):
    id: int
    agency_id: int
    agency: str
    channel: str
    channel_label: str
    received: datetime.date
    applicant_kind: str
    applicant_kind_label: str
    description: str
    status: str
    status_label: str
    due: datetime.date | None
    due_provisional: bool
    replied_on: datetime.date | None
    outcome: str
    outcome_label: str
    overdue: bool | None = None  # the open queue only: the reply period ran out while its clock ran
    soon: bool | None = None  # the open queue only: due within the next few working days


class ApplicationPageOut(Schema):
    count: int
    items: list[ApplicationOut]


class ListQuery(Schema):
    agency: int | None = Field(None, ge=1, le=MAX_INTEGER, description="受理机关的 id；不填为有权查看的全部机关")
    open: bool = Field(False, description="仅未办结的申请，最紧迫的在前")
    limit: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)
    offset: int = Field(0, ge=0, le=MAX_INTEGER - MAX_PAGE_SIZE)


class ApplicantOut(Schema):
    name: str
    id_document: str
    phone: str
    address: str
    email: str


class ReplyOut(Schema):
    replied_on: datetime.date
    format: str
    outcome: str
    outcome_label: str
    due_on: datetime.date | None
    on_time: bool
    extended: bool
    note: str


class FeeNoticeOut(Schema):
    method: str
    method_label: str
    quantity: int
    amount: str  # yuan, as an exact decimal string
    issued_on: datetime.date
    pay_by: datetime.date
    paid_on: datetime.date | None


class PauseOut(Schema):
    kind: str
    kind_label: str
    first: datetime.date
    last: datetime.date | None
    party: str


class ReviewCaseOut(Schema):
    id: int
    kind: str
    kind_label: str
    filed_on: datetime.date
    body: str
    review_organ_id: int | None
    review_organ: str | None
    decided_on: datetime.date | None
    decision: str
    decision_label: str
    outcome: str
    outcome_label: str


class EventDetailOut(Schema):
    label: str
    value: str


class EventOut(Schema):
    kind: str
    label: str
    at: datetime.datetime
    user: str | None  # None: recorded by the platform (an online application, a recomputed deadline)
    details: list[EventDetailOut]


class ApplicationDetailOut(ApplicationOut):
    tracking_code: str
    form_requirements: str
    supplement_requested_on: datetime.date | None
    supplement_due: datetime.date | None
    supplemented_on: datetime.date | None
    extended_on: datetime.date | None
    extension_approver: str
    extension_notified_on: datetime.date | None
    handles: bool  # whether the user handles the application: sees the applicant, records the steps
    applicant: ApplicantOut | None  # only for those who handle it
    steps: list[str]  # the steps the page offers the user now: "reply" (POST …/reply), else POST …/steps/<name>
    reply: ReplyOut | None
    fee_notice: FeeNoticeOut | None
    pauses: list[PauseOut]
    review_cases: list[ReviewCaseOut]
    events: list[EventOut]


def application_out(application: Application, urgency: dict | None = None) -> dict:
    """The fields every list shows (no personal data); ``urgency``: the open queue's marks."""
    return {
        "id": application.pk, "agency_id": application.agency_id, "agency": application.agency.name,
        "channel": application.channel, "channel_label": application.get_channel_display(),
        "received": application.received, "applicant_kind": application.applicant_kind,
        "applicant_kind_label": application.get_applicant_kind_display(), "description": application.description,
        "status": application.status, "status_label": application.get_status_display(), "due": application.due,
        "due_provisional": application.due_provisional, "replied_on": application.replied_on,
        "outcome": application.outcome, "outcome_label": application.get_outcome_display(),
        "overdue": urgency["overdue"] if urgency else None, "soon": urgency["soon"] if urgency else None}


def detail_out(request, application: Application) -> dict:
    """The application page's content: personal data and the next steps only for those who handle it
    (``views.detail``)."""
    handles = permissions.can_handle(request.user, application.agency)
    applicant = application.applicant if handles else None
    reply = getattr(application, "reply", None)
    fee = getattr(application, "fee_notice", None)
    return {
        **application_out(application), "tracking_code": application.tracking_code,
        **{field: getattr(application, field) for field in (
            "form_requirements", "supplement_requested_on", "supplement_due", "supplemented_on", "extended_on",
            "extension_approver", "extension_notified_on")},
        "handles": handles,
        "applicant": {field: getattr(applicant, field) for field in RegisterForm.APPLICANT_FIELDS}
        if applicant else None,
        "steps": [name for name, step in STEPS.items() if step.offered(application)]
        if handles else [],
        "reply": {"replied_on": reply.replied_on, "format": reply.format_id, "outcome": reply.outcome,
                  "outcome_label": reply.get_outcome_display(), "due_on": reply.due_on, "on_time": reply.on_time,
                  "extended": reply.extended, "note": reply.note} if reply else None,
        "fee_notice": {"method": fee.method, "method_label": fee.get_method_display(), "quantity": fee.quantity,
                       "amount": str(fee.amount), "issued_on": fee.issued_on, "pay_by": fee.pay_by,
                       "paid_on": fee.paid_on} if fee else None,
        "pauses": [{"kind": pause.kind, "kind_label": pause.get_kind_display(), "first": pause.first,
                    "last": pause.last, "party": pause.party} for pause in application.pauses.all()],
        "review_cases": [{
            "id": case.pk, "kind": case.kind, "kind_label": case.get_kind_display(), "filed_on": case.filed_on,
            "body": case.body, "review_organ_id": case.review_organ_id,
            "review_organ": case.review_organ.name if case.review_organ else None, "decided_on": case.decided_on,
            "decision": case.decision, "decision_label": case.get_decision_display(), "outcome": case.outcome,
            "outcome_label": case.get_outcome_display()}
            for case in application.review_cases.select_related("review_organ")],
        "events": [{"kind": event.kind, "label": event.get_kind_display(), "at": event.at,
                    "user": str(event.user) if event.user else None,
                    "details": [{"label": label, "value": value} for label, value in event.details()]}
                   for event in application.events.select_related("user")],
    }


def viewable(request, agency_id: int | None):
    if agency_id is not None:
        agency = get_object_or_404(Agency, pk=agency_id)
        permissions.require(permissions.can_view(request.user, agency))
        return [agency]
    return permissions.viewable_agencies(request.user)


def staff_application(request, application_id: int) -> Application:
    application = get_object_or_404(Application.objects.select_related("agency"), pk=application_id)
    permissions.require(permissions.can_view(request.user, application.agency))
    return application


@staff_router.get("/applications", response=ApplicationPageOut, summary="政府信息公开申请列表")
def list_applications(request, query: Query[ListQuery]):
    """The applications of the agencies the user may view, newest first; ``open``: the open queue, most
    urgent first, with its overdue and due-soon marks. No personal data."""
    agencies = viewable(request, query.agency)
    end = query.offset + query.limit
    if query.open:
        queue = services.open_queue(agencies)
        return {"count": len(queue), "items": [application_out(item["application"], item)
                                               for item in queue[query.offset:end]]}
    applications = Application.objects.filter(agency__in=agencies).select_related("agency")
    return {"count": applications.count(),
            "items": [application_out(application) for application in applications[query.offset:end]]}


@staff_router.get("/applications/{application_id}", response=ApplicationDetailOut,
                  summary="申请及其办理记录")
def get_application(request, application_id: int):
    return detail_out(request, staff_application(request, application_id))


RegisterIn = form_schema(RegisterForm)


@staff_router.post("/agencies/{agency_id}/applications", response={201: ApplicationDetailOut, 422: InvalidOut},
                   summary="登记申请")
def register(request, agency_id: int, payload: RegisterIn):
    """登记, as on the registering page; refused input (422) saves nothing."""
    agency = get_object_or_404(Agency, pk=agency_id)
    permissions.require(permissions.can_handle(request.user, agency))
    form = RegisterForm(form_data(payload))
    if not form.is_valid():
        return refused(form)
    try:
        application = services.register(agency, request.user, **form.service_arguments())
    except services.ApplicationError as error:
        return service_refused(error)
    return Status(201, detail_out(request, staff_application(request, application.pk)))


# ---------------------------------------------------------------- staff: the steps of the procedure


def record_step(request, application_id: int, name: str, payload: Schema) -> Status:
    """One step, as ``views.step`` records it: its form validates, its service decides."""
    application = staff_application(request, application_id)
    permissions.require(permissions.can_handle(request.user, application.agency))
    step = STEPS[name]
    form = step.form(form_data(payload), application=application)
    if not form.is_valid():
        return refused(form)
    try:
        step.service(application, request.user, **form.arguments())
    except services.ApplicationError as error:
        return service_refused(error)
    return Status(200, detail_out(request, staff_application(request, application_id)))


def step_endpoint(name: str, step: Step) -> None:
    """``POST …/reply`` for the reply, ``POST …/steps/<name>`` for every other step of ``STEPS``."""
    body = form_schema(step.form)
    path = "/applications/{application_id}/" + ("reply" if name == "reply" else f"steps/{name}")

    def endpoint(request, application_id: int, payload: body):
        return record_step(request, application_id, name, payload)

    staff_router.post(path, response={200: ApplicationDetailOut, 422: InvalidOut}, summary=f"登记：{step.title}",
                      operation_id=f"application_step_{name.replace('-', '_')}")(endpoint)


for _name, _step in STEPS.items():
    step_endpoint(_name, _step)


# ---------------------------------------------------------------- staff: tables 三 and 四 from the records


class DifferenceOut(Schema):
    key: str
    label: str
    entered: str
    computed: int


class ComputedOut(Schema):
    report_id: int
    format: str
    year: int
    cells: list[CellOut]  # the computed cells of tables 三 and 四 (legacy: rows 三 to 五)
    differences: list[DifferenceOut]  # cells entered by hand in the report that differ from the computed value


@staff_router.get("/reports/{report_id}/computed", response=ComputedOut, summary="由记录计算的统计数")
def computed(request, report_id: int):
    report = get_object_or_404(AnnualReport.objects.select_related("agency"), pk=report_id)
    permissions.require(permissions.can_view_computed(request.user, report))
    core = statistics.computed_report(report.format, report.agency, report.year)
    sheet = core.sheet
    return {"report_id": report.pk, "format": report.format_id, "year": report.year,
            "cells": [record for record in cell_records(core) if record["key"] in sheet.values],
            "differences": [dataclasses.asdict(difference) for difference in statistics.differences(report, sheet)]}
