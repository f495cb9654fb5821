"""The forms of this app's pages; ``gongkai.web.forms.Form`` cleans their text first."""

from django import forms
from django.utils import timezone

from gongkai.web.engagement.models import AgencyFacts, Meeting, Response
from gongkai.web.forms import Form
from gongkai.web.proactive.models import Item

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ItemPicker(forms.SelectMultiple):
    """The register's items a response interprets: the chosen ones as ticked boxes, and a search of the
    register that adds boxes to tick (htmx, ``engagement:item_search``); the register is never listed
    whole."""

    template_name = "engagement/item_picker.html"

    def optgroups(self, name, value, attrs=None):
        return []

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        chosen = [v for v in value or () if str(v).isdigit()]
        context["chosen"] = Item.objects.filter(pk__in=chosen).order_by("pk") if chosen else []
        return context


def interpretable_items():
    """What a response may interpret: the published items of the register."""
    return Item.objects.filter(status=Item.Status.PUBLISHED)


class ResponseForm(Form):
    topic = forms.CharField(label="回应的热点或舆情", max_length=200,
                            help_text="同一热点或舆情以不同方式回应的，填写相同名称，统计时计1次。",
                            widget=forms.TextInput(attrs={"list": "topics"}))
    way = forms.ChoiceField(label="回应方式", choices=Response.Way.choices)
    on = forms.DateField(label="日期", widget=DATE)
    principal_attended = forms.BooleanField(label="主要负责同志参加", required=False,
                                            help_text="仅新闻发布会和政府网站在线访谈填写。")
    note = forms.CharField(label="说明", max_length=200, required=False)
    items = forms.ModelMultipleChoiceField(
        label="解读的文件", queryset=interpretable_items(), required=False, widget=ItemPicker,
        help_text="政策解读稿件等，检索主动公开信息登记（名称、文号或正文中的词）并勾选所解读的文件。",
        error_messages={"invalid_choice": "所选文件「%(value)s」不在已发布的主动公开信息中。",
                        "invalid_pk_value": "「%(pk)s」不是有效的文件。"})

    def clean_on(self):
        on = self.cleaned_data["on"]
        if on > timezone.localdate():
            raise forms.ValidationError("日期不能晚于今天。")
        return on

    def clean(self):
        data = super().clean()
        if data.get("principal_attended") and data.get("way") not in (None, *Response.WITH_PRINCIPAL):
            self.add_error("principal_attended", "主要负责同志参加仅适用于新闻发布会和政府网站在线访谈。")
        return data

    @classmethod
    def of(cls, response: Response, data=None) -> "ResponseForm":
        return cls(data, initial={"topic": response.topic.title, "way": response.way, "on": response.on,
                                  "principal_attended": response.principal_attended, "note": response.note,
                                  "items": [item.pk for item in response.items.all()]})


class MeetingForm(Form):
    kind = forms.ChoiceField(label="类别", choices=Meeting.Kind.choices)
    title = forms.CharField(label="名称", max_length=200)
    on = forms.DateField(label="日期", widget=DATE)
    attendance = forms.IntegerField(label="参加人次", min_value=0, max_value=1_000_000, required=False,
                                    help_text="培训班必填，计入「接受培训人员数」。")

    clean_on = ResponseForm.clean_on

    def clean(self):
        data = super().clean()
        if data.get("kind") == Meeting.Kind.TRAINING and not data.get("attendance") and "attendance" not in self.errors:
            self.add_error("attendance", "培训班应填写参加人次。")
        if data.get("attendance") is None:
            data["attendance"] = 0
        return data

    @classmethod
    def of(cls, meeting: Meeting, data=None) -> "MeetingForm":
        return cls(data, initial={"kind": meeting.kind, "title": meeting.title, "on": meeting.on,
                                  "attendance": meeting.attendance})


SEPARATORS = ("｜", "|")


class FactsForm(Form):
    offices = forms.IntegerField(label=AgencyFacts._meta.get_field("offices").verbose_name, min_value=0)
    full_time = forms.IntegerField(label=AgencyFacts._meta.get_field("full_time").verbose_name, min_value=0)
    part_time = forms.IntegerField(label=AgencyFacts._meta.get_field("part_time").verbose_name, min_value=0)
    special_funds = forms.DecimalField(label=AgencyFacts._meta.get_field("special_funds").verbose_name,
                                       min_value=0, max_digits=14, decimal_places=4)
    reading_points = forms.CharField(label="政府信息查阅点", required=False, widget=forms.Textarea(attrs={"rows": 4}),
                                     help_text="每行一个：地址｜开放时间，例如「新华大街100号政务大厅｜工作日9:00—17:00」。")

    def clean_reading_points(self):
        points = []
        for number, line in enumerate(self.cleaned_data["reading_points"].splitlines(), 1):
            if not line.strip():
                continue
            separator = next((each for each in SEPARATORS if each in line), None)
            address, hours = (part.strip() for part in line.split(separator, 1)) if separator else (line, "")
            if not address or not hours:
                raise forms.ValidationError(f"政府信息查阅点第{number}行应为「地址｜开放时间」。")
            if len(address) > 200 or len(hours) > 100:
                raise forms.ValidationError(f"政府信息查阅点第{number}行过长（地址至多200字，开放时间至多100字）。")
            points.append((address, hours))
        return points

    @classmethod
    def of(cls, facts: AgencyFacts | None, data=None) -> "FactsForm":
        if facts is None:
            return cls(data)
        lines = "\n".join(f"{point.address}｜{point.opening_hours}" for point in facts.reading_points.all())
        return cls(data, initial={"offices": facts.offices, "full_time": facts.full_time,
                                  "part_time": facts.part_time, "special_funds": facts.special_funds.normalize(),
                                  "reading_points": lines})
