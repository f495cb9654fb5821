"""For any sequence of valid procedural steps, the due date never moves earlier than the statutory
minimum: 20 working days after the received date (条例第三十三条第一款), counted on the same calendar."""

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.web.applications import services
from gongkai.web.applications.models import Application
from tests.web.applications.conftest import apply

STEPS = st.lists(st.tuples(st.sampled_from(["consult", "answer", "extend"]), st.integers(1, 12)),
                 max_size=5)


@pytest.mark.django_db
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(received_offset=st.integers(0, 200), steps=STEPS)
def test_the_due_date_never_comes_before_the_statutory_minimum(world, received_offset, steps):
    received = datetime.date(2026, 1, 5) + datetime.timedelta(days=received_offset)
    application = apply(world.education, world.clerk, received)
    minimum = services.working_calendar().add_working_days(received, 20).due
    day = received
    for step, gap in steps:
        day += datetime.timedelta(days=gap)
        application = Application.objects.get(pk=application.pk)
        try:
            if step == "consult":
                services.start_consultation(application, world.clerk, kind="third_party_consultation", on=day,
                                            party="第三方：某公司")
            elif step == "answer":
                services.end_consultation(application, world.clerk, on=day)
            else:
                services.extend(application, world.clerk, on=day, approver="王主任", notified_on=day,
                                reason="需要征求多个部门意见")
        except services.ApplicationError:
            continue  # a step the procedure does not allow now is refused, and nothing changes
        application = Application.objects.get(pk=application.pk)
        if application.due is not None:
            assert application.due >= minimum, (step, day)
