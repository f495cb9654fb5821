"""Forms of the clerk's pages; they only parse input, the services decide what is lawful."""

from django import forms

from gongkai.web.applications import rules
from gongkai.web.applications.models import Application

DATE = forms.DateInput(attrs={"type": "date"})


class RegisterForm(forms.Form):
    channel = forms.ChoiceField(label="申请方式", choices=Application.Channel.choices)
    received = forms.DateField(label="收到申请之日", widget=DATE,
                               help_text="；".join(f"{Application.Channel(key).label}：{entry['label']}"
                                                  f"（{entry['article']}）"
                                                  for key, entry in rules.received_date_rules().items()))
    applicant_kind = forms.ChoiceField(label="申请人类型", choices=rules.applicant_kinds)
    name = forms.CharField(label="申请人姓名或者名称", max_length=100)
    id_document = forms.CharField(label="身份证明（证件类型及号码）", max_length=100)
    phone = forms.CharField(label="联系电话", max_length=50, required=False)
    address = forms.CharField(label="通信地址", max_length=200, required=False)
    email = forms.EmailField(label="电子邮箱", required=False)
    description = forms.CharField(label="所需政府信息的名称、文号或者便于行政机关查询的其他特征性描述",
                                  widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
    form_requirements = forms.CharField(label="对政府信息公开的形式要求，包括获取信息的方式、途径",
                                        widget=forms.Textarea(attrs={"rows": 2}), max_length=1000, required=False)

    APPLICANT_FIELDS = ("name", "id_document", "phone", "address", "email")


class ReplyForm(forms.Form):
    replied_on = forms.DateField(label="答复之日", widget=DATE)
    outcome = forms.ChoiceField(label="办理结果", choices=rules.outcome_choices)
    note = forms.CharField(label="说明", widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000)
