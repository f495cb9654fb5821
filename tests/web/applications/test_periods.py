"""Texts that state a period take it from its rule: the Regulation that governs the application (2007
text: 15 working days; 2019: 20) and the installation's settings (issue 9, item 2)."""

import datetime

from django.urls import reverse

from gongkai.web.applications.forms import ExtensionForm, SupplementRequestForm

from .conftest import apply

D = datetime.date


def test_step_forms_state_the_periods_of_the_applications_regulation(world):
    under_2019 = apply(world.education, world.clerk, D(2026, 3, 2))
    under_2008 = apply(world.education, world.clerk, D(2018, 3, 1))
    assert "延长的期限最长不得超过20个工作日（第三十三条第二款）" in ExtensionForm(
        application=under_2019).fields["reason"].help_text
    assert "延长答复的期限最长不得超过15个工作日（第二十四条第二款）" in ExtensionForm(
        application=under_2008).fields["reason"].help_text
    assert "7个工作日内一次性告知" in SupplementRequestForm(application=under_2019).fields["on"].help_text
    assert "工作日" not in SupplementRequestForm(application=under_2008).fields["on"].help_text  # the 2007 text sets none


def test_the_urgency_legend_states_the_installations_setting(client, world, settings):
    client.force_login(world.clerk)
    assert "（5个工作日内）" in client.get(reverse("applications:queue")).content.decode()
    settings.GONGKAI_APPLICATIONS = {"soon_working_days": 3}
    assert "（3个工作日内）" in client.get(reverse("applications:queue")).content.decode()
