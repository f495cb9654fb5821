"""The procedure's steps in one table: each step's name (its address on the page and in the API), its
title, the statuses it may start from, the event it records, its form and its service. The application
page and the API offer a step where the table's statuses and the form's ``offered`` admit it; the
service refuses it elsewhere (``services._require_step`` reads the same statuses)."""

from collections.abc import Callable
from dataclasses import dataclass

from gongkai.web.applications import forms, services
from gongkai.web.applications.models import Application, ApplicationEvent

Status, Event = Application.Status, ApplicationEvent.Kind
OPEN = tuple(status for status in Status.values if status != Status.CLOSED)
ANY = tuple(Status.values)  # a review or lawsuit may concern an application at any time


@dataclass(frozen=True)
class Step:
    name: str
    title: str
    statuses: tuple[str, ...]
    event: str
    form: type[forms.StepForm]
    service: Callable  # (application, user, **form.arguments())

    def offered(self, application: Application) -> bool:
        return application.status in self.statuses and self.form.offered(application)


def _decide_review(application, user, *, case, **data):
    return services.decide_review(case, user, **data)


# In the order the application page shows them.
STEPS = {step.name: step for step in (
    Step("supplement-request", "告知补正", (Status.PROCESSING,), Event.SUPPLEMENT_REQUESTED,
         forms.SupplementRequestForm, services.request_supplement),
    Step("supplement-received", "收到补正申请", (Status.AWAITING_SUPPLEMENT,), Event.SUPPLEMENTED,
         forms.SupplementReceivedForm, services.receive_supplement),
    Step("abandoned", "逾期不补正，视为放弃申请", (Status.AWAITING_SUPPLEMENT,), Event.REPLIED,
         forms.AbandonForm, services.close_unsupplemented),
    Step("consultation-start", "征求意见", (Status.PROCESSING,), Event.CONSULTATION_STARTED,
         forms.ConsultationStartForm, services.start_consultation),
    Step("consultation-end", "收到意见或征求意见期满", (Status.CONSULTING,), Event.CONSULTATION_ENDED,
         forms.ConsultationEndForm, services.end_consultation),
    Step("extension", "延长答复期限", (Status.PROCESSING, Status.CONSULTING), Event.EXTENDED,
         forms.ExtensionForm, services.extend),
    Step("fee-notice", "收费通知", (Status.PROCESSING,), Event.FEE_NOTIFIED, forms.FeeNoticeForm, services.fee_notice),
    Step("fee-paid", "缴纳信息处理费", (Status.AWAITING_FEE,), Event.FEE_PAID, forms.FeePaidForm, services.fee_paid),
    Step("fee-unpaid", "逾期未缴费，不再处理", (Status.AWAITING_FEE,), Event.REPLIED,
         forms.FeeUnpaidForm, services.close_fee_unpaid),
    Step("reply", "答复", OPEN, Event.REPLIED, forms.ReplyForm, services.record_reply),
    Step("review", "行政复议或行政诉讼", ANY, Event.REVIEW_FILED, forms.ReviewForm, services.record_review),
    Step("review-decision", "复议决定或裁判结果", ANY, Event.REVIEW_DECIDED, forms.ReviewDecisionForm, _decide_review),
)}
