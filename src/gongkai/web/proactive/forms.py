"""Forms of the register's pages: they parse what was typed (its text normalised, or refused, by the
platform's ``Form``); ``services.check`` decides what is lawful and names the field."""

from django import forms

from gongkai.errors import InputError
from gongkai.text import clean_text
from gongkai.web.agencies.models import Agency
from gongkai.web.forms import Form
from gongkai.web.proactive import rules, services
from gongkai.web.proactive.imports import COLUMNS
from gongkai.web.proactive.models import Category, Genre, Item

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _detail_field(key: str) -> str:
    return f"channel_{key}_{rules.channels()[key]['detail']}"


class ItemForm(Form):
    title = forms.CharField(label="信息名称", max_length=300)
    category = forms.ModelChoiceField(label="主题分类", queryset=Category.objects.none())
    genre = forms.ModelChoiceField(label="体裁", queryset=Genre.objects.none(), required=False)
    document_number = forms.CharField(label="文号", max_length=100, required=False, help_text="如 九政发〔2015〕3号")
    document_date = forms.DateField(label="成文日期", widget=DATE, required=False)
    formed_on = forms.DateField(label="生成日期", widget=DATE,
                                help_text="政府信息形成或者变更之日；" + rules.timeliness()["wording"])
    published_on = forms.DateField(label="发布日期", widget=DATE, required=False, help_text="空白：发布时取当日")
    joint_agencies = forms.ModelMultipleChoiceField(label="联合发文机关", queryset=Agency.objects.none(),
                                                    required=False)
    summary = forms.CharField(label="内容概述", max_length=500, required=False)
    body = forms.CharField(label="正文", widget=forms.Textarea(attrs={"rows": 8}), required=False)
    attachment = forms.FileField(label="附件", required=False,
                                 help_text="、".join(t["label"] for t in rules.attachment_types().values())
                                 + f"，不超过 {rules.attachment_max_bytes() // 1048576} MB")
    normative_kind = forms.ChoiceField(label="规章或规范性文件", choices=Item.NormativeKind.choices, required=False)
    validity = forms.ChoiceField(label="效力状态", choices=[("", "—"), *Item.Validity.choices], required=False)
    effective_on = forms.DateField(label="施行日期", widget=DATE, required=False)
    invalid_on = forms.DateField(label="失效或废止日期", widget=DATE, required=False)
    repealed_by = forms.CharField(label="废止文件的索引号", max_length=80, required=False)

    def __init__(self, *args, agency: Agency, item: Item | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.agency, self.item = agency, item
        categories = Category.objects.filter(parent__isnull=False)
        self.fields["category"].queryset = categories.filter(active=True) | categories.filter(
            pk=item.category_id if item else None)
        self.fields["genre"].queryset = Genre.objects.filter(active=True)
        self.fields["joint_agencies"].queryset = Agency.objects.exclude(pk=agency.pk)
        for key, entry in rules.channels().items():
            self.fields[f"channel_{key}"] = forms.BooleanField(label=entry["label"], required=False)
            self.fields[f"channel_{key}_on"] = forms.DateField(label=f"{entry['label']}公开日期", widget=DATE,
                                                                required=False)
            if entry.get("detail"):
                self.fields[_detail_field(key)] = forms.CharField(
                    label=f"{entry['label']}{entry['detail_label']}", max_length=500, required=False)
        for name, field in self.fields.items():
            if name.startswith("channel_") and not isinstance(field, forms.BooleanField):
                field.widget.attrs["aria-label"] = field.label  # in the channels table, without a <label>
        self.channel_rows = [(entry["label"], self[f"channel_{key}"], self[f"channel_{key}_on"],
                              self[_detail_field(key)] if entry.get("detail") else None)
                             for key, entry in rules.channels().items()]

    def clean(self):
        data = super().clean()
        for name, value in data.items():
            if isinstance(value, str) and name != "body":
                data[name] = " ".join(value.split())  # one-line fields: no line breaks, no doubled spaces
        number = data.get("repealed_by")
        if number:
            found = Item.objects.filter(index_number=number).first()
            if found is None:
                self.add_error("repealed_by", f"没有索引号为「{number}」的信息。")
            data["repealed_by"] = found
        else:
            data["repealed_by"] = None
        return data

    def to_data(self) -> services.ItemData:
        data = self.cleaned_data
        channels = {}
        for key, entry in rules.channels().items():
            if data.get(f"channel_{key}"):
                detail = {entry["detail"]: data.get(_detail_field(key), "")} if entry.get("detail") else {}
                channels[key] = {"published_on": data.get(f"channel_{key}_on") or data.get("published_on"),
                                 "gazette_issue": "", "url": "", **detail}
        return services.ItemData(
            **{name: data.get(name) for name in services.FIELDS if name in self.fields},
            joint_agencies=list(data.get("joint_agencies") or []), channels=channels)

    def add_service_errors(self, errors: dict) -> None:
        for name, message in errors.items():
            self.add_error(name if name in self.fields else None, message)

    @classmethod
    def initial_for(cls, item: Item) -> dict:
        data = services.data_of(item)
        initial = {name: getattr(data, name) for name in services.FIELDS}
        initial["repealed_by"] = item.repealed_by.index_number if item.repealed_by else ""
        initial["joint_agencies"] = data.joint_agencies
        for key, entry in data.channels.items():
            initial[f"channel_{key}"] = True
            initial[f"channel_{key}_on"] = entry["published_on"]
            detail = rules.channels()[key].get("detail")
            if detail:
                initial[_detail_field(key)] = entry[detail]
        return initial


class WithdrawForm(Form):
    reason = forms.CharField(label="撤回原因", max_length=300)


class UploadForm(Form):
    file = forms.FileField(label="内容管理系统导出的 CSV 或 XLSX 文件")


class MappingForm(Form):
    """Field → the column it is read from (the file's headers as choices)."""

    def __init__(self, *args, columns: list[str], initial_mapping: dict[str, int], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "（不导入）"), *((str(i), header or f"第{i + 1}列") for i, header in enumerate(columns))]
        for name, (label, _) in COLUMNS.items():
            self.fields[name] = forms.ChoiceField(label=label, choices=choices, required=False,
                                                  initial=str(initial_mapping[name]) if name in initial_mapping else "")

    def mapping(self) -> dict[str, int]:
        return {name: int(value) for name, value in self.cleaned_data.items() if value != ""}


def _name(form: forms.ModelForm) -> str:
    """A taxonomy name through the platform's text normalisation (these forms are model forms)."""
    field = form.fields["name"]
    try:
        return clean_text(form.cleaned_data["name"], str(field.label)).strip()
    except InputError as error:
        raise forms.ValidationError(f"{field.label}{error.message}。") from None


class CategoryForm(forms.ModelForm):
    class Meta:
        model = Category
        fields = ["code", "name", "parent", "active"]

    def clean_name(self):
        return _name(self)


class GenreForm(forms.ModelForm):
    class Meta:
        model = Genre
        fields = ["code", "name", "active"]

    def clean_name(self):
        return _name(self)


class GuideForm(Form):
    text = forms.CharField(label="指南正文", widget=forms.Textarea(attrs={"rows": 18}))


class GuideReviewForm(Form):
    comment = forms.CharField(label="审核意见", max_length=500, required=False)
