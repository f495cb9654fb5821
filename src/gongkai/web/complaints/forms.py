"""The forms of the complaint pages; ``gongkai.web.forms.Form`` cleans their text first. The services
check again what the law or the record's state refuses."""

from django import forms

from gongkai.web.agencies.models import Agency
from gongkai.web.complaints import rules, services
from gongkai.web.complaints.models import ComplainantDetails, Complaint, ComplaintEvent
from gongkai.web.forms import Form

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _label(model, name: str) -> str:
    return model._meta.get_field(name).verbose_name


class RegisterForm(Form):
    received = forms.DateField(label=_label(Complaint, "received"), widget=DATE)
    channel = forms.ChoiceField(label=_label(Complaint, "channel"), choices=Complaint.Channel.choices)
    about = forms.ModelChoiceField(label=_label(Complaint, "about"), queryset=Agency.objects.none())
    content = forms.CharField(label=_label(Complaint, "content"), widget=forms.Textarea(attrs={"rows": 4}),
                              max_length=5000)
    name = forms.CharField(label=_label(ComplainantDetails, "name"), max_length=100, required=False,
                           help_text="匿名举报投诉的，可不填。")
    phone = forms.CharField(label=_label(ComplainantDetails, "phone"), max_length=50, required=False)
    address = forms.CharField(label=_label(ComplainantDetails, "address"), max_length=200, required=False)

    def __init__(self, *args, agency: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["about"].queryset = services.about_choices(agency)
        self.fields["about"].initial = agency.pk


class StepForm(Form):
    prefix = "step"  # beside the closure on one page: each field's id once
    kind = forms.ChoiceField(label="办理步骤", choices=[(kind.value, kind.label) for kind in ComplaintEvent.STEPS])
    on = forms.DateField(label="日期", widget=DATE)
    note = forms.CharField(label="说明", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class CloseForm(Form):
    prefix = "close"
    on = forms.DateField(label="办结之日", widget=DATE)
    outcome = forms.ChoiceField(label=_label(Complaint, "outcome"), choices=rules.outcome_choices)
    result = forms.CharField(label=_label(Complaint, "result"), widget=forms.Textarea(attrs={"rows": 3}),
                             max_length=5000, help_text="调查核实的情况、处理意见和告知举报投诉人的情况。")
