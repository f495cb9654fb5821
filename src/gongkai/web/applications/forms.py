"""Forms of the clerk's pages; they only parse input, the services decide what is lawful."""

import re
import secrets

from django import forms
from django.core import signing

from gongkai.web.agencies.models import Agency
from gongkai.web.applications import rules
from gongkai.web.applications.models import (
    TRACKING_ALPHABET,
    TRACKING_LENGTH,
    Application,
    Reply,
    ReviewCase,
    pause_kinds,
)
from gongkai.web.applications.rules import fee_methods
from gongkai.web.applications.services import FEE_PAUSE
from gongkai.web.forms import Form

# <input type="date"> takes only ISO dates; the locale's format (2026/12/03 in Chinese) would show blank.
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RegisterForm(Form):
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

    def service_arguments(self) -> dict:
        """The keyword arguments of ``services.register`` besides the agency and the user."""
        data = self.cleaned_data
        return {"channel": data["channel"], "received": data["received"], "applicant_kind": data["applicant_kind"],
                "description": data["description"], "form_requirements": data["form_requirements"],
                "applicant": {name: data[name] for name in self.APPLICANT_FIELDS}}


# ---------------------------------------------------------------- the public online form (网络申请)

ID_CARD = "居民身份证"
CREDIT_CODE = "统一社会信用代码"
ID_TYPES = [ID_CARD, CREDIT_CODE, "护照", "港澳居民来往内地通行证", "台湾居民来往大陆通行证", "其他身份证明"]
MEDIA = ["纸质文本", "电子文档"]
DELIVERY = {"邮寄": "address", "电子邮件": "email", "当面领取": None}  # a way of delivery and what it needs
TOKEN_SIGNER = signing.Signer(salt="gongkai.applications.online-form")
ID_CARD_PATTERN = re.compile(r"\d{17}[\dX]")
ID_CARD_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
OTHER_ID_PATTERN = re.compile(r"[0-9A-Z()（）\-]{5,30}")
PHONE_PATTERN = re.compile(r"\+?[0-9][0-9\- ]{5,18}[0-9]")


def new_form_token() -> str:
    return TOKEN_SIGNER.sign(secrets.token_urlsafe(16))


def valid_id_card(number: str) -> bool:
    """GB 11643-1999: 18 characters, the last a check digit (ISO 7064 MOD 11-2)."""
    if not ID_CARD_PATTERN.fullmatch(number):
        return False
    check = (12 - sum(int(digit) * weight for digit, weight in zip(number, ID_CARD_WEIGHTS, strict=False)) % 11) % 11
    return number[-1] == ("X" if check == 10 else str(check))


def valid_credit_code(code: str) -> bool:
    """GB 32100-2015: 18 characters of the code's alphabet, the last a check character (MOD 31)."""
    if len(code) != 18 or any(char not in CREDIT_CODE_ALPHABET for char in code):
        return False
    total = sum(CREDIT_CODE_ALPHABET.index(char) * weight for char, weight in zip(code, CREDIT_CODE_WEIGHTS,
                                                                                  strict=False))
    return code[-1] == CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


class OnlineApplicationForm(Form):
    """第二十九条: who applies (name, proof of identity, contact details), what is sought, in what form."""

    form_token = forms.CharField(widget=forms.HiddenInput, max_length=100)
    applicant_kind = forms.ChoiceField(label="申请人类型", choices=rules.applicant_kinds)
    name = forms.CharField(label="申请人的姓名或者名称", max_length=100)
    id_type = forms.ChoiceField(label="身份证明类型", choices=[(kind, kind) for kind in ID_TYPES])
    id_number = forms.CharField(label="证件号码", max_length=30,
                                help_text="自然人填写身份证件号码，法人或者其他组织填写统一社会信用代码。")
    phone = forms.CharField(label="联系电话", max_length=20, required=False)
    email = forms.EmailField(label="电子邮箱", max_length=100, required=False)
    address = forms.CharField(label="通信地址", max_length=200, required=False)
    description = forms.CharField(label="申请公开的政府信息的名称、文号或者便于行政机关查询的其他特征性描述",
                                  widget=forms.Textarea(attrs={"rows": 5}), min_length=5, max_length=2000)
    medium = forms.ChoiceField(label="提供政府信息的形式", choices=[(medium, medium) for medium in MEDIA])
    delivery = forms.ChoiceField(label="获取信息的方式、途径", choices=[(way, way) for way in DELIVERY])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The public reads these: plain sentences naming the field, not Django's generic wording.
        for field in self.fields.values():
            label = field.label or "表单"
            field.error_messages.update({
                "required": f"请{'选择' if isinstance(field, forms.ChoiceField) else '填写'}{label}。",
                "invalid_choice": f"请从列表中选择{label}。",
                "max_length": f"{label}不得超过%(limit_value)d个字符（现为%(show_value)d个）。",
                "min_length": f"{label}至少应有%(limit_value)d个字符（现为%(show_value)d个）。",
                "invalid": f"{label}格式不正确。",
            })

    def clean_form_token(self) -> str:
        try:
            return TOKEN_SIGNER.unsign(self.cleaned_data["form_token"])
        except signing.BadSignature:
            raise forms.ValidationError("表单已失效，请重新提交。") from None

    def clean_id_number(self) -> str:
        return self.cleaned_data["id_number"].strip().upper().replace(" ", "")

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        if phone and not PHONE_PATTERN.fullmatch(phone):
            raise forms.ValidationError("联系电话格式不正确，请填写手机号码或者带区号的固定电话号码。")
        return phone

    def clean(self):
        data = super().clean()
        id_type, number = data.get("id_type"), data.get("id_number")
        if id_type and number:
            if id_type == ID_CARD and not valid_id_card(number):
                self.add_error("id_number", "居民身份证号码应为18位，且校验位正确。")
            elif id_type == CREDIT_CODE and not valid_credit_code(number):
                self.add_error("id_number", "统一社会信用代码应为18位，且校验位正确。")
            elif id_type not in (ID_CARD, CREDIT_CODE) and not OTHER_ID_PATTERN.fullmatch(number):
                self.add_error("id_number", "证件号码应为5至30位字母、数字。")
        needed = DELIVERY.get(data.get("delivery"))
        if needed and not data.get(needed):
            self.add_error(needed, f"选择{data['delivery']}的，请填写{self.fields[needed].label}。")
        return data

    def service_arguments(self) -> dict:
        """The keyword arguments of ``services.apply_online``."""
        data = self.cleaned_data
        return {
            "form_token": data["form_token"], "applicant_kind": data["applicant_kind"],
            "description": data["description"],
            "form_requirements": f"提供形式：{data['medium']}；获取方式：{data['delivery']}",
            "applicant": {"name": data["name"], "id_document": f"{data['id_type']} {data['id_number']}",
                          "phone": data["phone"], "email": data["email"], "address": data["address"]},
        }


class TrackingForm(Form):
    code = forms.CharField(label="查询码", max_length=40)

    def clean_code(self) -> str:
        # Read out over the phone or copied with spaces and dashes: compare the characters alone.
        code = "".join(char for char in self.cleaned_data["code"].upper() if char.isalnum())
        if len(code) != TRACKING_LENGTH or any(char not in TRACKING_ALPHABET for char in code):
            raise forms.ValidationError(f"查询码为{TRACKING_LENGTH}位字母和数字，请核对后重新输入。")
        return code


# ---------------------------------------------------------------- the clerk's steps on an application


class StepForm(Form):
    """The form of one step of the procedure (``steps.STEPS`` names the step, its statuses and service).
    ``offered``: whether the application's records leave anything to do (its status aside);
    ``arguments``: the service's keyword arguments."""

    def __init__(self, *args, application: Application, **kwargs):
        self.application = application
        super().__init__(*args, **kwargs)

    @classmethod
    def offered(cls, application: Application) -> bool:
        return True

    def arguments(self) -> dict:
        return self.cleaned_data


def statute(limit) -> str:
    """A limit of the application's Regulation in the statute's words, with its article."""
    return f"{limit.wording}（{limit.article}）。"


class SupplementRequestForm(StepForm):
    on = forms.DateField(label="补正告知之日", widget=DATE)
    applicant_due = forms.DateField(label="补正期限", widget=DATE, help_text="行政机关给予申请人补正的合理期限。")
    items = forms.CharField(label="需要补正的事项", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = self.application.regulation.limits.get("supplement_request")
        self.fields["on"].help_text = statute(limit) if limit else "应当一次性告知申请人作出更改、补充。"


class SupplementReceivedForm(StepForm):
    on = forms.DateField(label="收到补正申请之日", widget=DATE, help_text="答复期限自此日起重新计算（第三十条）。")


class AbandonForm(StepForm):
    on = forms.DateField(label="终止办理之日", widget=DATE,
                         help_text="申请人无正当理由逾期不补正的，视为放弃申请，行政机关不再处理该政府信息公开申请（第三十条）。")


class ConsultationStartForm(StepForm):
    kind = forms.ChoiceField(label="事由",
                             choices=[(kind, label) for kind, label in pause_kinds() if kind != FEE_PAUSE])
    on = forms.DateField(label="征求意见之日", widget=DATE,
                         help_text="征求第三方和其他机关意见所需时间不计算在答复期限内（第三十三条第三款）。")
    party = forms.CharField(label="征求意见对象", max_length=200)


class ConsultationEndForm(StepForm):
    on = forms.DateField(label="收到意见之日", widget=DATE,
                         help_text="第三方逾期未提出意见的，由行政机关依照条例的规定决定是否公开（第三十二条）。")
    note = forms.CharField(label="意见摘要", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False)


class ExtensionForm(StepForm):
    on = forms.DateField(label="延期决定之日", widget=DATE)
    approver = forms.CharField(label="同意延期的政府信息公开工作机构负责人", max_length=50)
    notified_on = forms.DateField(label="告知申请人之日", widget=DATE)
    reason = forms.CharField(label="延期理由", widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].help_text = statute(self.application.regulation.limits["extension"])

    @classmethod
    def offered(cls, application: Application) -> bool:
        return application.extended_on is None


class FeeNoticeForm(StepForm):
    issued_on = forms.DateField(label="发出收费通知之日", widget=DATE)
    method = forms.ChoiceField(label="计收方式", choices=[(key, method.label) for key, method in fee_methods().items()],
                               widget=forms.RadioSelect,
                               help_text="按件计收或者按量计收，同一件申请只能选择其中一种方式（国办函〔2020〕109号）。")
    quantity = forms.IntegerField(label="计费数量", min_value=1, max_value=1_000_000,
                                  help_text="；".join(f"{method.label}：{method.quantity_label}"
                                                     for method in fee_methods().values()))

    @classmethod
    def offered(cls, application: Application) -> bool:
        return not hasattr(application, "fee_notice")

    def arguments(self) -> dict:
        data = self.cleaned_data
        return {"issued_on": data["issued_on"], data["method"]: data["quantity"]}


class FeePaidForm(StepForm):
    on = forms.DateField(label="缴费之日", widget=DATE)


class FeeUnpaidForm(StepForm):
    on = forms.DateField(label="终止办理之日", widget=DATE,
                         help_text="申请人逾期未按收费通知要求缴纳费用的，行政机关不再处理其政府信息公开申请（其他处理）。")


class ReplyForm(StepForm):
    replied_on = forms.DateField(label="答复之日", widget=DATE)
    outcome = forms.ChoiceField(label="办理结果", choices=rules.reply_outcome_choices)
    note = forms.CharField(label="答复内容", widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5000,
                           help_text="申请人以查询码查询时可见。")
    costs = forms.DecimalField(label=Reply._meta.get_field("costs").verbose_name, min_value=0, max_digits=12,
                               decimal_places=2, required=False)

    def __init__(self, *args, application: Application, **kwargs):
        super().__init__(*args, application=application, **kwargs)
        if rules.charges_costs(application.regulation.key):
            self.fields["costs"].help_text = f"依{rules.costs_article()}收取的，填写金额；未收取的不填。"
        else:  # the 2019 Regulation charges only the processing fee (the fee notice step)
            del self.fields["costs"]

    def arguments(self) -> dict:
        data = dict(self.cleaned_data)
        if data.get("costs") is None:
            data.pop("costs", None)
        return data


class ReviewForm(StepForm):
    kind = forms.ChoiceField(label="类别", choices=ReviewCase.Kind.choices)
    filed_on = forms.DateField(label="申请复议或起诉之日", widget=DATE)
    body = forms.CharField(label="复议机关或人民法院", max_length=100)
    review_organ = forms.ModelChoiceField(label="作共同被告的复议机关", queryset=Agency.objects.order_by("pk"),
                                          required=False, help_text="仅复议后起诉、复议机关作共同被告的案件填写。")

    def __init__(self, *args, application: Application, **kwargs):
        super().__init__(*args, application=application, **kwargs)
        # Only the organs that may review this agency's act (rules.yaml, review_organs).
        organs = [organ.pk for organ in rules.review_organs(application.agency)]
        self.fields["review_organ"].queryset = Agency.objects.filter(pk__in=organs).order_by("pk")


class ReviewDecisionForm(StepForm):
    case = forms.ModelChoiceField(label="案件", queryset=ReviewCase.objects.none())
    decided_on = forms.DateField(label="决定或裁判之日", widget=DATE)
    decision = forms.ChoiceField(label="决定或裁判结果", choices=rules.decision_choices)

    def __init__(self, *args, application: Application, **kwargs):
        super().__init__(*args, application=application, **kwargs)
        self.fields["case"].queryset = application.review_cases.filter(decided_on__isnull=True)

    @classmethod
    def offered(cls, application: Application) -> bool:
        return application.review_cases.filter(decided_on__isnull=True).exists()
